package io.jiffy.clockevent;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Per-CPU work run after each tick of every CPU, outside the hook chain: the kernel's
 * {@code run_local_timers} raising the timer softirq. The timer wheel registers one as a
 * whiteboard service. In tickless mode it also tells the tick when the CPU must next wake
 * (the kernel's {@code get_next_timer_interrupt}).
 */
@ConsumerType
public interface TickListener {

    /**
     * Runs on {@code cpu} after its tick (in tickless mode, after each wake-up), in softirq
     * context: must not block.
     *
     * @param jiffies the current jiffies
     */
    void tick(int cpu, long jiffies);

    /**
     * The jiffies value by which {@code cpu} must wake for this listener, or
     * {@link Long#MAX_VALUE} if it has nothing pending there. Tickless mode sleeps no longer.
     */
    default long nextEventJiffies(int cpu) {
        return Long.MAX_VALUE;
    }
}
