package io.jiffy.driver.apic;

import org.osgi.annotation.versioning.ConsumerType;

/** What an {@link ApicTimer} runs when it fires: called once, in interrupt context on the timer's CPU. */
@ConsumerType
@FunctionalInterface
public interface ApicTimerCallback {

    /** {@code timer} fired; {@link ApicTimer#errorNanos()} already tells how far from its deadline. */
    void expired(ApicTimer timer);
}
