package io.jiffy.clockevent;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The tick: clock-event device registry, one tick device per CPU, HZ and jiffies (the kernel's
 * {@code clockevents.c}, {@code tick-common.c} and {@code tick-sched.c}). Configured through
 * ConfigAdmin PID {@value #PID}.
 */
@ProviderType
public interface ClockEvents {

    /** ConfigAdmin PID of the tick: {@code hz} (100, 250, 300, 1000) and {@code mode}. */
    String PID = "io.jiffy.tick";

    /** Ticks per second. */
    int hz();

    /** Ticks since boot, counted on the timekeeping CPU (the kernel's {@code jiffies_64}). */
    long jiffies();

    /** Periodic or tickless. */
    TickMode mode();

    /** The CPU whose tick runs {@code do_timer} (jiffies++ and the wall-time update). */
    int timekeepingCpu();

    /** The tick device of {@code cpu}, or {@code null} if that CPU has none. */
    ClockEventInfo tickDevice(int cpu);

    /** Every registered device, ordered by CPU then rating (best first). */
    List<ClockEventInfo> devices();
}
