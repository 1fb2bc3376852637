package io.jiffy.driver.apic;

/**
 * The APIC timer list of one CPU: how precisely its timers fired. An error is the TSC when a
 * callback was called minus the timer's deadline, in nanoseconds (positive: late).
 *
 * @param cpu               the CPU
 * @param pending           timers waiting now
 * @param fired             timers whose callback was called
 * @param correctionNanos   the latency correction in use: the deadline comparator is armed this
 *                          much before the first timer's deadline
 * @param lastErrorNanos    the error of the last timer fired, 0 before the first
 * @param meanErrorNanos    the mean error of all timers fired (signed, rounded), 0 before the first
 * @param meanAbsErrorNanos the mean absolute error of all timers fired, 0 before the first
 * @param maxAbsErrorNanos  the largest absolute error seen
 * @param callbackErrors    callbacks that threw
 */
public record ApicTimerStats(int cpu, int pending, long fired, long correctionNanos, long lastErrorNanos,
        long meanErrorNanos, long meanAbsErrorNanos, long maxAbsErrorNanos, long callbackErrors) {
}
