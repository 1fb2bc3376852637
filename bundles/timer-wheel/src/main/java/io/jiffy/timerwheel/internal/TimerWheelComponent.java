package io.jiffy.timerwheel.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clockevent.TickListener;
import io.jiffy.machine.Machine;

/**
 * Owns the one {@link WheelCore} and is its timer softirq: a {@link TickListener} whiteboard
 * service that, after each tick of a CPU, runs that CPU's expired timers, and tells the tick in
 * tickless mode when the CPU must next wake for them. The per-bundle {@code TimerWheel} facades
 * reach the core through it.
 */
@Component(service = {TimerWheelComponent.class, TickListener.class}, immediate = true)
public class TimerWheelComponent implements TickListener {

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private ClockEvents clockEvents;

    @Reference
    private Machine machine;

    private volatile WheelCore core;

    @Activate
    void activate() {
        core = new WheelCore(machine.cpus(), clockEvents.jiffies(), (message, error) -> {
            if (error == null) {
                logger.error("{}", message);
            } else {
                logger.error("{}", message, error);
            }
        });
        logger.info("timer wheel started: {} CPU(s), HZ {}, jiffies {}", machine.cpus(), clockEvents.hz(),
                clockEvents.jiffies());
    }

    @Deactivate
    void deactivate() {
        logger.info("timer wheel stopped; pending timers dropped: {}",
                core.stats().stream().mapToLong(s -> s.pending()).sum());
    }

    /** The running core. */
    WheelCore core() {
        return core;
    }

    ClockEvents clockEvents() {
        return clockEvents;
    }

    Machine machine() {
        return machine;
    }

    @Override
    public void tick(int cpu, long jiffies) {
        WheelCore c = core;
        if (c != null && cpu >= 0 && cpu < c.cpus()) {
            c.runTimers(cpu, jiffies);
        }
    }

    @Override
    public long nextEventJiffies(int cpu) {
        WheelCore c = core;
        return c == null || cpu < 0 || cpu >= c.cpus() ? Long.MAX_VALUE : c.nextEventJiffies(cpu);
    }

    @Override
    public String toString() {
        return "timer wheel softirq";
    }
}
