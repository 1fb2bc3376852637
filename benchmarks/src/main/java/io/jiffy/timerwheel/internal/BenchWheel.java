package io.jiffy.timerwheel.internal;

import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clockevent.TickListener;
import io.jiffy.machine.Machine;
import io.jiffy.timer.TimerWheel;

/**
 * Benchmark-only access to the timer wheel core (package private in the timer-wheel bundle):
 * the wiring of {@code TimerWheelComponent} and {@code TimerWheelFacade} without a framework.
 * Lives in the core's package on the benchmarks' plain classpath, as the bundle's unit tests
 * do. Not part of any bundle.
 */
public final class BenchWheel {

    private final WheelCore core;
    private final TimerWheelFacade facade = new TimerWheelFacade();

    /** One wheel per CPU of {@code machine}, clocks starting at the tick's current jiffies. */
    public BenchWheel(ClockEvents tick, Machine machine) {
        core = new WheelCore(machine.cpus(), tick.jiffies(), WheelLog.NONE);
        facade.init(core, tick, machine, new Owner("io.jiffy.benchmarks"));
    }

    /** The {@link TimerWheel} service as a using bundle sees it. */
    public TimerWheel wheel() {
        return facade;
    }

    /** The timer softirq: register it with the tick. */
    public TickListener softirq() {
        return new TickListener() {
            @Override
            public void tick(int cpu, long jiffies) {
                core.runTimers(cpu, jiffies);
            }

            @Override
            public long nextEventJiffies(int cpu) {
                return core.nextEventJiffies(cpu);
            }
        };
    }
}
