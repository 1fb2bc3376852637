package io.jiffy.clocksource;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The system's notion of time (the kernel's {@code timekeeper}): reads the current
 * {@link ClockSource} and keeps CLOCK_MONOTONIC, CLOCK_REALTIME and CLOCK_MONOTONIC_RAW.
 *
 * <p>All reads are lock-free and never go backwards: switching or removing a clocksource
 * accumulates time up to the switch on the old one. Selection is by rating among stable
 * sources unless the user {@linkplain #select(String) selected} one.
 */
@ProviderType
public interface Timekeeper {

    /** CLOCK_MONOTONIC in nanoseconds since the machine powered on; never decreases. */
    long monotonicNanos();

    /** CLOCK_REALTIME in nanoseconds since 1970-01-01T00:00Z; moves when set. */
    long realtimeNanos();

    /** CLOCK_MONOTONIC_RAW: monotonic time from raw counter cycles, without adjustment. */
    long rawNanos();

    /** CLOCK_BOOTTIME: monotonic time including time spent suspended. */
    long boottimeNanos();

    /** CLOCK_MONOTONIC as of the last tick (the kernel's coarse clock): cheaper, tick resolution. */
    long monotonicCoarseNanos();

    /** CLOCK_REALTIME as of the last tick. */
    long realtimeCoarseNanos();

    /**
     * Steps CLOCK_REALTIME (clock_settime / settimeofday) and tells every {@link ClockSetListener}.
     *
     * @param nanos nanoseconds since the epoch, not negative
     * @throws IllegalArgumentException if {@code nanos} is negative, or so late that
     *                                  CLOCK_REALTIME could overflow a long within 30 years of
     *                                  uptime (after 2232, as Linux's settimeofday refuses)
     */
    void setRealtime(long nanos);

    /** The source timekeeping reads now. */
    ClockSourceInfo current();

    /** Every registered source, best first. */
    List<ClockSourceInfo> available();

    /**
     * Uses the named source until {@link #selectAutomatic()} (the kernel's
     * {@code current_clocksource} write).
     *
     * @throws IllegalArgumentException if no source has that name ({@code null} included), or the
     *                                  watchdog marked it unstable
     */
    void select(String name);

    /** Goes back to the highest-rated stable source. */
    void selectAutomatic();

    /** Whether the current source was chosen by the user rather than by rating. */
    boolean userSelected();

    /**
     * Accumulates the time elapsed on the current source (the kernel's {@code update_wall_time});
     * called on every tick of the timekeeping CPU, and at least every {@link #maxIdleNanos()}.
     */
    void updateWallTime();

    /**
     * How long the current source may go unread before its counter could wrap unseen or the
     * conversion overflow (the kernel's {@code timekeeping_max_deferment}); tickless idle never
     * sleeps longer.
     */
    long maxIdleNanos();
}
