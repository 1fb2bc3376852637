package io.jiffy.clockevent;

/** Capabilities of a {@link ClockEventDevice}: the kernel's {@code CLOCK_EVT_FEAT_*} bits. */
public enum ClockEventFeature {
    /** Can fire periodically by itself. */
    PERIODIC,
    /** Can be programmed for a single event at a given delta. */
    ONESHOT,
    /** Stops in deep idle states (C3STOP): needs a broadcast device then. */
    C3STOP,
    /** Belongs to one CPU (a local timer), which it serves in preference to global devices. */
    PERCPU
}
