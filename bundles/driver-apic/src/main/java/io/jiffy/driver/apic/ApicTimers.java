package io.jiffy.driver.apic;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The APIC timer list: one-shot timers with an absolute TSC deadline (the x86
 * {@code IA32_TSC_DEADLINE} mode of the local APIC timer), kept per CPU in a list sorted by
 * expiry. The CPU's deadline comparator is armed for the first timer, earlier by a latency
 * correction learned from how late past interrupts arrived, so that a timer's callback runs as
 * close to its deadline as the interrupt latency allows (well under 1 µs once warmed up with a
 * steady latency).
 *
 * <p>A bundle-scoped service: each bundle gets its own instance, and the timers a bundle added
 * are cancelled when it releases the service (when it stops). Callbacks run in interrupt
 * context on the timer's CPU, in deadline order, and must not block.
 */
@ProviderType
public interface ApicTimers {

    /** The number of CPUs, numbered 0..cpus()-1: each has its own list and deadline comparator. */
    int cpus();

    /** The time-stamp counter now ({@code rdtsc}): the clock deadlines are given in. */
    long readTsc();

    /** The TSC's nominal frequency in Hz. */
    long tscFrequencyHz();

    /**
     * Adds a timer that fires when the TSC reaches {@code deadlineTsc} (a deadline already
     * reached fires as soon as possible).
     *
     * @param cpu      the CPU whose list holds it and which runs the callback, 0..cpus()-1
     * @param callback runs once in interrupt context on {@code cpu}
     * @throws IllegalArgumentException if {@code cpu} is out of range or {@code callback} is null
     * @throws IllegalStateException    if the driver has stopped
     */
    ApicTimer addAt(int cpu, long deadlineTsc, ApicTimerCallback callback);

    /**
     * Adds a timer that fires {@code delayNanos} from now: its deadline is the TSC now plus the
     * delay in cycles, rounded up.
     *
     * @throws IllegalArgumentException if {@code delayNanos} is negative, {@code cpu} out of range
     *                                  or {@code callback} null
     * @throws IllegalStateException    if the driver has stopped
     */
    ApicTimer addAfter(int cpu, long delayNanos, ApicTimerCallback callback);

    /** Every pending timer of every bundle, by CPU then deadline. */
    List<ApicTimerInfo> pending();

    /** Per CPU: timers fired, the latency correction in use and the firing errors seen. */
    List<ApicTimerStats> stats();
}
