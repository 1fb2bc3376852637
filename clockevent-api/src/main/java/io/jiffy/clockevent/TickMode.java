package io.jiffy.clockevent;

/** How the tick is driven: the kernel's periodic tick or NO_HZ (tickless) idle. */
public enum TickMode {
    /** A tick every 1/HZ seconds on every CPU. */
    PERIODIC,
    /** Oneshot: each CPU is woken only for its next timer, at most a clocksource's max idle apart. */
    TICKLESS
}
