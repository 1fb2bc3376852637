package io.jiffy.timer;

/**
 * A soft lockup of the timer softirq (the kernel's softlockup watchdog, {@code BUG: soft lockup -
 * CPU#n stuck}): a timer function that was seen running on its CPU for longer than the
 * threshold. Timer functions must not block; while one does, the other timers of its CPU wait.
 * As returned by {@link TimerWheel#lastLockup()} and shown under {@code timer:stats}.
 *
 * @param cpu        the CPU that was stuck
 * @param timerId    the timer whose function ran too long
 * @param function   a description of its function
 * @param owner      symbolic name of the bundle that made the timer
 * @param stuckNanos how long the call was seen running, in host nanoseconds: a lower bound,
 *                   measured by a watchdog that samples at half the threshold
 * @param ongoing    whether the call was still running at the watchdog's last look
 */
public record TimerLockup(int cpu, long timerId, String function, String owner, long stuckNanos, boolean ongoing) {
}
