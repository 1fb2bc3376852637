package io.jiffy.posix;

import java.util.Locale;

/** Well-known POSIX clock ids (Linux's values) and their names. */
public final class ClockId {

    /** Wall-clock time; the only settable built-in clock. */
    public static final int CLOCK_REALTIME = 0;
    /** Time since boot, never set, never decreasing. */
    public static final int CLOCK_MONOTONIC = 1;
    /** Monotonic time from raw counter cycles. */
    public static final int CLOCK_MONOTONIC_RAW = 4;
    /** CLOCK_REALTIME as of the last tick. */
    public static final int CLOCK_REALTIME_COARSE = 5;
    /** CLOCK_MONOTONIC as of the last tick. */
    public static final int CLOCK_MONOTONIC_COARSE = 6;
    /** Monotonic time including suspend. */
    public static final int CLOCK_BOOTTIME = 7;
    /** The SGI SHub RTC's cycle counter, added by the SHub driver. */
    public static final int CLOCK_SGI_CYCLE = 10;
    /** Ids below this are reserved for built-in clocks; drivers use this and above. */
    public static final int FIRST_DRIVER_CLOCK = 10;

    private ClockId() {
    }

    /** The name of a well-known id, or {@code "clock <id>"}. */
    public static String name(int id) {
        switch (id) {
            case CLOCK_REALTIME: return "CLOCK_REALTIME";
            case CLOCK_MONOTONIC: return "CLOCK_MONOTONIC";
            case CLOCK_MONOTONIC_RAW: return "CLOCK_MONOTONIC_RAW";
            case CLOCK_REALTIME_COARSE: return "CLOCK_REALTIME_COARSE";
            case CLOCK_MONOTONIC_COARSE: return "CLOCK_MONOTONIC_COARSE";
            case CLOCK_BOOTTIME: return "CLOCK_BOOTTIME";
            case CLOCK_SGI_CYCLE: return "CLOCK_SGI_CYCLE";
            default: return "clock " + id;
        }
    }

    /**
     * Parses a clock given by name ({@code CLOCK_MONOTONIC}, case-insensitive, {@code CLOCK_}
     * optional) or number.
     *
     * @throws IllegalArgumentException if it is neither a known name nor a non-negative number
     */
    public static int parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no clock given: give a name such as CLOCK_MONOTONIC or a number");
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("clock id out of range: " + text);
            }
        }
        String full = t.startsWith("CLOCK_") ? t : "CLOCK_" + t;
        for (int id : new int[] {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW,
                CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME, CLOCK_SGI_CYCLE}) {
            if (name(id).equals(full)) {
                return id;
            }
        }
        throw new IllegalArgumentException("unknown clock '" + text
                + "': give a name such as CLOCK_MONOTONIC or a number");
    }
}
