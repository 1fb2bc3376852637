package io.jiffy.clockevent;

import java.util.Set;

/**
 * A snapshot of one registered clock-event device for listings such as {@code clockevent:list}
 * (the device part of the kernel's /proc/timer_list).
 *
 * @param name           device name
 * @param cpu            the CPU it serves, -1 if global
 * @param rating         its rating
 * @param features       what it can do
 * @param state          its current state
 * @param frequencyHz    its frequency
 * @param minDeltaCycles smallest programmable delta
 * @param maxDeltaCycles largest programmable delta
 * @param events         events it delivered to the core
 * @param tickDeviceOf   the CPU whose tick device it is, or -1 if it is not a tick device
 * @param owner          symbolic name of the bundle that registered it
 */
public record ClockEventInfo(String name, int cpu, int rating, Set<ClockEventFeature> features,
        ClockEventState state, long frequencyHz, long minDeltaCycles, long maxDeltaCycles,
        long events, int tickDeviceOf, String owner) {
}
