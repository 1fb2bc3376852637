package io.jiffy.clockevent;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A programmable timer interrupt source: the kernel's {@code struct clock_event_device}.
 * Drivers register one OSGi service per device (per CPU for {@link ClockEventFeature#PERCPU}
 * devices); the clockevents bundle picks one per CPU as that CPU's tick device.
 *
 * <p>The core talks to the device in cycles of {@link #frequencyHz()}: it converts nanoseconds,
 * clamps to [{@link #minDeltaCycles()}, {@link #maxDeltaCycles()}] and calls
 * {@link #setNextEvent(long)}. When the device's interrupt fires it calls the handler the core
 * installed with {@link #setEventHandler(ClockEventHandler)}, on the device's CPU.
 */
@ConsumerType
public interface ClockEventDevice {

    /** Device name, as in {@code /proc/timer_list}: {@code lapic}, {@code MIPS}, {@code machine}. */
    String name();

    /** Quality: the core prefers the highest rating among the devices that can serve a CPU. */
    int rating();

    /** What the device can do. */
    Set<ClockEventFeature> features();

    /** The CPU the device interrupts, or -1 for a global device that can serve any CPU. */
    int cpu();

    /** The frequency its deltas count in, in Hz. */
    long frequencyHz();

    /** The smallest delta, in cycles, the device can be programmed with. */
    long minDeltaCycles();

    /** The largest delta, in cycles, the device can be programmed with. */
    long maxDeltaCycles();

    /**
     * Enters {@link ClockEventState#SHUTDOWN}, {@link ClockEventState#ONESHOT} or
     * {@link ClockEventState#ONESHOT_STOPPED} (the kernel's {@code set_state_*} callbacks).
     *
     * @throws IllegalArgumentException for {@link ClockEventState#PERIODIC} (use
     *         {@link #setStatePeriodic(long)}) or {@link ClockEventState#DETACHED}
     */
    void setState(ClockEventState state);

    /**
     * Enters {@link ClockEventState#PERIODIC}: fire every {@code periodCycles} until the state
     * changes (the kernel's {@code set_state_periodic}, period 1/HZ).
     *
     * @throws UnsupportedOperationException if the device lacks {@link ClockEventFeature#PERIODIC}
     */
    void setStatePeriodic(long periodCycles);

    /**
     * Oneshot mode: fire once, {@code deltaCycles} from now (the kernel's {@code set_next_event}).
     *
     * @param deltaCycles within [{@link #minDeltaCycles()}, {@link #maxDeltaCycles()}]
     * @return {@code true} if armed; {@code false} if the event time had already passed when the
     *         comparator was written (the kernel's {@code -ETIME}): nothing will fire and the core
     *         retries with a larger delta
     */
    boolean setNextEvent(long deltaCycles);

    /**
     * Installs the handler the device calls from its interrupt; {@code null} detaches it.
     * Set by the clockevents core only.
     */
    void setEventHandler(ClockEventHandler handler);
}
