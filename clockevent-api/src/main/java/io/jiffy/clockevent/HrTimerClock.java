package io.jiffy.clockevent;

/** The clock an {@link HrTimer} expires on: the kernel's hrtimer clock bases. */
public enum HrTimerClock {
    /** CLOCK_MONOTONIC: unaffected by setting the time. */
    MONOTONIC,
    /** CLOCK_REALTIME: absolute timers follow when the time is set. */
    REALTIME
}
