package io.jiffy.benchmarks;

import java.util.concurrent.TimeUnit;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;

/**
 * Netty's {@link HashedWheelTimer} with a 1 ms tick and 512 buckets; its worker thread runs on
 * real time. Arm is {@code newTimeout(task, delay)} (one shared task), cancel is
 * {@link Timeout#cancel()}; Netty has no re-arm, so mod is cancel + newTimeout. The worker
 * moves new timeouts into buckets (at most 100,000 per tick) and removes cancelled ones on its
 * own thread: that work is not on the measured thread.
 */
final class NettySubject extends Subject {

    private static final TimerTask NOP = t -> { };

    private final HashedWheelTimer timer =
            new HashedWheelTimer(daemon("netty-timer"), 1, TimeUnit.MILLISECONDS, 512);
    private Timeout[] background = new Timeout[0];
    private Timeout[] ops;
    private long[] opDelays;
    private long[] modDelays;

    // expire
    private final TimerTask counting = t -> fired();
    private volatile long fired;
    private long target;
    private volatile long first;
    private volatile long last;
    private long lead = 1_000_000_000L;
    private long deadlineToLast = -1;

    NettySubject(long offsetNanos) {
        super(offsetNanos);
        timer.start();
    }

    @Override
    public boolean realTime() {
        return true;
    }

    @Override
    public void reserve(int n) {
        background = new Timeout[n];
    }

    @Override
    public void armBackground(int n, Delays d) {
        for (int i = 0; i < n; i++) {
            background[i] = timer.newTimeout(NOP, offsetNanos + d.next(), TimeUnit.NANOSECONDS);
        }
    }

    /** Waits until the worker has moved n queued timeouts into buckets (it takes 100,000 per 1 ms tick). */
    void settle(int n) throws InterruptedException {
        Thread.sleep(50 + n / 100_000 * 2L);
    }

    @Override
    public void prepareArmCancel(Delays d) {
        opDelays = delays(d, OPS);
        ops = new Timeout[OPS];
    }

    @Override
    public void prepareMod(Delays armed, Delays rearm) {
        prepareArmCancel(armed);
        for (int i = 0; i < OPS; i++) {
            ops[i] = timer.newTimeout(NOP, offsetNanos + opDelays[i], TimeUnit.NANOSECONDS);
        }
        modDelays = delays(rearm, OPS);
    }

    @Override
    public boolean armCancel(int c) {
        Timeout t = timer.newTimeout(NOP, offsetNanos + opDelays[c & OPS_MASK], TimeUnit.NANOSECONDS);
        return t.cancel();
    }

    @Override
    public boolean mod(int c) {
        int i = c & OPS_MASK;
        boolean was = ops[i].cancel();
        ops[i] = timer.newTimeout(NOP, offsetNanos + modDelays[modDelay(c)], TimeUnit.NANOSECONDS);
        return was;
    }

    private void fired() {
        long f = fired + 1; // one writer: the worker thread
        if (f == 1) {
            first = System.nanoTime();
        }
        if (f == target) {
            last = System.nanoTime();
        }
        fired = f; // published last: whoever sees the count sees first and last
    }

    @Override
    public long expire(int n) throws InterruptedException {
        target = n;
        fired = 0;
        long start = System.nanoTime();
        long deadline = start + lead;
        for (int i = 0; i < n; i++) {
            timer.newTimeout(counting, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        long armed = System.nanoTime() - start;
        lead = Math.max(20_000_000L, 3 * armed + 20_000_000L + n / 100_000 * 1_000_000L);
        await(() -> fired == n, 120_000_000_000L, "netty: " + n + " timeouts");
        deadlineToLast = last - deadline;
        return n > 1 ? (last - first) * n / (n - 1) : last - deadline;
    }

    @Override
    public long lastDeadlineToLastNanos() {
        return deadlineToLast;
    }

    @Override
    public void close() {
        timer.stop();
    }
}
