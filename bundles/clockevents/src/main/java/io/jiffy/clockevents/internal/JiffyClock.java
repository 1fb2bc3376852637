package io.jiffy.clockevents.internal;

/**
 * Exact tick arithmetic at {@code hz}: tick {@code n} (counted from {@code baseJiffies}) lies at
 * {@code epochNanos + ceil((n - baseJiffies) * 10^9 / hz)}. Computed from the tick index rather
 * than by adding a rounded period, so HZ ticks take exactly one second even where a period is
 * not a whole number of nanoseconds (HZ 300: 3333333.33 ns), as the kernel's {@code TICK_LENGTH}
 * with its fractional part does. Immutable; replaced when HZ changes.
 *
 * @param epochNanos  CLOCK_MONOTONIC time of jiffy {@code baseJiffies}
 * @param baseJiffies the jiffies value at {@code epochNanos}
 * @param hz          ticks per second
 */
record JiffyClock(long epochNanos, long baseJiffies, int hz) {

    static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The jiffies value at CLOCK_MONOTONIC {@code now}: the last tick at or before it (tick_do_update_jiffies64). */
    long index(long now) {
        if (now <= epochNanos) {
            return baseJiffies;
        }
        long d = now - epochNanos;
        return baseJiffies + (d / NANOS_PER_SECOND) * hz + (d % NANOS_PER_SECOND) * hz / NANOS_PER_SECOND;
    }

    /** The time of jiffy {@code j}, saturating at {@link Long#MAX_VALUE}. */
    long time(long j) {
        long n = j - baseJiffies;
        if (n <= 0) {
            return epochNanos;
        }
        long seconds = n / hz;
        if (seconds > (Long.MAX_VALUE - epochNanos) / NANOS_PER_SECOND - 1) {
            return Long.MAX_VALUE;
        }
        long rest = n % hz;
        long part = (rest * NANOS_PER_SECOND + hz - 1) / hz;
        return epochNanos + seconds * NANOS_PER_SECOND + part;
    }

    /** The nominal tick period, rounded up to whole nanoseconds. */
    long periodNanos() {
        return (NANOS_PER_SECOND + hz - 1) / hz;
    }
}
