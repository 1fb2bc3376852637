package io.jiffy.clockevents.internal;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import io.jiffy.clockevent.TickMode;

/**
 * The tick's settings from its configuration (PID {@code io.jiffy.tick}). An invalid value is
 * reported in one line and replaced by the default: the tick always starts.
 *
 * @param hz   ticks per second: 100, 250, 300 or 1000
 * @param mode periodic or tickless
 */
record TickSettings(int hz, TickMode mode) {

    static final int DEFAULT_HZ = 250;
    static final int[] ALLOWED_HZ = {100, 250, 300, 1000};
    static final String HZ = "hz";
    static final String MODE = "mode";

    /** Reads the settings; {@code error} receives one line per invalid value. */
    static TickSettings from(Map<String, ?> config, Consumer<String> error) {
        int hz = DEFAULT_HZ;
        Object h = config.get(HZ);
        if (h != null) {
            Integer n = toInt(h);
            if (n == null || !allowed(n)) {
                error.accept("invalid configuration " + HZ + " '" + h + "': accepted are 100, 250, 300 or 1000; using "
                        + DEFAULT_HZ);
            } else {
                hz = n;
            }
        }
        TickMode mode = TickMode.PERIODIC;
        Object m = config.get(MODE);
        if (m != null) {
            String s = String.valueOf(m).trim().toLowerCase(Locale.ROOT);
            if (s.equals("tickless")) {
                mode = TickMode.TICKLESS;
            } else if (!s.equals("periodic")) {
                error.accept("invalid configuration " + MODE + " '" + m + "': accepted are periodic or tickless; using periodic");
            }
        }
        return new TickSettings(hz, mode);
    }

    private static boolean allowed(int hz) {
        for (int a : ALLOWED_HZ) {
            if (a == hz) {
                return true;
            }
        }
        return false;
    }

    private static Integer toInt(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long l = ((Number) value).longValue();
            return l == (int) l ? (int) l : null;
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "HZ " + hz + ", " + TickCore.modeName(mode);
    }
}
