package io.jiffy.timer;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The jiffies timer wheel: per-CPU cascading wheels (tv1 256 slots, tv2..tv5 64 each) with
 * {@code timer_list} semantics. A bundle-scoped service: the timers a bundle made are cancelled
 * when it releases the service.
 *
 * <p><b>When and in which order timers fire.</b> A timer fires on its CPU's tick at jiffy
 * {@code max(expires, clk)}, where {@code clk} is the wheel's clock of that CPU when the timer was
 * armed (the next jiffy it will expire: an expiry already past fires at the next tick); an expiry
 * more than {@link #MAX_TIMEOUT} jiffies ahead is capped to {@code clk + MAX_TIMEOUT}. Timers
 * firing in the same jiffy on one CPU run in arming order: the order of the add/mod calls that
 * armed them last (FIFO per jiffy, also across cascades between wheel levels).
 */
@ProviderType
public interface TimerWheel {

    /** The largest timeout in jiffies from now; later expiries are capped to it (the kernel's MAX_JIFFY_OFFSET reach). */
    long MAX_TIMEOUT = 0xFFFF_FFFFL;

    /**
     * A new inactive timer on the current CPU, or CPU 0 outside CPU context (timer_setup).
     * The only call that allocates.
     *
     * @throws NullPointerException  if {@code function} is null
     * @throws IllegalStateException if the calling bundle no longer uses the service
     */
    Timer newTimer(TimerFunction function);

    /**
     * A new inactive timer on {@code cpu} (0..cpus-1).
     *
     * @throws NullPointerException     if {@code function} is null
     * @throws IllegalArgumentException if {@code cpu} is out of range
     * @throws IllegalStateException    if the calling bundle no longer uses the service
     */
    Timer newTimer(TimerFunction function, int cpu);

    /** The current jiffies. */
    long jiffies();

    /** Ticks per second. */
    int hz();

    /**
     * Milliseconds to jiffies, rounded up (msecs_to_jiffies).
     *
     * @throws IllegalArgumentException if {@code msecs} is negative
     */
    long msecsToJiffies(long msecs);

    /**
     * Microseconds to jiffies, rounded up (usecs_to_jiffies).
     *
     * @throws IllegalArgumentException if {@code usecs} is negative
     */
    long usecsToJiffies(long usecs);

    /**
     * Nanoseconds to jiffies, rounded up (nsecs_to_jiffies).
     *
     * @throws IllegalArgumentException if {@code nsecs} is negative
     */
    long nsecsToJiffies(long nsecs);

    /**
     * Jiffies to milliseconds, rounded down (jiffies_to_msecs); a difference of jiffies may be
     * negative; results beyond a long saturate at {@code Long.MIN_VALUE} or {@code Long.MAX_VALUE}.
     */
    long jiffiesToMsecs(long jiffies);

    /**
     * Jiffies to microseconds, rounded down (jiffies_to_usecs); a difference of jiffies may be
     * negative; results beyond a long saturate at {@code Long.MIN_VALUE} or {@code Long.MAX_VALUE}.
     */
    long jiffiesToUsecs(long jiffies);

    /** Every pending timer, by CPU then expiry. */
    List<TimerInfo> pending();

    /** Counters per CPU. */
    List<TimerStats> stats();

    /**
     * The latest soft lockup: the last timer function seen running longer than
     * {@link #softLockupThresholdNanos()}, updated while it stays stuck; null if there was none
     * (or the wheel does not detect them).
     *
     * @since 1.1
     */
    default TimerLockup lastLockup() {
        return null;
    }

    /**
     * How long a timer function may run before it is reported as a soft lockup (one warning in
     * the log naming the CPU, the timer and its owner bundle), in nanoseconds; 0 when detection
     * is off.
     *
     * @since 1.1
     */
    default long softLockupThresholdNanos() {
        return 0;
    }
}
