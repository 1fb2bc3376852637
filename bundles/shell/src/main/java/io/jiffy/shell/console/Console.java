package io.jiffy.shell.console;

import java.io.PrintStream;

/**
 * What every command shares: one-line errors on {@code System.err}, argument-count checks, and
 * a guard that turns any exception into such a line so no stack trace reaches the user;
 * {@link #run} puts the two together.
 *
 * <p>Streams are looked up on each call: Gogo replaces {@code System.out}/{@code System.err}
 * per session thread, so a command must never keep a stream in a field.
 */
public final class Console {

    private Console() {
    }

    /** The stream for a command's normal output. */
    public static PrintStream out() {
        return System.out;
    }

    /** Prints {@code command: message} as one line on {@code System.err}. */
    public static void error(String command, String message) {
        System.err.println(command + ": " + message);
    }

    /**
     * Checks the number of arguments; if it is wrong prints one error line with the usage and
     * returns false.
     *
     * @param usage the arguments the command takes, e.g. {@code <duration>}; empty for none
     */
    public static boolean expectArgs(String command, String[] args, int min, int max, String usage) {
        int n = args == null ? 0 : args.length;
        if (n >= min && n <= max) {
            return true;
        }
        String got = n == 0 ? "no arguments" : n == 1 ? "1 argument" : n + " arguments";
        if (usage.isEmpty()) {
            error(command, "takes no arguments, got " + got + "; usage: " + command);
        } else {
            String wanted = min == max ? min + (min == 1 ? " argument" : " arguments")
                    : min + " to " + max + " arguments";
            error(command, "expects " + wanted + ", got " + got + "; usage: " + command + " " + usage);
        }
        return false;
    }

    /**
     * Runs a command: checks the number of arguments ({@link #expectArgs}) and, if it is right,
     * runs the body under {@link #guard}.
     */
    public static void run(String command, String[] args, int min, int max, String usage, Runnable body) {
        if (expectArgs(command, args, min, max, usage)) {
            guard(command, body);
        }
    }

    /**
     * Runs a command's body; an exception escaping it becomes one error line (its message,
     * or its type when it has none) instead of Gogo's stack trace.
     */
    public static void guard(String command, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException | LinkageError e) {
            String message = e.getMessage();
            error(command, message == null || message.isBlank() ? "failed: " + e.getClass().getSimpleName()
                    : "failed: " + message.lines().findFirst().orElse(message));
        }
    }

    /**
     * The arguments of a command that takes one delay and at most one {@code --option value}, such
     * as {@code timer:add <delay> [--period <p>]}.
     *
     * @param delay  the delay as typed
     * @param option the option's value as typed, or null when it was not given
     */
    public record DelayAndOption(String delay, String option) {
    }

    /**
     * Splits {@code args} into one delay and the value of {@code option}; a missing or repeated
     * option value, an unknown option, a second delay or no delay each print one error line and
     * give null.
     *
     * @param option    the option, e.g. {@code --period}
     * @param valueName what its value is, for messages, e.g. {@code a duration}
     * @param shown     the option as usage shows it, e.g. {@code --period <p>}
     * @param usage     the command's usage, for messages
     */
    public static DelayAndOption delayAndOption(String command, String[] args, String option, String valueName,
            String shown, String usage) {
        String delay = null;
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(option)) {
                if (i + 1 >= args.length) {
                    error(command, option + " needs " + valueName + "; usage: " + command + " " + usage);
                    return null;
                }
                if (value != null) {
                    error(command, option + " given twice; usage: " + command + " " + usage);
                    return null;
                }
                value = args[++i];
            } else if (args[i].startsWith("--")) {
                error(command, "unknown option '" + args[i] + "'; the only option is " + shown);
                return null;
            } else if (delay != null) {
                error(command, "one delay expected, got '" + delay + "' and '" + args[i] + "'; usage: " + command + " "
                        + usage);
                return null;
            } else {
                delay = args[i];
            }
        }
        if (delay == null) {
            error(command, "no delay given; usage: " + command + " " + usage);
            return null;
        }
        return new DelayAndOption(delay, value);
    }
}
