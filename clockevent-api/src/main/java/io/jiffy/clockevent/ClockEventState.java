package io.jiffy.clockevent;

/** Operating state of a {@link ClockEventDevice}: the kernel's {@code enum clock_event_state}. */
public enum ClockEventState {
    /** Not used by the core. */
    DETACHED,
    /** Stopped: raises no interrupt. */
    SHUTDOWN,
    /** Firing every period. */
    PERIODIC,
    /** Firing once per {@link ClockEventDevice#setNextEvent(long)}. */
    ONESHOT,
    /** In oneshot mode with nothing programmed (tickless idle with nothing pending). */
    ONESHOT_STOPPED
}
