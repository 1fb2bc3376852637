package io.jiffy.hook;

/**
 * A soft lockup in the timer-hook chain (the kernel's softlockup watchdog, {@code BUG: soft
 * lockup - CPU#n stuck}): a hook that was seen running on the tick of its CPU for longer than
 * the threshold. Hooks run in interrupt context and must not block; while one does, the rest of
 * the chain, {@code do_timer} included, waits. As returned by {@link TimerHookChain#lastLockup()}
 * and shown under {@code hook:list}.
 *
 * @param cpu        the CPU that was stuck
 * @param hookId     the hook that ran too long
 * @param name       its name
 * @param owner      symbolic name of the bundle that registered it
 * @param stuckNanos how long the call was seen running, in host nanoseconds: a lower bound,
 *                   measured by a watchdog that samples at half the threshold
 * @param ongoing    whether the call was still running at the watchdog's last look
 */
public record HookLockup(int cpu, long hookId, String name, String owner, long stuckNanos, boolean ongoing) {
}
