package io.jiffy.clocksource;

/** Flags of a {@link ClockSource}, the kernel's {@code CLOCK_SOURCE_*} bits. */
public enum ClockSourceFlag {
    /** The counter runs continuously, without jumps (CLOCK_SOURCE_IS_CONTINUOUS); required for tickless mode. */
    CONTINUOUS,
    /** The counter is suspect and must be checked against a trusted source by the watchdog (CLOCK_SOURCE_MUST_VERIFY). */
    MUST_VERIFY,
    /** Good enough for high-resolution timers (CLOCK_SOURCE_VALID_FOR_HRES). */
    VALID_FOR_HRES,
    /** The counter keeps running while the machine is suspended (CLOCK_SOURCE_SUSPEND_NONSTOP). */
    SUSPEND_NONSTOP
}
