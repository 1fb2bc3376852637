package io.jiffy.timerwheel.internal;

/** Where the wheel reports events, one line each: the OSGi logger in the bundle, a list in tests. */
interface WheelLog {

    /** Something failed; {@code error} may be null. */
    void error(String message, Throwable error);

    /** Something is wrong but goes on (a soft lockup); by default an error without a throwable. */
    default void warn(String message) {
        error(message, null);
    }

    /** Discards everything. */
    WheelLog NONE = (message, error) -> { };
}
