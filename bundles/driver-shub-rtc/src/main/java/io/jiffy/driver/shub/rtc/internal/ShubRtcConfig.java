package io.jiffy.driver.shub.rtc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of the SHub RTC driver's configuration (PID {@value ShubRtcComponent#PID}). Only
 * describes the keys for ConfigAdmin and consoles; {@link ShubRtcSettings} reads and checks the
 * values. A change restarts the driver: every device is unregistered and registered again.
 */
@ObjectClassDefinition(id = ShubRtcComponent.PID, name = "Jiffy driver: SGI SHub RTC",
        description = "The SGI Altix SHub real-time clock: the sgi_rtc clocksource, the mmtimer device and "
                + "CLOCK_SGI_CYCLE with its comparator timers, and the faults it can simulate. "
                + "A change re-registers every device.")
@interface ShubRtcConfig {

    @AttributeDefinition(name = "Frequency (Hz)", min = "100000", required = false,
            description = "RTC counter frequency. Below 100 kHz (100000) the driver refuses to start.")
    long frequencyHz() default ShubRtcSettings.DEFAULT_FREQUENCY_HZ;

    @AttributeDefinition(name = "Rating", min = "1", max = "499", required = false,
            description = "Rating of the sgi_rtc clocksource, 1..499 (the kernel's sn2 driver used 450).")
    int rating() default ShubRtcSettings.DEFAULT_RATING;

    @AttributeDefinition(name = "Interval retry increment (ticks)", min = "0", max = "4294967295", required = false,
            description = "RTC ticks added to the completion time when an interval timer's comparator was armed "
                    + "too late (module parameter mmtimer_interval_retry_increment).")
    long intervalRetryIncrement() default ShubRtcSettings.DEFAULT_RETRY_INCREMENT;

    @AttributeDefinition(name = "Comparator write latency (ticks)", min = "0", required = false,
            description = "Simulated time a comparator write takes: an expiry closer than this is missed "
                    + "(one-shot timers then fire at once, interval timers are retried).")
    long compareWriteLatencyTicks() default 0;

    @AttributeDefinition(name = "Fault: drift (ppm)", min = "-999999", max = "1000000", required = false,
            description = "The crystal runs fast (positive) or slow (negative) by this many parts per million.")
    long driftPpm() default 0;

    @AttributeDefinition(name = "Fault: stuck counter", required = false,
            description = "The counter stops at activation; timers on CLOCK_SGI_CYCLE never fire.")
    boolean stuckCounter() default false;

    @AttributeDefinition(name = "Fault: counter jump (cycles)", required = false,
            description = "Applied once at activation: the count jumps forwards (positive) or backwards (negative).")
    long counterJumpCycles() default 0;

    @AttributeDefinition(name = "Fault: lose every Nth comparator interrupt", min = "0", required = false,
            description = "0: none. N: every Nth comparator interrupt of a node is lost; the expiry is recovered "
                    + "late, with overruns, when the node's timers next change.")
    long lostInterruptsEvery() default 0;
}
