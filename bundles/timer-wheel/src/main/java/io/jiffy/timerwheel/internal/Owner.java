package io.jiffy.timerwheel.internal;

/**
 * The bundle a timer belongs to: one per bundle-scoped facade. Once closed (the bundle released
 * the service) its timers are cancelled and can no longer be armed.
 */
final class Owner {

    /** Owner of timers made directly on the core (tests, the bundle itself). */
    static final Owner KERNEL = new Owner("io.jiffy.timer-wheel");

    final String name;
    volatile boolean closed;

    Owner(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }
}
