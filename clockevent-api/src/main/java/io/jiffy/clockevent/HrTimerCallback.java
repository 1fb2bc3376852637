package io.jiffy.clockevent;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs when an {@link HrTimer} expires, in interrupt context on the timer's CPU; must not block.
 * To repeat, {@link HrTimer#forward(long, long) forward} the timer and return
 * {@link HrTimerRestart#RESTART}.
 */
@ConsumerType
@FunctionalInterface
public interface HrTimerCallback {

    /** The timer expired. */
    HrTimerRestart expired(HrTimer timer);
}
