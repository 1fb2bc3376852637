package io.jiffy.clocksource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link CycleConverter} checked against exact BigInteger arithmetic, for the
 * frequencies real counters have (1 kHz to 10 GHz, named ones and random ones) and for deltas
 * spread over every order of magnitude up to {@link CycleConverter#maxCycles()}.
 */
class CycleConverterTest {

    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** The frequencies of real counters the drivers model, 1 kHz .. 10 GHz. */
    static final long[] NAMED_FREQUENCIES = {
        1_000L, 32_768L, 1_000_000L, 14_318_180L, 25_000_000L, 100_000_000L,
        1_000_000_000L, 2_400_000_000L, 3_123_456_789L, 10_000_000_000L,
    };

    /** A frequency and a value (cycles or nanoseconds) to convert at it. */
    record Case(long hz, long value) {
    }

    // ---------------------------------------------------------------- generators

    /** Named frequencies half of the time, otherwise anything from 1 kHz to 10 GHz. */
    static Arbitrary<Long> frequencyArb() {
        return Arbitraries.oneOf(
                Arbitraries.of(box(NAMED_FREQUENCIES)),
                Arbitraries.longs().between(1_000L, 10_000_000_000L));
    }

    /**
     * Where a value falls in 0..max, drawn independently of max (so no generator is built per
     * try): near 0, near max, uniform, or - most often - spread evenly over orders of magnitude
     * (a uniform pick alone would almost always be near max).
     */
    record Pick(int kind, int bits, long raw) {

        long within(long max) {
            long r = raw >>> 1;
            switch (kind) {
                case 0:
                    return Math.min(max, r % 3);
                case 1:
                    return max - r % (Math.min(max, 1_000_000) + 1);
                case 2:
                case 3:
                    return uniform(r, max);
                default:
                    long v = r >>> (63 - bits);
                    return v <= max ? v : uniform(r, max);
            }
        }

        /** r (0..2^63-1) folded into 0..max. */
        static long uniform(long r, long max) {
            return max == Long.MAX_VALUE ? r : r % (max + 1);
        }
    }

    static Arbitrary<Pick> picks() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 63),
                Arbitraries.longs().withDistribution(RandomDistribution.uniform()))
                .as(Pick::new);
    }

    @Provide
    Arbitrary<Case> cyclesUpToMax() {
        return Combinators.combine(frequencyArb(), picks())
                .as((hz, pick) -> new Case(hz, pick.within(CycleConverter.forFrequency(hz).maxCycles())));
    }

    @Provide
    Arbitrary<Case> anyNanos() {
        return Combinators.combine(frequencyArb(), picks())
                .as((hz, pick) -> new Case(hz, pick.within(Long.MAX_VALUE)));
    }

    @Provide
    Arbitrary<Case> anyCyclesWithRepresentableNanos() {
        return Combinators.combine(frequencyArb(), picks())
                .as((hz, pick) -> new Case(hz, pick.within(largestCountWithRepresentableNanos(hz))));
    }

    /** The largest count whose first ns, ceil(c * 10^9 / hz), still fits in a long. */
    static long largestCountWithRepresentableNanos(long hz) {
        return LONG_MAX.multiply(BigInteger.valueOf(hz)).divide(BILLION).min(LONG_MAX).longValueExact();
    }

    @Provide
    Arbitrary<Long> frequencies() {
        return frequencyArb();
    }

    @Provide
    Arbitrary<Long> widerFrequencies() {
        return Arbitraries.longs().between(1L, 1_000_000_000_000L);
    }

    // ---------------------------------------------------------------- exact references

    static BigInteger exactNanosFloor(long cycles, long hz) {
        return BigInteger.valueOf(cycles).multiply(BILLION).divide(BigInteger.valueOf(hz));
    }

    static BigInteger exactCyclesCeil(long nanos, long hz) {
        BigInteger[] qr = BigInteger.valueOf(nanos).multiply(BigInteger.valueOf(hz)).divideAndRemainder(BILLION);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    static BigInteger exactNanosCeil(long cycles, long hz) {
        BigInteger[] qr = BigInteger.valueOf(cycles).multiply(BILLION).divideAndRemainder(BigInteger.valueOf(hz));
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    // ---------------------------------------------------------------- toNanos

    @Property(tries = 20_000)
    void toNanosIsWithinOneNanosecondPerSecond(@ForAll("cyclesUpToMax") Case c) {
        CycleConverter cc = CycleConverter.forFrequency(c.hz());
        long ns = cc.toNanos(c.value());
        BigInteger exact = exactNanosFloor(c.value(), c.hz());
        BigInteger err = BigInteger.valueOf(ns).subtract(exact).abs();
        BigInteger allowed = BigInteger.ONE.add(exact.divide(BILLION));
        assertTrue(err.compareTo(allowed) <= 0,
                () -> cc + ": toNanos(" + c.value() + ") = " + ns + ", exact " + exact + ", error " + err);
    }

    @Property(tries = 20_000)
    void toNanosIsNonNegativeAndMonotone(@ForAll("cyclesUpToMax") Case c) {
        CycleConverter cc = CycleConverter.forFrequency(c.hz());
        long ns = cc.toNanos(c.value());
        assertTrue(ns >= 0, () -> cc + ": toNanos(" + c.value() + ") = " + ns);
        assertTrue(ns <= cc.maxNanos(), () -> cc + ": toNanos(" + c.value() + ") = " + ns + " > maxNanos");
        if (c.value() < cc.maxCycles()) {
            long next = cc.toNanos(c.value() + 1);
            assertTrue(next >= ns, () -> cc + ": toNanos(" + (c.value() + 1) + ") = " + next + " < " + ns);
            long halfway = c.value() + (cc.maxCycles() - c.value()) / 2;
            assertTrue(cc.toNanos(halfway) >= ns, () -> cc + ": not monotone between " + c.value() + " and " + halfway);
        }
    }

    @Property(tries = 2_000)
    void maxCyclesIsTheLargestDeltaThatDoesNotOverflow(@ForAll("frequencies") long hz) {
        CycleConverter cc = CycleConverter.forFrequency(hz);
        assertEquals(cc.maxNanos(), cc.toNanos(cc.maxCycles()));
        assertTrue(cc.maxNanos() > 0);
        // the conversion, done exactly, of maxCycles fits in a long ...
        BigInteger exactProduct = BigInteger.valueOf(cc.maxCycles()).multiply(BigInteger.valueOf(cc.mult()));
        assertTrue(exactProduct.shiftRight(cc.shift()).compareTo(LONG_MAX) <= 0);
        assertEquals(exactProduct.shiftRight(cc.shift()).longValueExact(), cc.maxNanos());
        // ... and one more cycle would not (unless maxCycles is already Long.MAX_VALUE)
        if (cc.maxCycles() < Long.MAX_VALUE) {
            BigInteger next = BigInteger.valueOf(cc.maxCycles() + 1).multiply(BigInteger.valueOf(cc.mult()));
            assertTrue(next.shiftRight(cc.shift()).compareTo(LONG_MAX) > 0, cc::toString);
        }
        // far more than any counter wrap or idle period: decades even at 10 GHz
        assertTrue(cc.maxNanos() >= 25L * 365 * 24 * 3600 * 1_000_000_000L, () -> cc + " maxNanos " + cc.maxNanos());
    }

    @Property(tries = 2_000)
    void multIsTheRoundedRatio(@ForAll("frequencies") long hz) {
        CycleConverter cc = CycleConverter.forFrequency(hz);
        assertEquals(hz, cc.frequencyHz());
        BigInteger scaled = BILLION.shiftLeft(cc.shift());
        BigInteger h = BigInteger.valueOf(hz);
        BigInteger rounded = scaled.add(h.shiftRight(1)).divide(h);
        assertEquals(rounded.longValueExact(), cc.mult());
        assertTrue(cc.shift() >= 1 && cc.shift() <= 63, cc::toString);
    }

    @Property(tries = 5_000)
    void toNanosIsExactToOneNanosecondFromOneHertzToOneTerahertz(@ForAll("widerFrequencies") long hz) {
        CycleConverter cc = CycleConverter.forFrequency(hz);
        for (long c : new long[] {0, 1, hz, cc.maxCycles() / 3, cc.maxCycles()}) {
            BigInteger exact = exactNanosFloor(c, hz);
            BigInteger err = BigInteger.valueOf(cc.toNanos(c)).subtract(exact).abs();
            assertTrue(err.compareTo(BigInteger.ONE.add(exact.divide(BILLION))) <= 0,
                    () -> cc + ": toNanos(" + c + ") error " + err);
        }
    }

    @Example
    void namedFrequenciesConvertOneSecondExactly() {
        for (long hz : NAMED_FREQUENCIES) {
            CycleConverter cc = CycleConverter.forFrequency(hz);
            long oneSecond = cc.toNanos(hz);
            assertTrue(Math.abs(oneSecond - 1_000_000_000L) <= 1, () -> cc + ": 1 s of cycles = " + oneSecond + " ns");
            assertEquals(0, cc.toNanos(0));
        }
    }

    @Example
    void hundredMegahertzIsTenNanosecondsPerCycle() {
        CycleConverter cc = CycleConverter.forFrequency(100_000_000L);
        assertEquals(10, cc.toNanos(1));
        assertEquals(10_000, cc.toNanos(1_000));
        // exact when the count is whole, rounded up otherwise
        assertEquals(10, cc.toCycles(100));
        assertEquals(11, cc.toCycles(101));
        assertEquals(1, cc.toCycles(1));
        assertEquals(0, cc.toCycles(0));
    }

    // ---------------------------------------------------------------- toCycles

    @Property(tries = 20_000)
    void toCyclesIsTheExactCeiling(@ForAll("anyNanos") Case c) {
        CycleConverter cc = CycleConverter.forFrequency(c.hz());
        long cycles = cc.toCycles(c.value());
        BigInteger exact = exactCyclesCeil(c.value(), c.hz());
        if (exact.compareTo(LONG_MAX) >= 0) {
            assertEquals(Long.MAX_VALUE, cycles, () -> cc + ": toCycles(" + c.value() + ") must saturate, exact " + exact);
        } else {
            long e = exact.longValueExact();
            assertEquals(e, cycles, () -> cc + ": toCycles(" + c.value() + ")");
        }
    }

    /**
     * Just below the point where the result saturates overflow is closest: check that stretch
     * specifically.
     */
    @Property(tries = 20_000)
    void toCyclesIsExactNearSaturation(@ForAll("nanosNearSaturation") Case c) {
        toCyclesIsTheExactCeiling(c);
    }

    @Provide
    Arbitrary<Case> nanosNearSaturation() {
        return Combinators.combine(frequencyArb(), Arbitraries.longs().withDistribution(RandomDistribution.uniform()))
                .as((hz, raw) -> {
                    // the largest ns whose cycle count fits in a long
                    long limit = LONG_MAX.multiply(BILLION).divide(BigInteger.valueOf(hz)).min(LONG_MAX).longValueExact();
                    long half = limit / 2;
                    return new Case(hz, half + Pick.uniform(raw >>> 1, limit - half));
                });
    }

    @Example
    void toCyclesIsExactAt4GhzNearSaturation() {
        // an inverse multiply-and-shift gave the exact count + 2 here
        CycleConverter cc = CycleConverter.forFrequency(4_024_731_533L);
        long ns = 2_291_673_857_306_888_301L;
        assertEquals(exactCyclesCeil(ns, 4_024_731_533L).longValueExact(), cc.toCycles(ns));
    }

    @Example
    void toCyclesSaturatesAtLongMax() {
        for (long hz : NAMED_FREQUENCIES) {
            CycleConverter cc = CycleConverter.forFrequency(hz);
            if (hz >= 1_000_000_000L) {
                assertEquals(Long.MAX_VALUE, cc.toCycles(Long.MAX_VALUE), cc::toString);
            }
            if (hz > 2_000_000_000L) {
                assertEquals(Long.MAX_VALUE, cc.toCycles(Long.MAX_VALUE / 2), cc::toString);
            }
        }
    }

    // ---------------------------------------------------------------- static exact helpers

    @Property(tries = 20_000)
    void cyclesAtIsTheExactFloorModulo2To64(@ForAll("anyNanos") Case c) {
        BigInteger exact = BigInteger.valueOf(c.value()).multiply(BigInteger.valueOf(c.hz())).divide(BILLION);
        assertEquals(exact.longValue(), CycleConverter.cyclesAt(c.value(), c.hz()),
                () -> "cyclesAt(" + c.value() + ", " + c.hz() + ")");
    }

    @Property(tries = 20_000)
    void nanosWhenIsTheExactCeiling(@ForAll("anyCyclesWithRepresentableNanos") Case c) {
        BigInteger exact = exactNanosCeil(c.value(), c.hz());
        assertEquals(exact.longValueExact(), CycleConverter.nanosWhen(c.value(), c.hz()),
                () -> "nanosWhen(" + c.value() + ", " + c.hz() + ")");
    }

    @Property(tries = 20_000)
    void nanosWhenIsTheFirstInstantTheCounterReachesTheCount(@ForAll("anyCyclesWithRepresentableNanos") Case c) {
        long ns = CycleConverter.nanosWhen(c.value(), c.hz());
        assertTrue(Long.compareUnsigned(CycleConverter.cyclesAt(ns, c.hz()), c.value()) >= 0,
                () -> "cyclesAt(nanosWhen(" + c.value() + ")) below the count, hz " + c.hz());
        if (ns > 0) {
            assertTrue(Long.compareUnsigned(CycleConverter.cyclesAt(ns - 1, c.hz()), c.value()) < 0,
                    () -> "nanosWhen(" + c.value() + ") = " + ns + " is not the first instant, hz " + c.hz());
        }
    }

    @Example
    void staticHelpersOnKnownValues() {
        assertEquals(2_400_000_000L, CycleConverter.cyclesAt(1_000_000_000L, 2_400_000_000L));
        assertEquals(2, CycleConverter.cyclesAt(1, 2_400_000_000L));
        assertEquals(0, CycleConverter.cyclesAt(30_517, 32_768));
        assertEquals(1, CycleConverter.cyclesAt(30_518, 32_768));
        assertEquals(30_518, CycleConverter.nanosWhen(1, 32_768));
        assertEquals(1, CycleConverter.nanosWhen(1, 2_400_000_000L));
        assertEquals(0, CycleConverter.nanosWhen(0, 1_000));
        assertEquals(1_000_000_000L, CycleConverter.nanosWhen(1_000, 1_000));
    }

    // ---------------------------------------------------------------- construction

    @Example
    void rejectsNonPositiveFrequencies() {
        for (long hz : new long[] {0, -1, -1_000_000, Long.MIN_VALUE, CycleConverter.MAX_FREQUENCY_HZ + 1, Long.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CycleConverter.forFrequency(hz));
            assertTrue(e.getMessage().contains(Long.toString(hz)), e::getMessage);
        }
    }

    @Example
    void acceptsTheExtremes() {
        for (long hz : new long[] {1, CycleConverter.MAX_FREQUENCY_HZ}) {
            CycleConverter cc = CycleConverter.forFrequency(hz);
            assertEquals(cc.maxNanos(), cc.toNanos(cc.maxCycles()));
            assertTrue(cc.toCycles(1_000_000_000L) >= hz, cc::toString);
        }
    }

    private static Long[] box(long[] values) {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
