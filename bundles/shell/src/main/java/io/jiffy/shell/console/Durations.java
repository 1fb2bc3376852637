package io.jiffy.shell.console;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the console reads and prints them: always a number with a unit ({@code ns},
 * {@code us}, {@code ms}, {@code s}, and {@code j} for jiffies where the caller allows it),
 * printed in the largest unit that fits with the raw nanoseconds beside it.
 *
 * <p>Parsing throws {@link IllegalArgumentException} with a one-line message that says what
 * was wrong and which units are accepted, ready to be printed after the command's name.
 */
public final class Durations {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /** A number (digits, optionally a fraction), optional blanks, a unit of letters; blanks around. */
    private static final Pattern SYNTAX = Pattern.compile("\\s*(-?)\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Zµ]*)\\s*");

    private Durations() {
    }

    /**
     * Parses a duration with unit ns, us, ms or s into nanoseconds.
     *
     * @throws IllegalArgumentException with a one-line message if the text is not such a duration
     */
    public static long parseNanos(String text) {
        return parse(text, false, 0).nanosExact();
    }

    /**
     * Parses a duration with unit ns, us, ms, s or j (jiffies at {@code hz}) into nanoseconds.
     * A jiffy count is rounded up to the next whole nanosecond (at HZ 300 a jiffy is not a
     * whole number of ns), so running time forward by {@code nj} always reaches the n-th tick.
     *
     * @param hz ticks per second, or 0 or less when there is no tick (then {@code j} is refused
     *           with a message saying so)
     * @throws IllegalArgumentException with a one-line message if the text is not such a duration
     */
    public static long parseNanos(String text, int hz) {
        return parse(text, true, hz).nanosExact();
    }

    /**
     * Parses a delay for the jiffies timer wheel: {@code j} counts jiffies as they are, the time
     * units are converted to jiffies at {@code hz} rounding up (a timer never fires early, as
     * the kernel's {@code msecs_to_jiffies}).
     *
     * @param hz ticks per second, or 0 or less when there is no tick (then every unit is refused)
     * @throws IllegalArgumentException with a one-line message if the text is not such a duration
     */
    public static long parseJiffies(String text, int hz) {
        Parsed p = parse(text, true, hz);
        if (p.jiffies >= 0) {
            return p.jiffies;
        }
        if (hz <= 0) {
            throw new IllegalArgumentException("'" + text.strip() + "' needs HZ to count jiffies, and there is no tick yet");
        }
        // ceil(nanos * hz / 10^9), exact; fits since hz is at least 1 per second
        BigInteger[] qr = BigInteger.valueOf(p.nanosExact()).multiply(BigInteger.valueOf(hz))
                .divideAndRemainder(BigInteger.valueOf(NANOS_PER_SECOND));
        return qr[0].add(BigInteger.valueOf(qr[1].signum())).longValueExact();
    }

    /**
     * Formats nanoseconds exactly and readably: the largest unit of s, ms, us, ns that the value
     * reaches, trailing zeros trimmed, then the raw nanoseconds, e.g. {@code 10 ms (10000000 ns)},
     * {@code 1.234567891 s (1234567891 ns)}; below a microsecond just {@code 999 ns}.
     */
    public static String format(long nanos) {
        String shortForm = formatShort(nanos);
        return shortForm.endsWith(" ns") ? shortForm : shortForm + " (" + nanos + " ns)";
    }

    /**
     * Formats nanoseconds in the largest unit of s, ms, us, ns that the value reaches, exact,
     * trailing zeros trimmed, without the raw nanoseconds: {@code 1.5 s}, {@code 250 us}.
     */
    public static String formatShort(long nanos) {
        BigInteger n = BigInteger.valueOf(nanos);
        BigInteger abs = n.abs();
        int scale;
        String unit;
        if (abs.compareTo(BigInteger.valueOf(NANOS_PER_SECOND)) >= 0) {
            scale = 9;
            unit = "s";
        } else if (abs.compareTo(BigInteger.valueOf(1_000_000L)) >= 0) {
            scale = 6;
            unit = "ms";
        } else if (abs.compareTo(BigInteger.valueOf(1_000L)) >= 0) {
            scale = 3;
            unit = "us";
        } else {
            return nanos + " ns";
        }
        String number = new BigDecimal(n, scale).stripTrailingZeros().toPlainString();
        return number + " " + unit;
    }

    /**
     * The result of parsing: the text as shown in messages, whole nanoseconds (not yet checked
     * to fit a long), and the jiffy count when given in {@code j} (else -1).
     */
    private record Parsed(String shown, BigDecimal nanos, long jiffies) {

        /** The nanoseconds as a long, or the "too long" error. */
        long nanosExact() {
            if (nanos.compareTo(LONG_MAX) > 0) {
                throw tooLong(shown);
            }
            return nanos.longValueExact();
        }
    }

    private static IllegalArgumentException tooLong(String shown) {
        return new IllegalArgumentException(shown + " is too long; the longest duration is "
                + formatShort(Long.MAX_VALUE) + " (about 292 years)");
    }

    private static Parsed parse(String text, boolean jiffiesAllowed, int hz) {
        String units = jiffiesAllowed ? "ns, us, ms, s, j (jiffies)" : "ns, us, ms, s";
        String accepted = "give one of " + units + " (e.g. 10ms)";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no duration given; " + accepted);
        }
        String shown = "'" + text.strip() + "'";
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(shown + " is not a duration; " + accepted);
        }
        if (!m.group(1).isEmpty()) {
            throw new IllegalArgumentException(shown + " is negative; a duration is 0 or more, " + accepted);
        }
        String unit = m.group(3).toLowerCase(Locale.ROOT);
        if (unit.isEmpty()) {
            throw new IllegalArgumentException(shown + " has no unit; " + accepted);
        }
        BigDecimal number = new BigDecimal(m.group(2));
        BigDecimal nanos;
        long jiffies = -1;
        switch (unit) {
            case "ns":
                nanos = number;
                break;
            case "us":
            case "µs":
                nanos = number.scaleByPowerOfTen(3);
                break;
            case "ms":
                nanos = number.scaleByPowerOfTen(6);
                break;
            case "s":
                nanos = number.scaleByPowerOfTen(9);
                break;
            case "j":
                if (!jiffiesAllowed) {
                    throw new IllegalArgumentException(shown + ": jiffies (j) are not accepted here; " + accepted);
                }
                if (hz <= 0) {
                    throw new IllegalArgumentException(shown + ": jiffies (j) need HZ, and there is no tick yet; "
                            + "give one of ns, us, ms, s (e.g. 10ms)");
                }
                if (number.stripTrailingZeros().scale() > 0) {
                    throw new IllegalArgumentException(shown + " is not a whole number of jiffies; " + accepted);
                }
                if (number.compareTo(LONG_MAX) > 0) {
                    throw tooLong(shown);
                }
                jiffies = number.longValueExact();
                nanos = number.multiply(BigDecimal.valueOf(NANOS_PER_SECOND))
                        .divide(BigDecimal.valueOf(hz), 0, RoundingMode.CEILING);
                break;
            default:
                throw new IllegalArgumentException(shown + " has an unknown unit '" + m.group(3) + "'; " + accepted);
        }
        if (nanos.stripTrailingZeros().scale() > 0) {
            String why = unit.equals("ns") ? " is not a whole number of nanoseconds; "
                    : " is finer than 1 ns; ";
            throw new IllegalArgumentException(shown + why + accepted);
        }
        return new Parsed(shown, nanos, jiffies);
    }
}
