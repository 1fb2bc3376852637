package io.jiffy.clockevent;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The high-resolution timer service: per-CPU queues on the MONOTONIC and REALTIME bases,
 * expired from each CPU's clock-event interrupt. A bundle-scoped service: the timers a bundle
 * made are cancelled when it releases the service.
 */
@ProviderType
public interface HrTimers {

    /**
     * A new inactive timer (hrtimer_init).
     *
     * @param clock    the clock it runs on
     * @param cpu      the CPU it is queued on when started outside CPU context, 0..cpus-1
     * @param callback run at expiry
     * @throws NullPointerException     if {@code clock} or {@code callback} is null
     * @throws IllegalArgumentException if {@code cpu} is out of range
     * @throws IllegalStateException    if the calling bundle no longer uses the service
     */
    HrTimer newTimer(HrTimerClock clock, int cpu, HrTimerCallback callback);

    /** The resolution of hrtimers in nanoseconds (hrtimer_resolution): 1 in high-resolution mode. */
    long resolutionNanos();
}
