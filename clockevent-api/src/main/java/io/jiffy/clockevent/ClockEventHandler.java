package io.jiffy.clockevent;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a {@link ClockEventDevice} calls from its interrupt handler: the kernel's
 * {@code dev->event_handler} ({@code tick_handle_periodic}, {@code hrtimer_interrupt}, ...).
 * Installed by the clockevents core; drivers only call it.
 */
@ProviderType
@FunctionalInterface
public interface ClockEventHandler {

    /** The device's event fired; called on the device's CPU, in interrupt context. */
    void eventHandler(ClockEventDevice device);
}
