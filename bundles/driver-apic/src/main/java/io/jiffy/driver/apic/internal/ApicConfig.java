package io.jiffy.driver.apic.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype of the x86 driver's configuration (PID {@value ApicDriver#PID}). Only describes the
 * keys for ConfigAdmin and consoles; {@link ApicSettings} reads and validates the values. A
 * changed configuration re-registers the tsc, every lapic device and the APIC timer list.
 */
@ObjectClassDefinition(id = ApicDriver.PID, name = "Jiffy x86 driver (TSC and local APIC)",
        description = "The tsc clocksource, the per-CPU lapic clock-event devices and the APIC timer list, "
                + "with simulated faults. A change re-registers every device; pending APIC timers are cancelled.")
@interface ApicConfig {

    @AttributeDefinition(name = "TSC frequency (Hz)", required = false, min = "1000000", max = "1000000000000",
            description = "Frequency of the time-stamp counter, 1 MHz..1 THz.")
    long tscFrequencyHz() default ApicSettings.DEFAULT_TSC_FREQUENCY_HZ;

    @AttributeDefinition(name = "TSC rating", required = false, min = "1", max = "499",
            description = "Rating of the tsc clocksource (300: desired).")
    int tscRating() default ApicSettings.DEFAULT_TSC_RATING;

    @AttributeDefinition(name = "Bus frequency (Hz)", required = false, min = "1000000", max = "1000000000000",
            description = "The bus clock the local APIC timer counts, before the divisor.")
    long busFrequencyHz() default ApicSettings.DEFAULT_BUS_FREQUENCY_HZ;

    @AttributeDefinition(name = "APIC timer divisor", required = false,
            description = "Divide configuration of the local APIC timer: the lapic counts at bus frequency / divisor.",
            options = {@Option(label = "1", value = "1"), @Option(label = "2", value = "2"), @Option(label = "4", value = "4"),
                @Option(label = "8", value = "8"), @Option(label = "16", value = "16"), @Option(label = "32", value = "32"),
                @Option(label = "64", value = "64"), @Option(label = "128", value = "128")})
    int apicDivisor() default ApicSettings.DEFAULT_APIC_DIVISOR;

    @AttributeDefinition(name = "lapic rating", required = false, min = "1", max = "499",
            description = "Rating of the lapic clock-event devices (100 as in Linux).")
    int lapicRating() default ApicSettings.DEFAULT_LAPIC_RATING;

    @AttributeDefinition(name = "Fault: TSC drift (ppm)", required = false, min = "-999999", max = "1000000",
            description = "The TSC runs fast (positive) or slow (negative) by this many parts per million; "
                    + "the clocksource watchdog should mark it unstable beyond its threshold.")
    long tscDriftPpm() default 0;

    @AttributeDefinition(name = "Fault: TSC stuck", required = false,
            description = "The TSC stops counting (TSC-deadline timers then never fire).")
    boolean tscStuck() default false;

    @AttributeDefinition(name = "Fault: TSC jump (cycles)", required = false,
            description = "The TSC jumps by this many cycles once, when the driver starts.")
    long tscJumpCycles() default 0;

    @AttributeDefinition(name = "Fault: lose every n-th lapic interrupt", required = false, min = "0",
            description = "0: none lost; n: every n-th interrupt of each lapic device is lost.")
    long lostInterruptsEvery() default 0;

    @AttributeDefinition(name = "IRQ latency (ns)", required = false, min = "0", max = "1000000000",
            description = "Simulated delay between a timer's hardware event and its interrupt, on the lapic "
                    + "and APIC-deadline lines.")
    long irqLatencyNanos() default 0;

    @AttributeDefinition(name = "IRQ jitter (ns)", required = false, min = "0", max = "1000000000",
            description = "Largest extra delay added to each interrupt, drawn from 0..jitter by a seeded PRNG "
                    + "(the same run gives the same delays).")
    long irqJitterNanos() default 0;
}
