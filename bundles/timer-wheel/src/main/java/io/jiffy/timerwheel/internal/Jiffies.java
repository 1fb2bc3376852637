package io.jiffy.timerwheel.internal;

/**
 * Time-unit conversions at a given HZ with the kernel's rounding: to jiffies rounds up
 * ({@code msecs_to_jiffies}: a timer never fires early), from jiffies truncates
 * ({@code jiffies_to_msecs}). Results saturate at {@link Long#MAX_VALUE}; negative durations
 * give 0 jiffies.
 */
final class Jiffies {

    private Jiffies() {
    }

    /**
     * ceil(value * hz / unitsPerSecond), saturating at Long.MAX_VALUE.
     *
     * @throws IllegalArgumentException if {@code value} is negative (a negative time would read as
     *                                  "expire now" instead of being caught)
     */
    static long toJiffies(long value, long unitsPerSecond, int hz) {
        if (value < 0) {
            throw new IllegalArgumentException("cannot convert a negative time to jiffies: " + value);
        }
        if (value == 0) {
            return 0;
        }
        long q = value / unitsPerSecond;
        long r = value % unitsPerSecond;
        long whole;
        try {
            whole = Math.multiplyExact(q, (long) hz);
        } catch (ArithmeticException tooBig) {
            return Long.MAX_VALUE;
        }
        long part = (r * hz + unitsPerSecond - 1) / unitsPerSecond; // r < 10^9, hz <= 10^3: no overflow
        return whole > Long.MAX_VALUE - part ? Long.MAX_VALUE : whole + part;
    }

    /** floor(jiffies * unitsPerSecond / hz), saturating. */
    static long fromJiffies(long jiffies, long unitsPerSecond, int hz) {
        long q = Math.floorDiv(jiffies, (long) hz);
        long r = Math.floorMod(jiffies, (long) hz);
        long whole;
        try {
            whole = Math.multiplyExact(q, unitsPerSecond);
        } catch (ArithmeticException tooBig) {
            return q < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        long part = r * unitsPerSecond / hz;
        return whole > Long.MAX_VALUE - part ? Long.MAX_VALUE : whole + part;
    }
}
