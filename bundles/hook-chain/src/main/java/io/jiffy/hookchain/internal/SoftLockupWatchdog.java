package io.jiffy.hookchain.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * The softlockup watchdog of the timer-hook chain (the kernel's {@code watchdog_timer_fn} /
 * {@code softlockup} detector): one daemon thread that, every half threshold of host wall time,
 * hands {@link System#nanoTime()} to a sampler ({@link HookChain#watch}). The sampler compares
 * which hook runs with the one that ran at the previous samples; the tick path only records,
 * with a release store per hook, which hook it calls. Started and stopped with the component.
 *
 * <p>The threshold comes from the framework (or system) property {@value #PROPERTY}, a whole
 * number of milliseconds; 0 turns detection off. Default {@value #DEFAULT_MILLIS} ms.
 */
final class SoftLockupWatchdog {

    /** Framework or system property: the soft-lockup threshold in milliseconds, 0 = off. */
    static final String PROPERTY = "jiffy.hook.softlockup.ms";
    /** The threshold when the property is absent or invalid. */
    static final long DEFAULT_MILLIS = 1_000;

    /** The threshold read from a property value; {@code invalid} gets one line saying what is accepted. */
    static long thresholdNanos(String value, java.util.function.Consumer<String> invalid) {
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
        invalid.accept(PROPERTY + " must be a whole number of milliseconds from 0 (detection off) to 86400000, got '"
                + value.strip() + "'; using " + DEFAULT_MILLIS);
        return TimeUnit.MILLISECONDS.toNanos(DEFAULT_MILLIS);
    }

    private final long thresholdNanos;
    private final LongConsumer sampler;
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * @param name           the thread's name
     * @param thresholdNanos more than 0
     * @param sampler        called with the host's nanoTime at each sample
     */
    SoftLockupWatchdog(String name, long thresholdNanos, LongConsumer sampler) {
        if (thresholdNanos <= 0) {
            throw new IllegalArgumentException("threshold must be positive: " + thresholdNanos);
        }
        this.thresholdNanos = thresholdNanos;
        this.sampler = sampler;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
    }

    long thresholdNanos() {
        return thresholdNanos;
    }

    void start() {
        thread.start();
    }

    /** Whether the thread runs; for tests. */
    boolean alive() {
        return thread.isAlive();
    }

    /** Stops the thread and waits (bounded) for it to end. */
    void stop() {
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
