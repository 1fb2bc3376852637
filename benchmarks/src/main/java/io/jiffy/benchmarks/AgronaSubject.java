package io.jiffy.benchmarks;

import java.util.concurrent.TimeUnit;

import org.agrona.DeadlineTimerWheel;

/**
 * Agrona's {@link DeadlineTimerWheel} in nanoseconds with a 2^20 ns (1.05 ms) tick and 512 ticks
 * per wheel, on a time the caller supplies (virtual time). Arm is {@code scheduleTimer(now +
 * delay)} returning a timer id, cancel is {@code cancelTimer(id)}; Agrona has no re-arm, so mod
 * is cancel + schedule. Expiry: {@code poll(now, handler, limit)} until all fired (it walks one
 * tick per call). The wheel's array is ticksPerWheel x the busiest tick's capacity (doubling).
 */
final class AgronaSubject extends Subject {

    private final DeadlineTimerWheel wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, 0, 1L << 20, 512);
    private long now;
    private long[] background = new long[0];
    private long[] ops;
    private long[] opDelays;
    private long[] modDelays;
    private long fired;
    private final DeadlineTimerWheel.TimerHandler counting = (unit, time, id) -> {
        fired++;
        return true;
    };

    AgronaSubject() {
        super(0);
    }

    @Override
    public boolean realTime() {
        return false;
    }

    @Override
    public void reserve(int n) {
        background = new long[n];
    }

    @Override
    public void armBackground(int n, Delays d) {
        for (int i = 0; i < n; i++) {
            background[i] = wheel.scheduleTimer(now + d.next());
        }
    }

    @Override
    public void prepareArmCancel(Delays d) {
        opDelays = delays(d, OPS);
        ops = new long[OPS];
    }

    @Override
    public void prepareMod(Delays armed, Delays rearm) {
        prepareArmCancel(armed);
        for (int i = 0; i < OPS; i++) {
            ops[i] = wheel.scheduleTimer(now + opDelays[i]);
        }
        modDelays = delays(rearm, OPS);
    }

    @Override
    public boolean armCancel(int c) {
        long id = wheel.scheduleTimer(now + opDelays[c & OPS_MASK]);
        return wheel.cancelTimer(id);
    }

    @Override
    public boolean mod(int c) {
        int i = c & OPS_MASK;
        boolean was = wheel.cancelTimer(ops[i]);
        ops[i] = wheel.scheduleTimer(now + modDelays[modDelay(c)]);
        return was;
    }

    @Override
    public long expire(int n) {
        long res = wheel.tickResolution();
        long deadline = now + res;
        for (int i = 0; i < n; i++) {
            wheel.scheduleTimer(deadline);
        }
        now = deadline + res;
        fired = 0;
        long t0 = System.nanoTime();
        while (fired < n) {
            wheel.poll(now, counting, Integer.MAX_VALUE);
        }
        return System.nanoTime() - t0;
    }

    @Override
    public void close() {
        wheel.clear();
    }
}
