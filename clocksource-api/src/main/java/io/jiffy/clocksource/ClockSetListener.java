package io.jiffy.clocksource;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when CLOCK_REALTIME is set (the kernel's {@code clock_was_set}): register one as a
 * whiteboard service so absolute CLOCK_REALTIME timers can be re-evaluated.
 */
@ConsumerType
@FunctionalInterface
public interface ClockSetListener {

    /**
     * CLOCK_REALTIME was stepped.
     *
     * @param deltaNanos how far it moved (new minus old), negative when set backwards
     */
    void clockWasSet(long deltaNanos);
}
