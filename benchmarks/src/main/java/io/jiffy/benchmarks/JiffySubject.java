package io.jiffy.benchmarks;

import io.jiffy.clockevent.TickMode;
import io.jiffy.timer.Timer;
import io.jiffy.timer.TimerFunction;
import io.jiffy.timer.TimerWheel;

/**
 * Jiffy's timer wheel in virtual time: a one-CPU {@link JiffySystem} at HZ 250 (periodic tick).
 * Arm is {@link Timer#add} at {@code jiffies() + delay}, cancel is {@link Timer#del}, re-arm is
 * {@link Timer#mod}; timers are made once with {@code newTimer} and reused, as kernel code
 * embeds its {@code timer_list}. Expiry: {@code machine.advance(one jiffy)} runs the tick
 * interrupt, the softirq and every callback on the caller's thread.
 */
final class JiffySubject extends Subject {

    private static final TimerFunction NOP = t -> { };

    private final JiffySystem system = new JiffySystem(true, 1, 250, TickMode.PERIODIC);
    private final TimerWheel wheel = system.wheel;
    private Timer[] background = new Timer[0];
    private Timer[] ops;
    private long[] opJiffies;
    private long[] modJiffies;
    private Timer[] due = new Timer[0];
    private long fired;

    JiffySubject() {
        super(0);
    }

    @Override
    public boolean realTime() {
        return false;
    }

    @Override
    public void reserve(int n) {
        background = new Timer[n];
    }

    @Override
    public void armBackground(int n, Delays d) {
        for (int i = 0; i < n; i++) {
            Timer t = wheel.newTimer(NOP, 0);
            t.add(wheel.jiffies() + wheel.nsecsToJiffies(d.next()));
            background[i] = t;
        }
    }

    @Override
    public void prepareArmCancel(Delays d) {
        ops = new Timer[OPS];
        opJiffies = new long[OPS];
        for (int i = 0; i < OPS; i++) {
            ops[i] = wheel.newTimer(NOP, 0);
            opJiffies[i] = wheel.nsecsToJiffies(d.next());
        }
    }

    @Override
    public void prepareMod(Delays armed, Delays rearm) {
        prepareArmCancel(armed);
        for (int i = 0; i < OPS; i++) {
            ops[i].add(wheel.jiffies() + opJiffies[i]);
        }
        modJiffies = new long[OPS];
        for (int i = 0; i < OPS; i++) {
            modJiffies[i] = wheel.nsecsToJiffies(rearm.next());
        }
    }

    @Override
    public boolean armCancel(int c) {
        int i = c & OPS_MASK;
        Timer t = ops[i];
        t.add(wheel.jiffies() + opJiffies[i]);
        return t.del();
    }

    @Override
    public boolean mod(int c) {
        return ops[c & OPS_MASK].mod(wheel.jiffies() + modJiffies[modDelay(c)]);
    }

    @Override
    public long expire(int n) {
        if (due.length != n) {
            due = new Timer[n];
            TimerFunction count = t -> fired++;
            for (int i = 0; i < n; i++) {
                due[i] = wheel.newTimer(count, 0);
            }
        }
        long j = wheel.jiffies();
        for (Timer t : due) {
            t.add(j + 1);
        }
        fired = 0;
        long t0 = System.nanoTime();
        for (int k = 0; k < 4 && fired < n; k++) {
            system.machine.advance(system.tickNanos());
        }
        long t1 = System.nanoTime();
        if (fired != n) {
            throw new IllegalStateException("jiffy: " + fired + " of " + n + " timers fired");
        }
        return t1 - t0;
    }

    @Override
    public void close() {
        system.close();
    }
}
