package io.jiffy.clockevents.internal;

/** Where the tick core reports events, one line each: the OSGi logger in the bundle, a list in tests. */
interface CoreLog {

    /** A normal event (a tick device chosen). */
    void info(String message);

    /** Something went wrong but the tick goes on. */
    void warn(String message);

    /** Something failed; {@code error} may be null. */
    void error(String message, Throwable error);

    /** Discards everything. */
    CoreLog NONE = new CoreLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void error(String message, Throwable error) {
        }
    };
}
