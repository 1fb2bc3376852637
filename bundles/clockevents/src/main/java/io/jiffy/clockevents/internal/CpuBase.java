package io.jiffy.clockevents.internal;

import java.util.Comparator;
import java.util.TreeSet;

import io.jiffy.clockevent.ClockEventHandler;
import io.jiffy.hook.Tick;
import io.jiffy.machine.IrqLine;

/**
 * One CPU's share of the tick: its tick device, the emulated tick's next expiry
 * ({@code tick_sched_timer}), its hrtimer queues on the MONOTONIC and REALTIME bases (the
 * kernel's {@code hrtimer_cpu_base}), and the backstop that recovers an event the device lost
 * (see {@link TickCore#BACKSTOP_PERIOD_NANOS}). Guarded by its own monitor; never held while a
 * callback, a listener or the hook chain runs.
 */
final class CpuBase {

    /** {@link #backstopAt} when the backstop is not armed. */
    static final long BACKSTOP_PARKED = Long.MAX_VALUE;
    /** {@link #backstopAt} while the backstop's handler runs. */
    static final long BACKSTOP_LOOKING = Long.MIN_VALUE;

    /** Queue order: expiry, then start order. */
    static final Comparator<HrTimerImpl> ORDER =
            Comparator.<HrTimerImpl>comparingLong(t -> t.expires).thenComparingLong(t -> t.seq);

    final int cpu;
    final TreeSet<HrTimerImpl> monotonic = new TreeSet<>(ORDER);
    final TreeSet<HrTimerImpl> realtime = new TreeSet<>(ORDER);
    final ClockEventHandler handler;
    final TickState tick;

    /** The tick device, or null. Written under the monitor. */
    volatile DeviceEntry device;
    /** CLOCK_MONOTONIC time of the next tick work (tick_sched_timer's expiry); MAX when none. */
    long nextTick;
    /** What the device is programmed for (CLOCK_MONOTONIC ns), MAX when nothing. */
    long programmedFor = Long.MAX_VALUE;
    /** CLOCK_MONOTONIC time at which it was programmed: an event programmed late arrives late. */
    long programmedAt;
    /** Whether that programming armed the device; false when the core gave up on it (-ETIME up to the limit). */
    boolean armed = true;

    /** This CPU's backstop line ({@code tick-backstop}), null while the tick is stopped. */
    IrqLine backstop;
    /**
     * CLOCK_MONOTONIC time the backstop looks next; {@link #BACKSTOP_PARKED} when it is not armed
     * (nothing is programmed), {@link #BACKSTOP_LOOKING} while its handler runs (which re-arms it).
     */
    long backstopAt = BACKSTOP_PARKED;
    /** Events of this CPU's tick devices that never arrived and that the backstop recovered. */
    volatile long missedEvents;
    /** Ticks handled on this CPU (update_process_times). */
    volatile long ticks;
    /** Whether this CPU is inside its tick work (hooks, do_timer, listeners such as the wheel). */
    volatile boolean inTickWork;

    CpuBase(int cpu, TickCore core) {
        this.cpu = cpu;
        this.handler = device -> core.interrupt(this, device);
        this.tick = new TickState(cpu, core);
    }

    /** The one mutable {@link Tick} of this CPU, reused on every tick so the tick path allocates nothing. */
    static final class TickState implements Tick {
        private final int cpu;
        private final TickCore core;
        long now;
        boolean doTimerRan;
        boolean processTimesRan;

        TickState(int cpu, TickCore core) {
            this.cpu = cpu;
            this.core = core;
        }

        @Override
        public int cpu() {
            return cpu;
        }

        @Override
        public long jiffies() {
            return core.jiffiesNow();
        }

        @Override
        public long nowNanos() {
            return now;
        }

        @Override
        public String toString() {
            return "tick cpu" + cpu + " at " + now + " ns";
        }
    }
}
