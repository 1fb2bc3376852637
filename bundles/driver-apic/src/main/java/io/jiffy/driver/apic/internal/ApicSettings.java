package io.jiffy.driver.apic.internal;

import java.util.Map;
import java.util.function.Consumer;

import io.jiffy.config.ConfigReader;

/**
 * The x86 driver's settings, read from its configuration (PID {@value ApicDriver#PID}).
 * An invalid value is reported in one line saying what is accepted and replaced by its default:
 * the driver always registers its devices.
 *
 * @param tscFrequencyHz      TSC frequency, 1 MHz..1 THz
 * @param tscRating           rating of the {@code tsc} clocksource, 1..499
 * @param busFrequencyHz      the bus clock the local APIC timer divides, 1 MHz..1 THz
 * @param apicDivisor         the APIC timer's divide configuration: 1, 2, 4, ..., 128
 * @param lapicRating         rating of the {@code lapic} clock-event devices, 1..499
 * @param tscDriftPpm         simulated TSC drift, -999999..1000000 ppm
 * @param tscStuck            simulated stopped TSC
 * @param tscJumpCycles       simulated TSC jump, applied once when the driver starts
 * @param lostInterruptsEvery every n-th lapic interrupt is lost; 0 for none
 * @param irqLatencyNanos     simulated interrupt latency of the lapic and deadline lines, 0..1 s
 * @param irqJitterNanos      largest extra latency drawn by a seeded PRNG, 0..1 s
 */
record ApicSettings(long tscFrequencyHz, int tscRating, long busFrequencyHz, int apicDivisor, int lapicRating,
        long tscDriftPpm, boolean tscStuck, long tscJumpCycles, long lostInterruptsEvery, long irqLatencyNanos,
        long irqJitterNanos) {

    static final long DEFAULT_TSC_FREQUENCY_HZ = 2_400_000_000L;
    static final int DEFAULT_TSC_RATING = 300;
    static final long DEFAULT_BUS_FREQUENCY_HZ = 100_000_000L;
    static final int DEFAULT_APIC_DIVISOR = 16;
    static final int DEFAULT_LAPIC_RATING = 100;

    static final long MIN_FREQUENCY_HZ = 1_000_000L;
    static final long MAX_FREQUENCY_HZ = 1_000_000_000_000L;
    static final long MAX_IRQ_DELAY_NANOS = 1_000_000_000L;

    static final String TSC_FREQUENCY_HZ = "tscFrequencyHz";
    static final String TSC_RATING = "tscRating";
    static final String BUS_FREQUENCY_HZ = "busFrequencyHz";
    static final String APIC_DIVISOR = "apicDivisor";
    static final String LAPIC_RATING = "lapicRating";
    static final String TSC_DRIFT_PPM = "tscDriftPpm";
    static final String TSC_STUCK = "tscStuck";
    static final String TSC_JUMP_CYCLES = "tscJumpCycles";
    static final String LOST_INTERRUPTS_EVERY = "lostInterruptsEvery";
    static final String IRQ_LATENCY_NANOS = "irqLatencyNanos";
    static final String IRQ_JITTER_NANOS = "irqJitterNanos";

    /** Every setting at its default: a healthy 2.4 GHz TSC, a 100 MHz bus divided by 16, no faults. */
    static final ApicSettings DEFAULTS = new ApicSettings(DEFAULT_TSC_FREQUENCY_HZ, DEFAULT_TSC_RATING,
            DEFAULT_BUS_FREQUENCY_HZ, DEFAULT_APIC_DIVISOR, DEFAULT_LAPIC_RATING, 0, false, 0, 0, 0, 0);

    /** The frequency the lapic timer counts at: the bus clock divided by the divisor (rounded down). */
    long lapicFrequencyHz() {
        return busFrequencyHz / apicDivisor;
    }

    /**
     * Reads the settings from configuration properties; values may be numbers or strings.
     *
     * @param config the component's configuration (may hold none of the keys)
     * @param error  receives one line per invalid value, saying what is accepted and what is used
     */
    static ApicSettings from(Map<String, ?> config, Consumer<String> error) {
        ConfigReader r = new ConfigReader(config, error);
        long tscHz = r.number(TSC_FREQUENCY_HZ, DEFAULT_TSC_FREQUENCY_HZ, MIN_FREQUENCY_HZ, MAX_FREQUENCY_HZ,
                "Hz from 1000000 (1 MHz) to 1000000000000 (1 THz)");
        int tscRating = (int) r.number(TSC_RATING, DEFAULT_TSC_RATING, 1, 499, "ratings 1..499");
        long busHz = r.number(BUS_FREQUENCY_HZ, DEFAULT_BUS_FREQUENCY_HZ, MIN_FREQUENCY_HZ, MAX_FREQUENCY_HZ,
                "Hz from 1000000 (1 MHz) to 1000000000000 (1 THz)");
        int divisor = (int) r.number(APIC_DIVISOR, DEFAULT_APIC_DIVISOR, 1, 128, "1, 2, 4, 8, 16, 32, 64 or 128");
        if (Integer.bitCount(divisor) != 1) {
            r.reject(APIC_DIVISOR, "1, 2, 4, 8, 16, 32, 64 or 128", DEFAULT_APIC_DIVISOR);
            divisor = DEFAULT_APIC_DIVISOR;
        }
        int lapicRating = (int) r.number(LAPIC_RATING, DEFAULT_LAPIC_RATING, 1, 499, "ratings 1..499");
        long drift = r.number(TSC_DRIFT_PPM, 0, -999_999, 1_000_000, "ppm from -999999 to 1000000");
        boolean stuck = r.bool(TSC_STUCK, false);
        long jump = r.number(TSC_JUMP_CYCLES, 0, Long.MIN_VALUE, Long.MAX_VALUE, "a whole number of cycles");
        long lost = r.number(LOST_INTERRUPTS_EVERY, 0, 0, Long.MAX_VALUE, "0 (none lost) or n >= 1 (every n-th lost)");
        long latency = r.number(IRQ_LATENCY_NANOS, 0, 0, MAX_IRQ_DELAY_NANOS, "nanoseconds 0..1000000000");
        long jitter = r.number(IRQ_JITTER_NANOS, 0, 0, MAX_IRQ_DELAY_NANOS, "nanoseconds 0..1000000000");
        return new ApicSettings(tscHz, tscRating, busHz, divisor, lapicRating, drift, stuck, jump, lost, latency, jitter);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("tsc ").append(tscFrequencyHz).append(" Hz rating ").append(tscRating)
                .append(", lapic ").append(busFrequencyHz).append(" Hz / ").append(apicDivisor)
                .append(" = ").append(lapicFrequencyHz()).append(" Hz rating ").append(lapicRating)
                .append(", IRQ latency ").append(irqLatencyNanos).append(" ns");
        if (irqJitterNanos > 0) {
            sb.append(" + jitter 0..").append(irqJitterNanos).append(" ns");
        }
        if (tscDriftPpm != 0) {
            sb.append(", fault: tsc drift ").append(tscDriftPpm).append(" ppm");
        }
        if (tscStuck) {
            sb.append(", fault: tsc stuck");
        }
        if (tscJumpCycles != 0) {
            sb.append(", fault: tsc jump ").append(tscJumpCycles).append(" cycles");
        }
        if (lostInterruptsEvery > 0) {
            sb.append(", fault: every ").append(lostInterruptsEvery).append(lostInterruptsEvery == 1 ? "" : "th")
                    .append(" lapic interrupt lost");
        }
        return sb.toString();
    }
}
