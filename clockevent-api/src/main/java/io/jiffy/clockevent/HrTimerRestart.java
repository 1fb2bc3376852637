package io.jiffy.clockevent;

/** What an {@link HrTimerCallback} asks for: the kernel's {@code enum hrtimer_restart}. */
public enum HrTimerRestart {
    /** Done; the timer becomes inactive. */
    NORESTART,
    /** Re-queue at the timer's (forwarded) expiry time. */
    RESTART
}
