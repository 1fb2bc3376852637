package io.jiffy.timer;

/**
 * Counters of the wheel on one CPU, as shown by {@code timer:stats}.
 *
 * @param cpu      the CPU
 * @param adds     add calls
 * @param mods     mod calls
 * @param dels     del and delSync calls that removed a pending timer
 * @param expired  timers whose function ran
 * @param cascades timers moved down a level
 * @param errors   functions that threw
 * @param pending  timers pending now
 * @param lockups  soft lockups on this CPU: functions seen running longer than the soft-lockup
 *                 threshold (each stuck call counted once; see {@link TimerLockup})
 */
public record TimerStats(int cpu, long adds, long mods, long dels, long expired, long cascades,
        long errors, long pending, long lockups) {

    /** Counters without soft lockups (the 1.0 form): {@code lockups} is 0. */
    public TimerStats(int cpu, long adds, long mods, long dels, long expired, long cascades,
            long errors, long pending) {
        this(cpu, adds, mods, dels, expired, cascades, errors, pending, 0);
    }
}
