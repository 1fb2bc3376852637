package io.jiffy.driver.apic;

/**
 * One pending timer of the APIC timer list, as {@code apic:list} shows it.
 *
 * @param id             the timer's id
 * @param cpu            its CPU
 * @param deadlineTsc    the TSC value it is due at
 * @param remainingNanos time until the deadline, 0 when already due
 * @param owner          symbolic name of the bundle that added it
 */
public record ApicTimerInfo(long id, int cpu, long deadlineTsc, long remainingNanos, String owner) {
}
