package io.jiffy.driver.apic;

import org.osgi.annotation.versioning.ProviderType;

/** One timer of the {@link ApicTimers} list: pending until it fires or is cancelled, never re-armed. */
@ProviderType
public interface ApicTimer {

    /** Its id, unique among all timers of the driver, as shown by {@code apic:list}. */
    long id();

    /** The CPU whose list holds it. */
    int cpu();

    /** The TSC value it is due at. */
    long deadlineTsc();

    /** Whether it is still waiting to fire. */
    boolean pending();

    /** Whether its callback has been called. */
    boolean fired();

    /**
     * How far from its deadline it fired, in nanoseconds of the TSC: the TSC when the callback
     * was called minus the deadline (positive: late, negative: early). 0 until it fired.
     */
    long errorNanos();

    /**
     * Removes it from its list if it is still pending.
     *
     * @return whether it was pending (false once it fired or was cancelled)
     */
    boolean cancel();
}
