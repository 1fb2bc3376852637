package io.jiffy.driver.apic.internal;

/** Where the driver's plain classes report events, one line each: the OSGi logger in the bundle, a list in tests. */
interface ApicLog {

    /** A normal event: a device set up, a simulated fault applied. */
    void info(String message);

    /** Something went wrong (a callback threw, the TSC was found unstable); {@code error} may be null. */
    void warn(String message, Throwable error);

    /** Drops everything. */
    ApicLog NONE = new ApicLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message, Throwable error) {
        }
    };
}
