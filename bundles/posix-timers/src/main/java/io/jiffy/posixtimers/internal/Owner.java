package io.jiffy.posixtimers.internal;

/**
 * The bundle a POSIX timer or driver clock belongs to: one per bundle-scoped facade. Once closed
 * (the bundle released the service) it can create no more timers.
 */
final class Owner {

    /** Owner of what is made directly on the core (tests, the bundle itself). */
    static final Owner KERNEL = new Owner("io.jiffy.posix.timers");

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
