package io.jiffy.timer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A reusable wheel timer: the kernel's {@code struct timer_list}. Expiry is an absolute jiffies
 * value; add, mod and del are O(1) and allocate nothing.
 */
@ProviderType
public interface Timer {

    /** The timer's id in {@code timer:list}. */
    long id();

    /**
     * Arms an inactive timer (add_timer). Any {@code expires} is accepted, as in the kernel: one
     * already past fires at the next tick, one more than {@link TimerWheel#MAX_TIMEOUT} jiffies
     * ahead is capped to that.
     *
     * @throws IllegalStateException if it is already pending (the kernel's BUG_ON), or its bundle
     *                               no longer uses the timer wheel
     */
    void add(long expires);

    /**
     * Arms the timer at {@code expires} whatever its state (mod_timer); callable from its own
     * function. {@code expires} as for {@link #add(long)}.
     *
     * @return whether it was pending before
     * @throws IllegalStateException if its bundle no longer uses the timer wheel
     */
    boolean mod(long expires);

    /** Deactivates the timer (del_timer); returns whether it was pending. */
    boolean del();

    /**
     * Deactivates the timer and waits until its function is not running on another CPU
     * (del_timer_sync). While the function runs, it waits first and deletes after, as the kernel
     * does: a re-arm by the function (or by anyone meanwhile) is deleted too, and each arming is
     * reported exactly once, by this call or by the {@link #mod} that replaced it. Must not be
     * called from the timer's own function or while holding anything that function needs.
     *
     * @return whether it was pending when it was deleted
     */
    boolean delSync();

    /** Whether the timer is armed and not yet expired (timer_pending). */
    boolean pending();

    /** The jiffies value it is (or was last) armed for. */
    long expires();

    /** The CPU whose wheel holds the timer. */
    int cpu();
}
