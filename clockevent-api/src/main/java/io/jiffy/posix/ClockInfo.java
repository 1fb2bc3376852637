package io.jiffy.posix;

/**
 * One POSIX clock as listed by {@code posix:clocks}.
 *
 * @param id              the clock id
 * @param name            its name
 * @param resolutionNanos clock_getres
 * @param settable        whether clock_settime works
 * @param timers          whether timers can be created on it
 * @param owner           symbolic name of the bundle providing it
 */
public record ClockInfo(int id, String name, long resolutionNanos, boolean settable, boolean timers, String owner) {
}
