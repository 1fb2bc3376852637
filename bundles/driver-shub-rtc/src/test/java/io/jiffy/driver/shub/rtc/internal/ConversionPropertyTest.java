package io.jiffy.driver.shub.rtc.internal;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.math.BigDecimal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import io.jiffy.machine.internal.MachineCore;

/**
 * {@link ShubRtc#nanosOf} and {@link ShubRtc#countAt} against exact big-number arithmetic, for
 * frequencies from 100 kHz to 1 THz (both code paths of the division) and counts either side of 0.
 */
class ConversionPropertyTest {

    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    @Property(tries = 300)
    void nanosOfIsTheFloorOfCountTimesPeriod(@ForAll @LongRange(min = 100_000L, max = 1_000_000_000_000L) long hz,
            @ForAll @LongRange(min = -(1L << 56), max = 1L << 56) long count) {
        ShubRtc rtc = rtc(hz);
        BigInteger exact = floorDiv(BigInteger.valueOf(count).multiply(BILLION), BigInteger.valueOf(hz));
        if (exact.bitLength() < 63) {
            check(exact.longValueExact() == rtc.nanosOf(count), "nanosOf(" + count + ") at " + hz + " Hz");
        }
    }

    @Property(tries = 300)
    void countAtIsTheFirstCountReachingATime(@ForAll @LongRange(min = 100_000L, max = 1_000_000_000_000L) long hz,
            @ForAll @LongRange(min = -(1L << 50), max = 1L << 60) long nanos) {
        ShubRtc rtc = rtc(hz);
        BigInteger num = BigInteger.valueOf(nanos).multiply(BigInteger.valueOf(hz));
        BigInteger exact = new BigDecimal(num).divide(new BigDecimal(BILLION), 0, RoundingMode.CEILING).toBigIntegerExact();
        if (exact.bitLength() < 63) {
            long c = rtc.countAt(nanos);
            check(exact.longValueExact() == c, "countAt(" + nanos + ") at " + hz + " Hz");
            check(rtc.nanosOf(c) >= nanos && rtc.nanosOf(c - 1) < nanos, "first count reaching " + nanos);
        }
    }

    private static BigInteger floorDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static ShubRtc rtc(long hz) {
        // the conversions do not read the machine: an unstarted virtual one is enough
        return new ShubRtc(new MachineCore(true, 1, 0), hz, 0, false, 0);
    }
}
