package io.jiffy.benchmarks;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@link ScheduledThreadPoolExecutor} with one thread and {@code removeOnCancel}
 * (a binary heap of ScheduledFutureTasks ordered by time). Arm is {@code schedule(task, delay)}
 * (one shared Runnable), cancel is {@code future.cancel(false)} (removes it from the heap); the
 * JDK has no re-arm, so mod is cancel + schedule. Timers run on the pool's thread.
 */
final class StpeSubject extends Subject {

    private static final Runnable NOP = () -> { };

    private final ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, daemon("stpe-timer"));
    private ScheduledFuture<?>[] background = new ScheduledFuture<?>[0];
    private ScheduledFuture<?>[] ops;
    private long[] opDelays;
    private long[] modDelays;

    private final Runnable counting = this::fired;
    private volatile long fired;
    private long target;
    private volatile long first;
    private volatile long last;
    private long lead = 1_000_000_000L;
    private long deadlineToLast = -1;

    StpeSubject(long offsetNanos) {
        super(offsetNanos);
        pool.setRemoveOnCancelPolicy(true);
        pool.prestartAllCoreThreads();
    }

    @Override
    public boolean realTime() {
        return true;
    }

    @Override
    public void reserve(int n) {
        background = new ScheduledFuture<?>[n];
    }

    @Override
    public void armBackground(int n, Delays d) {
        for (int i = 0; i < n; i++) {
            background[i] = pool.schedule(NOP, offsetNanos + d.next(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void prepareArmCancel(Delays d) {
        opDelays = delays(d, OPS);
        ops = new ScheduledFuture<?>[OPS];
    }

    @Override
    public void prepareMod(Delays armed, Delays rearm) {
        prepareArmCancel(armed);
        for (int i = 0; i < OPS; i++) {
            ops[i] = pool.schedule(NOP, offsetNanos + opDelays[i], TimeUnit.NANOSECONDS);
        }
        modDelays = delays(rearm, OPS);
    }

    @Override
    public boolean armCancel(int c) {
        ScheduledFuture<?> f = pool.schedule(NOP, offsetNanos + opDelays[c & OPS_MASK], TimeUnit.NANOSECONDS);
        return f.cancel(false);
    }

    @Override
    public boolean mod(int c) {
        int i = c & OPS_MASK;
        boolean was = ops[i].cancel(false);
        ops[i] = pool.schedule(NOP, offsetNanos + modDelays[modDelay(c)], TimeUnit.NANOSECONDS);
        return was;
    }

    private void fired() {
        long f = fired + 1; // one writer: the pool's single thread
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
            pool.schedule(counting, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        long armed = System.nanoTime() - start;
        lead = Math.max(20_000_000L, 3 * armed + 20_000_000L);
        await(() -> fired == n, 120_000_000_000L, "stpe: " + n + " tasks");
        deadlineToLast = last - deadline;
        return n > 1 ? (last - first) * n / (n - 1) : last - deadline;
    }

    @Override
    public long lastDeadlineToLastNanos() {
        return deadlineToLast;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
