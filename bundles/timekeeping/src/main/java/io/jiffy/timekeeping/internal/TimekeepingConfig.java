package io.jiffy.timekeeping.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype and component property type of the timekeeping configuration (PID
 * {@code io.jiffy.timekeeping}): the clocksource watchdog's interval and threshold.
 *
 * <p>The threshold is much tighter than the kernel's: Linux allows 62.5 ms
 * (WATCHDOG_THRESHOLD, NSEC_PER_SEC &gt;&gt; 4) of disagreement per 0.5 s interval, 12.5 %, so a
 * counter drifting by 1000 ppm (0.5 ms per interval) would never be caught. 100 µs per 0.5 s
 * is 200 ppm: a 1000 ppm drift is caught at the first full interval, well within 2 s.
 */
@ObjectClassDefinition(id = TimekeeperComponent.PID, name = "Jiffy timekeeping",
        description = "The clocksource watchdog: how often sources flagged MUST_VERIFY are compared with a "
                + "trusted source, and how much they may disagree per interval before they are marked unstable.")
@interface TimekeepingConfig {

    /** Default watchdog interval: 500 ms, as the kernel's WATCHDOG_INTERVAL. */
    long DEFAULT_INTERVAL_MILLIS = 500;
    /** Default threshold: 100 µs per interval, 200 ppm at 500 ms (the kernel's 62.5 ms would miss 1000 ppm). */
    long DEFAULT_THRESHOLD_MICROS = 100;

    @AttributeDefinition(name = "Watchdog interval (ms)", required = false, min = "1",
            description = "How often MUST_VERIFY clocksources are checked against the trusted source. "
                    + "The housekeeping interrupt also runs at least this often.")
    long watchdogIntervalMillis() default DEFAULT_INTERVAL_MILLIS;

    @AttributeDefinition(name = "Watchdog threshold (us per interval)", required = false, min = "1",
            description = "Disagreement per interval beyond which a source is marked unstable "
                    + "(100 us per 500 ms = 200 ppm).")
    long watchdogThresholdMicros() default DEFAULT_THRESHOLD_MICROS;
}
