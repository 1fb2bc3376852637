package io.jiffy.clockevent;

/** How {@link HrTimer#start(long, HrTimerMode)} reads its time: the kernel's {@code HRTIMER_MODE_*}. */
public enum HrTimerMode {
    /** The time is absolute, on the timer's clock. */
    ABS,
    /** The time is relative to now. */
    REL
}
