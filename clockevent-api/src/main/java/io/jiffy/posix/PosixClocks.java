package io.jiffy.posix;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * POSIX clocks and timers: the system calls {@code clock_gettime}, {@code clock_settime},
 * {@code clock_getres} and {@code timer_create} .. {@code timer_delete}, over the built-in clocks
 * and those drivers add through {@link PosixClock}. Times are nanoseconds. Every failure is a
 * {@link PosixException} with the errno Linux would give. A bundle-scoped service: timers die
 * with the bundle that created them.
 */
@ProviderType
public interface PosixClocks {

    /** {@code flags} bit of {@link #timerSettime}: {@code it_value} is an absolute time on the timer's clock. */
    int TIMER_ABSTIME = 1;

    /** clock_gettime. @throws PosixException EINVAL for an unknown clock */
    long clockGettime(int clockId);

    /**
     * clock_settime.
     *
     * @throws PosixException EINVAL for an unknown or unsettable clock, a negative time, or a time
     *                        so late that the clock could overflow while the system runs (as
     *                        Linux refuses settimeofday within 30 years of the end of its time)
     */
    void clockSettime(int clockId, long nanos);

    /** clock_getres. @throws PosixException EINVAL for an unknown clock */
    long clockGetres(int clockId);

    /** Every clock, built-in and driver-provided, by id. */
    List<ClockInfo> clocks();

    /**
     * timer_create: a disarmed timer on {@code clockId}.
     *
     * @return the new timer's id
     * @throws PosixException EINVAL for an unknown clock or one without timers or a null
     *                        {@code notification}, EAGAIN when out of ids
     */
    int timerCreate(int clockId, SigEvent notification);

    /**
     * timer_settime: arms ({@code value > 0}) or disarms ({@code value == 0}) a timer.
     *
     * @param flags 0 or {@link #TIMER_ABSTIME}
     * @return the previous setting, as {@link #timerGettime} would have returned it
     * @throws PosixException EINVAL for an unknown timer, bad flags or a null {@code value}
     *                        (negative fields are refused by {@link ItimerSpec} itself; a
     *                        relative value too long for a long expiry saturates)
     */
    ItimerSpec timerSettime(int timerId, int flags, ItimerSpec value);

    /** timer_gettime: time to the next expiry (0 if disarmed) and the interval. @throws PosixException EINVAL */
    ItimerSpec timerGettime(int timerId);

    /** timer_getoverrun: the overrun of the last delivered expiration, capped at Integer.MAX_VALUE. @throws PosixException EINVAL */
    int timerGetoverrun(int timerId);

    /** timer_delete. @throws PosixException EINVAL for an unknown timer */
    void timerDelete(int timerId);

    /**
     * Takes the queued notification of a {@link SigEvent#queued()} timer, like accepting its
     * signal; fixes the overrun count reported by {@link #timerGetoverrun}.
     *
     * @return the notification, or {@code null} if none is queued
     * @throws PosixException EINVAL for an unknown timer or one that does not queue
     */
    SigInfo takeNotification(int timerId);

    /** Every timer, by id. */
    List<PosixTimerInfo> timers();
}
