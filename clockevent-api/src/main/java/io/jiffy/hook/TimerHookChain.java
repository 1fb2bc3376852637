package io.jiffy.hook;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The priority chain of {@link TimerHook}s run on each tick of the timekeeping CPU. Higher
 * priority runs first, ties in registration order. At most one hook grabs the chain: it runs
 * first, and when it returns done only {@code run_always} hooks run after it. Dispatch takes no
 * lock and allocates nothing. A bundle-scoped service: hooks die with the bundle that added them.
 */
@ProviderType
public interface TimerHookChain {

    /**
     * Adds a hook (the proposal's {@code register_timer_hook}).
     *
     * @param name      shown in {@code hook:list}; null or blank gives the hook's class name
     * @param priority  higher runs first
     * @param runAlways run even when a grabber returned done
     * @throws NullPointerException  if {@code hook} is null
     * @throws IllegalStateException if the calling bundle no longer uses the service
     */
    HookRegistration register(String name, int priority, boolean runAlways, TimerHook hook);

    /**
     * Makes hook {@code id} the grabber (the proposal's {@code timer_hook_grab}).
     *
     * @throws HookBusyException if another hook holds the chain
     * @throws IllegalArgumentException if there is no such hook
     */
    void grab(long id);

    /**
     * Releases the grab held by hook {@code id}.
     *
     * @return {@code false}, with a warning logged, if that hook is not the grabber
     * @throws IllegalArgumentException if there is no such hook
     */
    boolean ungrab(long id);

    /** Every hook in run order (the grabber first), with counters. */
    List<HookInfo> hooks();

    /** Runs the chain for one tick; called by the tick core on the timekeeping CPU. */
    void run(Tick tick);

    /**
     * The latest soft lockup: the last hook seen running longer than
     * {@link #softLockupThresholdNanos()}, updated while it stays stuck; null if there was none
     * (or the chain does not detect them).
     *
     * @since 1.1
     */
    default HookLockup lastLockup() {
        return null;
    }

    /**
     * How long one hook call may run before it is reported as a soft lockup (one warning in the
     * log naming the CPU, the hook and its owner bundle), in nanoseconds; 0 when detection is off.
     *
     * @since 1.1
     */
    default long softLockupThresholdNanos() {
        return 0;
    }
}
