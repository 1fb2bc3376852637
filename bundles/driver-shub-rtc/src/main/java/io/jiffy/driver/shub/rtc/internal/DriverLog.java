package io.jiffy.driver.shub.rtc.internal;

/**
 * Where the driver's plain classes report events, one line each: the component forwards to the
 * OSGi Log service, tests capture the lines.
 */
@FunctionalInterface
interface DriverLog {

    /** Severity of a line. */
    enum Level {
        /** A normal event: the driver started or stopped. */
        INFO,
        /** Something odd that the driver works around. */
        WARN,
        /** Something failed: a refused configuration, a timer that could not be rescheduled. */
        ERROR
    }

    /** Reports one event. */
    void log(Level level, String message);

    /** Reports a normal event. */
    default void info(String message) {
        log(Level.INFO, message);
    }

    /** Reports something odd. */
    default void warn(String message) {
        log(Level.WARN, message);
    }

    /** Reports a failure. */
    default void error(String message) {
        log(Level.ERROR, message);
    }

    /** A log that drops everything. */
    DriverLog NONE = (level, message) -> { };
}
