package io.jiffy.clockevents.internal;

import java.math.BigInteger;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.jiffy.clocksource.CycleConverter;
import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.ClockEventFeature;
import io.jiffy.clockevent.ClockEventInfo;
import io.jiffy.clockevent.ClockEventState;

/**
 * One registered clock-event device with what the core keeps about it: the kernel's fields of
 * {@code struct clock_event_device} that belong to the core (state, min/max delta in ns,
 * retries, event count). The device's own properties are read once at registration.
 */
final class DeviceEntry {

    final ClockEventDevice device;
    final String name;
    final int cpu;
    final int rating;
    final Set<ClockEventFeature> features;
    final long frequencyHz;
    final long minDeltaCycles;
    final long maxDeltaCycles;
    final String owner;
    /** Registration order (service id): the tie-break after the rating. */
    final long order;
    final CycleConverter converter;
    final boolean oneshot;
    final boolean periodic;
    /** The largest delta in ns, floor(maxDeltaCycles * 10^9 / f). */
    final long maxDeltaNanos;

    /** The smallest delta in ns; raised by 50% when the device keeps reporting -ETIME. Guarded by the tick CPU's base. */
    volatile long minDeltaNanos;
    volatile ClockEventState state = ClockEventState.DETACHED;
    /** The CPU whose tick device it is, -1 if none. */
    volatile int tickOf = -1;
    final AtomicLong events = new AtomicLong();
    /** Programming attempts with the minimum delta after -ETIME (the kernel's {@code retries}). */
    final AtomicLong retries = new AtomicLong();

    DeviceEntry(ClockEventDevice device, String owner, long order) {
        this.device = device;
        this.name = device.name();
        this.cpu = device.cpu();
        this.rating = device.rating();
        this.features = Set.copyOf(device.features());
        this.frequencyHz = device.frequencyHz();
        this.minDeltaCycles = Math.max(1, device.minDeltaCycles());
        this.maxDeltaCycles = Math.max(minDeltaCycles, device.maxDeltaCycles());
        this.owner = owner;
        this.order = order;
        this.converter = CycleConverter.forFrequency(frequencyHz);
        this.oneshot = features.contains(ClockEventFeature.ONESHOT);
        this.periodic = features.contains(ClockEventFeature.PERIODIC);
        this.minDeltaNanos = Math.max(1, CycleConverter.nanosWhen(minDeltaCycles, frequencyHz));
        this.maxDeltaNanos = BigInteger.valueOf(maxDeltaCycles).multiply(BigInteger.valueOf(JiffyClock.NANOS_PER_SECOND))
                .divide(BigInteger.valueOf(frequencyHz)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    /** Cycles for {@code nanos}, rounded up, clamped to [min, max] delta. */
    long cyclesFor(long nanos) {
        long c = converter.toCycles(Math.max(0, nanos));
        return Math.max(minDeltaCycles, Math.min(maxDeltaCycles, c));
    }

    ClockEventInfo info() {
        return new ClockEventInfo(name, cpu, rating, features, state, frequencyHz, minDeltaCycles, maxDeltaCycles,
                events.get(), tickOf, owner);
    }

    @Override
    public String toString() {
        return name + (cpu < 0 ? " (global)" : " cpu" + cpu);
    }
}
