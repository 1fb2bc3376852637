package io.jiffy.clocksource;

import java.math.BigInteger;

/**
 * Converts counter cycles to nanoseconds by multiply-and-shift, as the kernel's
 * {@code clocks_calc_mult_shift} / {@code clocksource_cyc2ns} do, without a division on the
 * read path; and nanoseconds to cycles, exactly, for programming comparators.
 *
 * <p>{@code ns = cycles * mult >> shift}. The product is taken at 128 bits
 * ({@link Math#multiplyHigh}), so {@code mult} can be chosen as large as 63 bits allow: the
 * relative error is below 10<sup>-15</sup> for every frequency from 1 Hz to 1 THz (well
 * under the promised 1 ns per second), and every delta up to {@link #maxCycles()} converts
 * without overflow. Immutable and thread-safe.
 */
public final class CycleConverter {

    /** The highest counter frequency supported: 1 THz. */
    public static final long MAX_FREQUENCY_HZ = 1_000_000_000_000L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final BigInteger BILLION = BigInteger.valueOf(NANOS_PER_SECOND);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final long frequencyHz;
    private final long mult;
    private final int shift;
    private final long maxCycles;
    private final long maxNanos;

    private CycleConverter(long frequencyHz) {
        this.frequencyHz = frequencyHz;
        BigInteger hz = BigInteger.valueOf(frequencyHz);
        // largest shift (<= 63) whose rounded mult still fits in 63 bits
        int s = 63;
        BigInteger m = roundedRatio(BILLION, hz, s);
        while (m.compareTo(LONG_MAX) > 0) {
            s--;
            m = roundedRatio(BILLION, hz, s);
        }
        this.shift = s;
        this.mult = m.longValueExact();
        // the largest delta whose product, shifted, still fits in a positive long
        BigInteger limit = LONG_MAX.add(BigInteger.ONE).shiftLeft(shift).subtract(BigInteger.ONE)
                .divide(BigInteger.valueOf(mult));
        this.maxCycles = limit.min(LONG_MAX).longValueExact();
        this.maxNanos = toNanos(maxCycles);
    }

    /**
     * A converter for a counter of the given frequency.
     *
     * @param frequencyHz counter frequency, 1 Hz to {@value #MAX_FREQUENCY_HZ} Hz (1 THz)
     * @throws IllegalArgumentException if {@code frequencyHz} is out of that range
     */
    public static CycleConverter forFrequency(long frequencyHz) {
        if (frequencyHz <= 0 || frequencyHz > MAX_FREQUENCY_HZ) {
            throw new IllegalArgumentException("frequency must be 1 Hz to 1 THz, got " + frequencyHz + " Hz");
        }
        return new CycleConverter(frequencyHz);
    }

    /**
     * Nanoseconds in {@code cycles} counter cycles, rounded down.
     *
     * @param cycles a delta, 0..{@link #maxCycles()}; larger values overflow silently
     */
    public long toNanos(long cycles) {
        long hi = Math.multiplyHigh(cycles, mult);
        long lo = cycles * mult;
        return (hi << (64 - shift)) | (lo >>> shift);
    }

    /**
     * Counter cycles in {@code nanos} nanoseconds, rounded up: {@code ceil(nanos * f / 10^9)},
     * exact, saturating at {@link Long#MAX_VALUE}. The delta to program a comparator with so it
     * does not fire early. Not on the read path, so it is computed exactly rather than by
     * multiply-and-shift.
     *
     * @param nanos a duration, not negative
     */
    public long toCycles(long nanos) {
        long q = nanos / NANOS_PER_SECOND;
        long r = nanos % NANOS_PER_SECOND;
        long whole = q * frequencyHz;
        if (Math.multiplyHigh(q, frequencyHz) != 0 || whole < 0) {
            return Long.MAX_VALUE;
        }
        long hr = frequencyHz % NANOS_PER_SECOND;
        long p = r * hr;
        long part = r * (frequencyHz / NANOS_PER_SECOND) + p / NANOS_PER_SECOND + (p % NANOS_PER_SECOND == 0 ? 0 : 1);
        long sum = whole + part;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** The counter frequency this converter was made for. */
    public long frequencyHz() {
        return frequencyHz;
    }

    /** The multiplier: {@code 10^9 * 2^shift / frequency}, rounded to nearest. */
    public long mult() {
        return mult;
    }

    /** The shift applied after multiplying. */
    public int shift() {
        return shift;
    }

    /** The largest delta in cycles that {@link #toNanos(long)} converts without overflow. */
    public long maxCycles() {
        return maxCycles;
    }

    /** {@link #maxCycles()} in nanoseconds. */
    public long maxNanos() {
        return maxNanos;
    }

    /**
     * The value of a counter of {@code frequencyHz} that started at 0 and has run for
     * {@code nanos}: {@code floor(nanos * frequencyHz / 10^9)}, exact, modulo 2<sup>64</sup>
     * (mask it with the counter's width). For drivers that model registers over the oscillator.
     *
     * @param nanos       oscillator time, not negative
     * @param frequencyHz 1 Hz to 1 THz
     */
    public static long cyclesAt(long nanos, long frequencyHz) {
        long q = nanos / NANOS_PER_SECOND;
        long r = nanos % NANOS_PER_SECOND;
        long hq = frequencyHz / NANOS_PER_SECOND;
        long hr = frequencyHz % NANOS_PER_SECOND;
        // r * hr < 10^18 fits; everything else wraps modulo 2^64 as a counter register does
        return q * frequencyHz + r * hq + (r * hr) / NANOS_PER_SECOND;
    }

    /**
     * The first oscillator time (ns) at which a counter of {@code frequencyHz} that started at 0
     * has reached {@code cycles}: {@code ceil(cycles * 10^9 / frequencyHz)}, exact. For drivers
     * arming a comparator at a counter value.
     *
     * @param cycles      an absolute (unmasked) count, not negative, whose time fits in a long
     * @param frequencyHz 1 Hz to 1 THz
     */
    public static long nanosWhen(long cycles, long frequencyHz) {
        long q = cycles / frequencyHz;
        long r = cycles % frequencyHz;
        long partial;
        if (r <= Long.MAX_VALUE / NANOS_PER_SECOND) {
            long p = r * NANOS_PER_SECOND;
            partial = p / frequencyHz + (p % frequencyHz == 0 ? 0 : 1);
        } else {
            BigInteger[] qr = BigInteger.valueOf(r).multiply(BILLION).divideAndRemainder(BigInteger.valueOf(frequencyHz));
            partial = qr[0].longValue() + (qr[1].signum() == 0 ? 0 : 1);
        }
        return q * NANOS_PER_SECOND + partial;
    }

    private static BigInteger roundedRatio(BigInteger num, BigInteger den, int shift) {
        BigInteger scaled = num.shiftLeft(shift);
        return scaled.add(den.shiftRight(1)).divide(den);
    }

    @Override
    public String toString() {
        return "CycleConverter[" + frequencyHz + " Hz, mult=" + mult + ", shift=" + shift + "]";
    }
}
