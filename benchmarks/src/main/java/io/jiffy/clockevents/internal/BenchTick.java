package io.jiffy.clockevents.internal;

import java.util.List;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.ClockEventInfo;
import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clockevent.HrTimer;
import io.jiffy.clockevent.HrTimerCallback;
import io.jiffy.clockevent.HrTimerClock;
import io.jiffy.clockevent.HrTimers;
import io.jiffy.clockevent.TickListener;
import io.jiffy.clockevent.TickMode;
import io.jiffy.clocksource.ClockSetListener;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.hook.TimerHookChain;
import io.jiffy.machine.Machine;

/**
 * Benchmark-only access to the tick core (package private in the clockevents bundle): the same
 * wiring {@code TickComponent} does, without a framework. Lives in the core's package on the
 * benchmarks' plain classpath, as the bundle's unit tests do. Not part of any bundle.
 */
public final class BenchTick implements ClockEvents, ClockSetListener {

    private final TickCore core;
    private long order;

    /** A stopped tick over {@code machine} and {@code timekeeper}; add devices and listeners, then {@link #start()}. */
    public BenchTick(Machine machine, Timekeeper timekeeper, int hz, TickMode mode) {
        core = new TickCore(machine, timekeeper, hz, mode, CoreLog.NONE);
    }

    /** Registers a clock-event device, as a device service would be. */
    public void addDevice(ClockEventDevice device) {
        core.addDevice(device, "io.jiffy.benchmarks", ++order);
    }

    /** Adds per-CPU work run after each tick (the timer wheel's softirq). */
    public void addListener(TickListener listener) {
        core.addListener(listener);
    }

    /** Runs the tick's do_timer through {@code chain}, or directly when null. */
    public void setChain(TimerHookChain chain) {
        core.setChain(chain);
    }

    /** Starts the tick: jiffies 0 now, tick devices chosen. */
    public void start() {
        core.start();
    }

    /** Stops the tick, shutting the tick devices down and dropping every hrtimer. */
    public void stop() {
        core.stop();
    }

    /** The hrtimer service as a bundle named {@code owner} would see it. */
    public HrTimers hrTimers(String owner) {
        return new HrTimers() {
            @Override
            public HrTimer newTimer(HrTimerClock clock, int cpu, HrTimerCallback callback) {
                return core.newTimer(clock, cpu, callback, owner);
            }

            @Override
            public long resolutionNanos() {
                return core.resolutionNanos();
            }
        };
    }

    @Override
    public int hz() {
        return core.hz();
    }

    @Override
    public long jiffies() {
        return core.jiffiesNow();
    }

    @Override
    public TickMode mode() {
        return core.mode();
    }

    @Override
    public int timekeepingCpu() {
        return core.timekeepingCpu();
    }

    @Override
    public ClockEventInfo tickDevice(int cpu) {
        return core.tickDevice(cpu);
    }

    @Override
    public List<ClockEventInfo> devices() {
        return core.devices();
    }

    @Override
    public void clockWasSet(long deltaNanos) {
        core.clockWasSet(deltaNanos);
    }
}
