package io.jiffy.shell.internal;

import io.jiffy.posix.ClockId;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.PosixException;
import io.jiffy.shell.console.Console;
import io.jiffy.shell.console.Durations;

/**
 * What the {@code posix:} and {@code ptimer:} commands share: a {@link PosixException} becomes
 * one line {@code cmd: ERRNO: message}, clocks and timer ids are parsed with one-line errors.
 */
final class PosixConsole {

    private PosixConsole() {
    }

    /** The body of a command that calls {@link PosixClocks}. */
    interface Body {
        void run(PosixClocks clocks);
    }

    /**
     * Runs a command like {@link Console#run}, with the service: when it is absent prints one
     * line saying so; a {@link PosixException} prints one line naming its errno.
     */
    static void run(String cmd, String[] args, int min, int max, String usage, PosixClocks clocks, Body body) {
        Console.run(cmd, args, min, max, usage, () -> {
            if (clocks == null) {
                Console.error(cmd, "no POSIX clocks: the posix-timers service is not running");
                return;
            }
            try {
                body.run(clocks);
            } catch (PosixException e) {
                Console.error(cmd, errnoLine(e));
            }
        });
    }

    /** {@code ERRNO: message}, the errno named once even though the exception's message starts with it. */
    static String errnoLine(PosixException e) {
        String errno = String.valueOf(e.errno());
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        if (message.startsWith(errno + ": ")) {
            message = message.substring(errno.length() + 2);
        }
        return message.isBlank() ? errno : errno + ": " + message;
    }

    /** The clock id named or numbered by {@code text}, or null after printing what is accepted. */
    static Integer clock(String cmd, String text) {
        try {
            return ClockId.parse(text);
        } catch (IllegalArgumentException e) {
            Console.error(cmd, e.getMessage() + " (e.g. CLOCK_MONOTONIC, monotonic or 1)");
            return null;
        }
    }

    /** The timer id in {@code text}, or null after printing what is accepted. */
    static Integer timerId(String cmd, String text) {
        try {
            int id = Integer.parseInt(text.strip());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        Console.error(cmd, "invalid timer id '" + text.strip() + "': expected a number printed by ptimer:create or shown by ptimer:list");
        return null;
    }

    /** The duration in {@code text} (unit ns, us, ms or s), or null after printing what is accepted. */
    static Long nanos(String cmd, String what, String text) {
        try {
            return Durations.parseNanos(text);
        } catch (IllegalArgumentException e) {
            Console.error(cmd, "bad " + what + ": " + e.getMessage());
            return null;
        }
    }

    /** A setting as {@code disarmed} or {@code value 10 ms, interval 10 ms}. */
    static String describe(ItimerSpec spec) {
        if (!spec.armed()) {
            return spec.intervalNanos() == 0 ? "disarmed" : "disarmed, interval " + Durations.formatShort(spec.intervalNanos());
        }
        return "value " + Durations.formatShort(spec.valueNanos()) + ", interval "
                + (spec.intervalNanos() == 0 ? "none (one-shot)" : Durations.formatShort(spec.intervalNanos()));
    }
}
