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
 * @param meanNanos mean time per call
 * @param maxNanos  longest call
 * @param owner     symbolic name of the bundle that registered it
 */
public record HookInfo(long id, String name, int priority, boolean runAlways, boolean grabbed,
        long calls, long errors, long meanNanos, long maxNanos, String owner) {
}
