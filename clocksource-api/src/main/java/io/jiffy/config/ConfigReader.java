package io.jiffy.config;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a component's configuration (the properties ConfigAdmin or FileInstall give: numbers,
 * booleans, or their text) one key at a time. A missing key takes its default; a value of the
 * wrong form or outside its range is reported in one line saying what is accepted, takes its
 * default, and makes {@link #valid()} false, so the bundle can go on with the default or refuse.
 *
 * <p>Whole numbers are integral {@link Number}s ({@code Long}, {@code Integer}, {@code Short},
 * {@code Byte}) or text: an optional sign, then decimal digits or {@code 0x} and hex digits (as
 * register values are written; never octal), underscores and surrounding blanks ignored.
 * Booleans are {@code Boolean}s or the text {@code true} or {@code false}, in any case.
 */
public final class ConfigReader {

    /** Reports one bad value in the bundle's own words. */
    @FunctionalInterface
    public interface Rejection {

        /** {@code value} of {@code key} is bad: {@code accepted} says what is accepted, {@code dflt} is used. */
        void report(String key, Object value, String accepted, Object dflt);
    }

    private final Map<String, ?> config;
    private final Rejection rejection;
    private boolean valid = true;

    /**
     * Reads {@code config} (null reads as empty), reporting a bad value to {@code error} as
     * {@code invalid configuration <key> '<value>': accepted are <accepted>; using <default>}.
     */
    public ConfigReader(Map<String, ?> config, Consumer<String> error) {
        this(config, (key, value, accepted, dflt) -> error.accept(
                "invalid configuration " + key + " '" + value + "': accepted are " + accepted + "; using " + dflt));
    }

    /** Reads {@code config} (null reads as empty), reporting each bad value to {@code rejection}. */
    public ConfigReader(Map<String, ?> config, Rejection rejection) {
        this.config = config == null ? Map.of() : config;
        this.rejection = rejection;
    }

    /** The whole number at {@code key} in {@code min..max}; {@code dflt} when it is missing or bad. */
    public long number(String key, long dflt, long min, long max, String accepted) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        Long n = toLong(v);
        if (n == null || n < min || n > max) {
            reject(key, accepted, dflt);
            return dflt;
        }
        return n;
    }

    /** The boolean at {@code key}; {@code dflt} when it is missing or bad. */
    public boolean bool(String key, boolean dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return s.equals("true");
        }
        reject(key, "true or false", dflt);
        return dflt;
    }

    /** Reports the value at {@code key} as bad, for checks beyond a range; the caller uses {@code dflt}. */
    public void reject(String key, String accepted, Object dflt) {
        valid = false;
        rejection.report(key, config.get(key), accepted, dflt);
    }

    /** Whether every value read so far was good. */
    public boolean valid() {
        return valid;
    }

    /** A whole number from a configuration value, or null when it is none. */
    static Long toLong(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        String t = String.valueOf(value).trim().replace("_", "");
        boolean negative = t.startsWith("-");
        String digits = negative || t.startsWith("+") ? t.substring(1) : t;
        int radix = 10;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
            radix = 16;
        }
        if (digits.startsWith("-") || digits.startsWith("+")) {
            return null;
        }
        try {
            return Long.parseLong(negative ? "-" + digits : digits, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
