package io.jiffy.clockevent;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A high-resolution timer: the kernel's {@code struct hrtimer}. Made by {@link HrTimers}, reusable,
 * queued per CPU ordered by expiry in nanoseconds. Belongs to the bundle that made it and is
 * cancelled when that bundle stops.
 */
@ProviderType
public interface HrTimer {

    /** The clock it runs on. */
    HrTimerClock clock();

    /**
     * (Re)arms the timer (hrtimer_start); an active timer is moved. It is queued on the current
     * CPU when called in CPU context, otherwise on the CPU it was made for.
     *
     * An absolute time already past expires at once; a relative time so long that the expiry
     * would pass {@code Long.MAX_VALUE} is {@code Long.MAX_VALUE} (never, in practice).
     *
     * @param time nanoseconds on {@link #clock()} ({@link HrTimerMode#ABS}) or from now ({@link HrTimerMode#REL}, not negative)
     * @throws NullPointerException     if {@code mode} is null
     * @throws IllegalArgumentException if {@code mode} is REL and {@code time} is negative
     */
    void start(long time, HrTimerMode mode);

    /** Stops the timer (hrtimer_cancel), waiting for a running callback; returns whether it was active. */
    boolean cancel();

    /** Whether it is queued or its callback is running. */
    boolean active();

    /** The absolute expiry time on {@link #clock()}. */
    long expires();

    /** Time left until expiry, negative if overdue. */
    long remaining();

    /** The current time of the timer's clock (hrtimer_cb_get_time). */
    long now();

    /**
     * Moves the expiry forward by whole {@code interval}s until it lies after {@code now}
     * (hrtimer_forward). An interval below {@link HrTimers#resolutionNanos()} (zero or negative
     * included) counts as the resolution, as in the kernel; the expiry saturates at
     * {@code Long.MAX_VALUE}.
     *
     * @return the number of intervals added (the overruns plus one), 0 if the expiry already lay after {@code now}
     * @throws IllegalStateException if the timer is queued (forward it from its callback or after {@link #cancel()})
     */
    long forward(long now, long interval);

    /** {@link #forward(long, long)} from {@link #now()} (hrtimer_forward_now). */
    default long forwardNow(long interval) {
        return forward(now(), interval);
    }
}
