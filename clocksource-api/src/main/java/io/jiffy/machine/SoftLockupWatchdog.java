package io.jiffy.machine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The kernel's softlockup detector ({@code watchdog_timer_fn}) for a subsystem that runs callbacks
 * on the machine's CPUs, such as the timer wheel or the hook chain: one daemon thread that, every
 * half threshold of host wall time, hands {@link System#nanoTime()} to the subsystem's sampler. The
 * sampler compares what each CPU runs now with what it ran at the previous samples and reports a
 * callback still running after the threshold; the hot path only records what it runs.
 *
 * <p>Thresholds come from a framework (or system) property holding whole milliseconds, 0 = off,
 * default {@value #DEFAULT_MILLIS}; see {@link #thresholdNanos(String, String, Consumer)}.
 */
public final class SoftLockupWatchdog {

    /** The threshold when the property is absent or invalid. */
    public static final long DEFAULT_MILLIS = 1_000;

    /**
     * The threshold in nanoseconds read from the value of {@code property}; an invalid value gives
     * {@code invalid} one line saying what is accepted, and the default.
     */
    public static long thresholdNanos(String property, String value, Consumer<String> invalid) {
        if (value == null || value.isBlank()) {
            return TimeUnit.MILLISECONDS.toNanos(DEFAULT_MILLIS);
        }
        try {
            long ms = Long.parseLong(value.strip());
            if (ms >= 0 && ms <= TimeUnit.DAYS.toMillis(1)) {
                return TimeUnit.MILLISECONDS.toNanos(ms);
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        invalid.accept(property + " must be a whole number of milliseconds from 0 (detection off) to 86400000, got '"
                + value.strip() + "'; using " + DEFAULT_MILLIS);
        return TimeUnit.MILLISECONDS.toNanos(DEFAULT_MILLIS);
    }

    private final long thresholdNanos;
    private final LongConsumer sampler;
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * A watchdog, not yet started.
     *
     * @param name           the thread's name
     * @param thresholdNanos more than 0
     * @param sampler        called with the host's nanoTime at each sample
     */
    public SoftLockupWatchdog(String name, long thresholdNanos, LongConsumer sampler) {
        if (thresholdNanos <= 0) {
            throw new IllegalArgumentException("threshold must be positive: " + thresholdNanos);
        }
        this.thresholdNanos = thresholdNanos;
        this.sampler = sampler;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
    }

    public long thresholdNanos() {
        return thresholdNanos;
    }

    public void start() {
        thread.start();
    }

    /** Whether the thread runs. */
    public boolean alive() {
        return thread.isAlive();
    }

    /** Stops the thread and waits (bounded) for it to end. */
    public void stop() {
        stopped = true;
        LockSupport.unpark(thread);
        if (thread != Thread.currentThread()) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        long period = Math.max(1, thresholdNanos / 2);
        long next = System.nanoTime() + period;
        while (!stopped) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            next += period;
            long now = System.nanoTime();
            if (next - now < 0) {
                next = now + period; // fell behind (a suspended host): no burst of samples
            }
            sampler.accept(now);
        }
    }
}
