package io.jiffy.driver.r4k.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of the driver's configuration (PID {@code io.jiffy.driver.r4k}). Only describes the
 * keys for ConfigAdmin and consoles; {@link R4kSettings} reads and validates the values.
 */
@ObjectClassDefinition(id = R4kComponent.PID, name = "Jiffy driver: MIPS R4K",
        description = "MIPS R4K CP0 Count/Compare: clocksource MIPS and one clock-event device MIPS per CPU, "
                + "with simulated faults. A change unregisters the devices and registers them anew. "
                + "An invalid value is logged and no device is registered.")
@interface R4kConfig {

    @AttributeDefinition(name = "Count frequency (Hz)", required = false, min = "1000000", max = "4000000000",
            description = "CP0 Count frequency, 1 MHz to 4 GHz (the 32-bit Count wraps every 2^32 cycles: "
                    + "42.9 s at 100 MHz).")
    long frequencyHz() default R4kSettings.DEFAULT_FREQUENCY_HZ;

    @AttributeDefinition(name = "Clocksource rating", required = false, min = "0", max = "499",
            description = "Rating of clocksource MIPS, 1..499; 0 computes it as the kernel does: "
                    + "200 + frequency / 10 MHz (210 at 100 MHz), at most 499.")
    int clocksourceRating() default 0;

    @AttributeDefinition(name = "Clock-event rating", required = false, min = "1", max = "499",
            description = "Rating of the per-CPU clock-event devices MIPS, 1..499.")
    int clockeventRating() default R4kSettings.DEFAULT_CLOCKEVENT_RATING;

    @AttributeDefinition(name = "Compare write latency (cycles)", required = false, min = "0", max = "65535",
            description = "Count cycles between reading Count and the Compare write taking effect, 0..65535. "
                    + "A delta not larger than this has passed when the write lands (-ETIME). Values of 0x300 "
                    + "and more make even minimum-delta events miss.")
    long compareWriteLatencyCycles() default R4kSettings.DEFAULT_COMPARE_WRITE_LATENCY_CYCLES;

    @AttributeDefinition(name = "Fault: drift (ppm)", required = false, min = "-999999", max = "1000000",
            description = "Count runs fast (positive) or slow (negative) by this many parts per million.")
    long driftPpm() default 0;

    @AttributeDefinition(name = "Fault: stuck counter", required = false,
            description = "Count stands still. The compare-interrupt probe then fails: only the clocksource is registered.")
    boolean stuckCounter() default false;

    @AttributeDefinition(name = "Fault: counter jump (cycles)", required = false, min = "-4294967295", max = "4294967295",
            description = "Moves Count by this many cycles once, when the driver starts (for example to start "
                    + "just before the 32-bit wrap).")
    long counterJumpCycles() default 0;

    @AttributeDefinition(name = "Fault: lost interrupts", required = false, min = "0",
            description = "Every Nth compare interrupt of a CPU is lost (0: none). The CPU's next event then "
                    + "comes only when Count wraps round to Compare again.")
    int lostInterruptsEvery() default 0;

    @AttributeDefinition(name = "Fault: broken compare", required = false,
            description = "A Count/Compare match never raises the timer interrupt. The probe detects it: "
                    + "only the clocksource is registered.")
    boolean brokenCompare() default false;
}
