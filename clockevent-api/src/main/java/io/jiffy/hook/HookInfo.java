package io.jiffy.hook;

/**
 * One hook with its counters, as shown by {@code hook:list}.
 *
 * @param id        the hook's id
 * @param name      its name
 * @param priority  its priority (higher runs first)
 * @param runAlways whether it runs even after a grabber returned done
 * @param grabbed   whether it holds the chain
 * @param calls     ticks it handled
 * @param errors    calls that threw
 * @param meanNanos mean time per call, over the calls that were timed (the chain may time only a
 *                  sample of the ticks to keep dispatch cheap)
 * @param maxNanos  longest call timed, or longer if the soft-lockup watchdog saw a longer one
 * @param owner     symbolic name of the bundle that registered it
 * @param lockups   soft lockups: calls seen running longer than the soft-lockup threshold (each
 *                  stuck call counted once; see {@link HookLockup})
 */
public record HookInfo(long id, String name, int priority, boolean runAlways, boolean grabbed,
        long calls, long errors, long meanNanos, long maxNanos, String owner, long lockups) {

    /** A hook's counters without soft lockups (the 1.0 form): {@code lockups} is 0. */
    public HookInfo(long id, String name, int priority, boolean runAlways, boolean grabbed,
            long calls, long errors, long meanNanos, long maxNanos, String owner) {
        this(id, name, priority, runAlways, grabbed, calls, errors, meanNanos, maxNanos, owner, 0);
    }
}
