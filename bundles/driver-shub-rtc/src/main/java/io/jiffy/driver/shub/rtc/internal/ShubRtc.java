package io.jiffy.driver.shub.rtc.internal;

import io.jiffy.machine.Machine;
import io.jiffy.machine.OscillatorCounter;

/**
 * The SHub's real-time clock: a 55-bit counter register ({@code SH_RTC}) clocked at the
 * configured frequency over the machine's oscillator, with the configured faults applied once at
 * start (drift, a stuck counter, a jump of the count). Also the exact arithmetic between counts
 * and nanoseconds that CLOCK_SGI_CYCLE and its timers use.
 *
 * <p>Counts here are the <em>unmasked</em> count of the {@link OscillatorCounter} (64 bits,
 * never wrapping in practice), so time derived from them does not jump when the 55-bit
 * register wraps; {@link #read()} is the register itself. Conversions are exact (no truncated
 * integer period): {@link #nanosOf(long)} is {@code floor(count * 10^9 / f)} and
 * {@link #countAt(long)} its inverse, {@code ceil(nanos * f / 10^9)}. All methods are lock-free
 * and allocation-free.
 */
final class ShubRtc {

    /** Width of the RTC counter register (the kernel's {@code RTC_BITS}). */
    static final int RTC_BITS = 55;
    /** The lowest frequency the driver accepts (mmtimer_init's sanity check). */
    static final long MIN_FREQUENCY_HZ = 100_000L;
    /** The highest frequency an oscillator counter supports: 1 THz. */
    static final long MAX_FREQUENCY_HZ = 1_000_000_000_000L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long FEMTOS_PER_SECOND = 1_000_000_000_000_000L;
    /** The largest remainder whose product with 10^9 fits in a long. */
    private static final long SMALL_REMAINDER = Long.MAX_VALUE / NANOS_PER_SECOND;

    private final OscillatorCounter counter;
    private final long hz;
    private final long hzWholeGiga; // hz / 10^9
    private final long hzRestGiga;  // hz % 10^9

    /**
     * The RTC of {@code machine}, counting at {@code frequencyHz} since power-on, with the given
     * faults applied now: drift in ppm, a jump of the count by {@code jumpCycles} (forwards or
     * backwards), and a stuck counter.
     *
     * @throws IllegalArgumentException if the frequency is outside 100 kHz..1 THz
     */
    ShubRtc(Machine machine, long frequencyHz, long driftPpm, boolean stuck, long jumpCycles) {
        if (frequencyHz < MIN_FREQUENCY_HZ || frequencyHz > MAX_FREQUENCY_HZ) {
            throw new IllegalArgumentException("SHub RTC frequency must be " + MIN_FREQUENCY_HZ + ".."
                    + MAX_FREQUENCY_HZ + " Hz, got " + frequencyHz);
        }
        this.counter = new OscillatorCounter(machine, frequencyHz, RTC_BITS);
        this.hz = frequencyHz;
        this.hzWholeGiga = frequencyHz / NANOS_PER_SECOND;
        this.hzRestGiga = frequencyHz % NANOS_PER_SECOND;
        counter.applyFaults(driftPpm, stuck, jumpCycles);
    }

    /** The counter register model (for arming comparators with {@link OscillatorCounter#nanosWhen}). */
    OscillatorCounter counter() {
        return counter;
    }

    /** The nominal frequency in Hz. */
    long frequencyHz() {
        return hz;
    }

    /** The 55-bit register now ({@code rtc_time()}): wraps to 0 after 2^55 - 1. */
    long read() {
        return counter.read();
    }

    /** The unmasked count now: what timers and CLOCK_SGI_CYCLE work in. */
    long count() {
        return counter.count();
    }

    /** The register mask, 2^55 - 1. */
    long mask() {
        return counter.mask();
    }

    /**
     * Nanoseconds in {@code count} ticks, exactly: {@code floor(count * 10^9 / f)}, for any count
     * (negative after a backwards jump); wraps modulo 2^64 only beyond thousands of years.
     */
    long nanosOf(long count) {
        long q = Math.floorDiv(count, hz);
        long r = Math.floorMod(count, hz);
        return q * NANOS_PER_SECOND + fractionNanos(r);
    }

    /** {@code floor(r * 10^9 / hz)} for {@code 0 <= r < hz}, without overflow. */
    private long fractionNanos(long r) {
        if (r <= SMALL_REMAINDER) {
            return r * NANOS_PER_SECOND / hz;
        }
        // long division in base 1000, three digits: every partial product stays below 10^15
        long digits = 0;
        long x = r;
        for (int k = 0; k < 3; k++) {
            x *= 1000;
            digits = digits * 1000 + x / hz;
            x %= hz;
        }
        return digits;
    }

    /**
     * The first count whose {@link #nanosOf(long) time} reaches {@code nanos}:
     * {@code ceil(nanos * f / 10^9)}, exact; saturates at {@link Long#MAX_VALUE} (or
     * {@link Long#MIN_VALUE}) for times the counter never reaches.
     */
    long countAt(long nanos) {
        long q = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long r = Math.floorMod(nanos, NANOS_PER_SECOND);
        long p = r * hzRestGiga; // both below 10^9
        long part = r * hzWholeGiga + p / NANOS_PER_SECOND + (p % NANOS_PER_SECOND == 0 ? 0 : 1);
        long whole = q * hz;
        if (Math.multiplyHigh(q, hz) != (whole >> 63)) {
            return q < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        long sum = whole + part;
        return ((whole ^ sum) & (part ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** The length of one tick in femtoseconds, rounded to nearest (the kernel's mmtimer_femtoperiod). */
    long femtoPeriod() {
        return (FEMTOS_PER_SECOND + hz / 2) / hz;
    }

    /** One tick in nanoseconds, rounded up, at least 1: CLOCK_SGI_CYCLE's resolution. */
    long periodNanosCeil() {
        return Math.max(1, (NANOS_PER_SECOND + hz - 1) / hz);
    }

    @Override
    public String toString() {
        return "SHub RTC " + counter;
    }
}
