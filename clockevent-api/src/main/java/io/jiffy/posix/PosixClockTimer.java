package io.jiffy.posix;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A timer on a driver's {@link PosixClock}: the timer half of {@code struct k_clock}
 * ({@code timer_set}, {@code timer_get}, {@code timer_del}). The posix-timers bundle owns ids and
 * notification; the clock only arms its hardware and reports expirations.
 */
@ConsumerType
public interface PosixClockTimer {

    /**
     * Arms or disarms (k_clock timer_set).
     *
     * @param flags 0 or {@link PosixClocks#TIMER_ABSTIME}
     * @return the previous setting
     */
    ItimerSpec set(int flags, ItimerSpec value);

    /** Remaining time and interval (k_clock timer_get). */
    ItimerSpec get();

    /** Disarms and releases the timer (k_clock timer_del). */
    void delete();
}
