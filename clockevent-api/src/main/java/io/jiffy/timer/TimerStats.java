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
 */
public record TimerStats(int cpu, long adds, long mods, long dels, long expired, long cascades,
        long errors, long pending) {
}
