package io.jiffy.driver.r4k.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.config.ConfigReader;

/**
 * The driver's settings, read from its configuration (PID {@value R4kComponent#PID}) and
 * validated. An invalid value is reported in one line saying what is accepted, and the driver
 * then registers <b>no</b> device (it does not guess a frequency or a fault the user did not ask
 * for); a missing key takes its default.
 *
 * @param frequencyHz               CP0 Count frequency (the kernel's {@code mips_hpt_frequency})
 * @param clocksourceRating         rating of clocksource {@code MIPS}; 0 means computed as the kernel
 *                                  does, {@link #ratingFor(long) 200 + frequency / 10 MHz}
 * @param clockeventRating          rating of the clock-event devices {@code MIPS}
 * @param compareWriteLatencyCycles Count cycles between reading Count and the Compare write taking
 *                                  effect: a delta not larger than this has passed when the write lands
 * @param driftPpm                  fault: Count runs fast (positive) or slow by this many ppm
 * @param stuckCounter              fault: Count stands still
 * @param counterJumpCycles         fault: Count is moved by this many cycles once, at activation
 * @param lostInterruptsEvery       fault: every Nth compare interrupt of a CPU is lost (0 = none)
 * @param brokenCompare             fault: a Count/Compare match never raises the timer interrupt
 */
public record R4kSettings(long frequencyHz, int clocksourceRating, int clockeventRating, long compareWriteLatencyCycles,
        long driftPpm, boolean stuckCounter, long counterJumpCycles, long lostInterruptsEvery, boolean brokenCompare) {

    /** Default Count frequency: 100 MHz. */
    public static final long DEFAULT_FREQUENCY_HZ = 100_000_000L;
    /** Lowest accepted Count frequency: 1 MHz (the 32-bit Count then wraps every 71.6 minutes). */
    public static final long MIN_FREQUENCY_HZ = 1_000_000L;
    /** Highest accepted Count frequency: 4 GHz (the 32-bit Count then wraps every 1.07 s). */
    public static final long MAX_FREQUENCY_HZ = 4_000_000_000L;
    /** Default clock-event rating, as cevt-r4k.c. */
    public static final int DEFAULT_CLOCKEVENT_RATING = 300;
    /** Highest rating a clocksource or device can have. */
    public static final int MAX_RATING = ClockSource.RATING_PERFECT + 99;
    /**
     * Default Compare write latency: 24 Count cycles (0x18). Count ticks at half the pipeline
     * clock on R4K-class cores, and reading Count, adding the delta, {@code mtc0} to Compare and
     * the execution hazard barriers before Count is read back take a few dozen pipeline cycles.
     * It is above the probe's first delta (0x10), which therefore misses once as it can on
     * hardware, and far below the minimum delta 0x300, so programmed events never miss.
     */
    public static final long DEFAULT_COMPARE_WRITE_LATENCY_CYCLES = 0x18;
    /** Highest accepted Compare write latency, in Count cycles. */
    public static final long MAX_COMPARE_WRITE_LATENCY_CYCLES = 0xffff;
    /** Largest jump magnitude: a jump by a multiple of 2^32 would leave the 32-bit Count unchanged. */
    public static final long MAX_JUMP_CYCLES = Cp0Count.MASK;

    static final String FREQUENCY_HZ = "frequencyHz";
    static final String CLOCKSOURCE_RATING = "clocksourceRating";
    static final String CLOCKEVENT_RATING = "clockeventRating";
    static final String COMPARE_WRITE_LATENCY_CYCLES = "compareWriteLatencyCycles";
    static final String DRIFT_PPM = "driftPpm";
    static final String STUCK_COUNTER = "stuckCounter";
    static final String COUNTER_JUMP_CYCLES = "counterJumpCycles";
    static final String LOST_INTERRUPTS_EVERY = "lostInterruptsEvery";
    static final String BROKEN_COMPARE = "brokenCompare";

    /** Everything at its default: 100 MHz, no fault. */
    public static final R4kSettings DEFAULTS = new R4kSettings(DEFAULT_FREQUENCY_HZ, 0, DEFAULT_CLOCKEVENT_RATING,
            DEFAULT_COMPARE_WRITE_LATENCY_CYCLES, 0, false, 0, 0, false);

    /**
     * The kernel's rating of clocksource {@code MIPS} (csrc-r4k.c): {@code 200 + frequency / 10 MHz},
     * capped at {@value #MAX_RATING}, the top of the rating scale (reached from 3 GHz).
     */
    public static int ratingFor(long frequencyHz) {
        return (int) Math.min(MAX_RATING, ClockSource.RATING_GOOD + frequencyHz / 10_000_000L);
    }

    /** The rating clocksource {@code MIPS} is registered with: the configured one, or computed when 0. */
    public int effectiveClocksourceRating() {
        return clocksourceRating == 0 ? ratingFor(frequencyHz) : clocksourceRating;
    }

    /** These settings with another Count frequency. */
    public R4kSettings withFrequencyHz(long hz) {
        return new R4kSettings(hz, clocksourceRating, clockeventRating, compareWriteLatencyCycles, driftPpm,
                stuckCounter, counterJumpCycles, lostInterruptsEvery, brokenCompare);
    }

    /** These settings with another Compare write latency. */
    public R4kSettings withCompareWriteLatencyCycles(long cycles) {
        return new R4kSettings(frequencyHz, clocksourceRating, clockeventRating, cycles, driftPpm,
                stuckCounter, counterJumpCycles, lostInterruptsEvery, brokenCompare);
    }

    /** These settings with the Count moved by {@code cycles} at activation. */
    public R4kSettings withCounterJumpCycles(long cycles) {
        return new R4kSettings(frequencyHz, clocksourceRating, clockeventRating, compareWriteLatencyCycles, driftPpm,
                stuckCounter, cycles, lostInterruptsEvery, brokenCompare);
    }

    /** These settings with the faults drift, stuck counter, lost interrupts and broken compare. */
    public R4kSettings withFaults(long drift, boolean stuck, long lostEvery, boolean broken) {
        return new R4kSettings(frequencyHz, clocksourceRating, clockeventRating, compareWriteLatencyCycles, drift,
                stuck, counterJumpCycles, lostEvery, broken);
    }

    /** The faults in force, for log lines: {@code none} or e.g. {@code drift 50 ppm, broken compare}. */
    public String faults() {
        List<String> f = new ArrayList<>();
        if (driftPpm != 0) {
            f.add("drift " + driftPpm + " ppm");
        }
        if (stuckCounter) {
            f.add("stuck counter");
        }
        if (counterJumpCycles != 0) {
            f.add("counter jump " + counterJumpCycles + " cycles");
        }
        if (lostInterruptsEvery != 0) {
            f.add("every " + lostInterruptsEvery + ". compare interrupt lost");
        }
        if (brokenCompare) {
            f.add("broken compare");
        }
        return f.isEmpty() ? "none" : String.join(", ", f);
    }

    /**
     * Reads the settings from a configuration.
     *
     * @param config the component's properties (may hold none of the keys; others are ignored)
     * @param error  receives one line per invalid value, saying what is accepted
     * @return the settings, or null when any value was invalid
     */
    public static R4kSettings from(Map<String, ?> config, Consumer<String> error) {
        ConfigReader r = new ConfigReader(config, (key, value, accepted, dflt) -> error.accept("invalid configuration "
                + key + " '" + value + "' of " + R4kComponent.PID + ": accepted are " + accepted
                + "; the MIPS devices are not registered"));
        long hz = r.number(FREQUENCY_HZ, DEFAULT_FREQUENCY_HZ, MIN_FREQUENCY_HZ, MAX_FREQUENCY_HZ,
                MIN_FREQUENCY_HZ + ".." + MAX_FREQUENCY_HZ + " Hz (1 MHz to 4 GHz)");
        long csRating = r.number(CLOCKSOURCE_RATING, 0, 0, MAX_RATING,
                "1.." + MAX_RATING + ", or 0 for 200 + frequency / 10 MHz");
        long ceRating = r.number(CLOCKEVENT_RATING, DEFAULT_CLOCKEVENT_RATING, 1, MAX_RATING, "1.." + MAX_RATING);
        long latency = r.number(COMPARE_WRITE_LATENCY_CYCLES, DEFAULT_COMPARE_WRITE_LATENCY_CYCLES, 0,
                MAX_COMPARE_WRITE_LATENCY_CYCLES, "0.." + MAX_COMPARE_WRITE_LATENCY_CYCLES + " Count cycles");
        long drift = r.number(DRIFT_PPM, 0, -999_999, 1_000_000, "-999999..1000000 ppm");
        boolean stuck = r.bool(STUCK_COUNTER, false);
        long jump = r.number(COUNTER_JUMP_CYCLES, 0, -MAX_JUMP_CYCLES, MAX_JUMP_CYCLES,
                -MAX_JUMP_CYCLES + ".." + MAX_JUMP_CYCLES + " Count cycles");
        long lost = r.number(LOST_INTERRUPTS_EVERY, 0, 0, Integer.MAX_VALUE,
                "0 (none lost) or N in 1.." + Integer.MAX_VALUE + " (every Nth compare interrupt lost)");
        boolean broken = r.bool(BROKEN_COMPARE, false);
        if (!r.valid()) {
            return null;
        }
        return new R4kSettings(hz, (int) csRating, (int) ceRating, latency, drift, stuck, jump, lost, broken);
    }
}
