package io.jiffy.posix;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A clock contributed by a driver bundle: the kernel's {@code struct k_clock}, registered with
 * {@code register_posix_clock}. Publish one as an OSGi service with the Integer property
 * {@value #PROPERTY_CLOCK_ID}; ids below {@link ClockId#FIRST_DRIVER_CLOCK} are reserved and a
 * second provider of an id is refused. The clock appears in {@link PosixClocks} while the
 * service is registered; when it goes, its timers end.
 */
@ConsumerType
public interface PosixClock {

    /** Service property (Integer): the clock id. */
    String PROPERTY_CLOCK_ID = "posix.clock.id";

    /** The clock's name, such as {@code CLOCK_SGI_CYCLE}. */
    String name();

    /** clock_gettime, in nanoseconds. */
    long getTime();

    /** clock_settime; by default the clock cannot be set. @throws PosixException EINVAL */
    default void setTime(long nanos) {
        throw new PosixException(Errno.EINVAL, name() + " cannot be set");
    }

    /** Whether {@link #setTime(long)} is supported. */
    default boolean settable() {
        return false;
    }

    /** clock_getres, in nanoseconds. */
    long getResolution();

    /**
     * timer_create on this clock. By default the clock has no timers.
     *
     * @param expiry what the timer calls at each expiration, with the overruns it counted
     * @throws PosixException EINVAL if the clock has no timers
     */
    default PosixClockTimer createTimer(Expiry expiry) {
        throw new PosixException(Errno.EINVAL, name() + " has no timers");
    }

    /** Whether {@link #createTimer(Expiry)} is supported. */
    default boolean hasTimers() {
        return false;
    }

    /** How a driver timer reports that it expired. */
    @FunctionalInterface
    interface Expiry {
        /**
         * The timer expired.
         *
         * @param overruns expirations the driver skipped or missed before this one
         */
        void expired(int overruns);
    }
}
