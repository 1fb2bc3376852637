package io.jiffy.timerwheel.internal;

import java.util.List;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.jiffy.clockevent.ClockEvents;
import io.jiffy.machine.Machine;
import io.jiffy.timer.Timer;
import io.jiffy.timer.TimerFunction;
import io.jiffy.timer.TimerInfo;
import io.jiffy.timer.TimerLockup;
import io.jiffy.timer.TimerStats;
import io.jiffy.timer.TimerWheel;

/**
 * The {@link TimerWheel} service as each bundle sees it: one instance per using bundle (bundle
 * scope). Every timer it makes is owned by that bundle; when the bundle stops using the service
 * all of them are deleted and can no longer be armed.
 */
@Component(scope = ServiceScope.BUNDLE, service = TimerWheel.class)
public class TimerWheelFacade implements TimerWheel {

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private TimerWheelComponent wheel;

    private WheelCore core;
    private ClockEvents clockEvents;
    private Machine machine;
    private Owner owner;

    @Activate
    void activate(ComponentContext context) {
        init(wheel.core(), wheel.clockEvents(), wheel.machine(), new Owner(context.getUsingBundle().getSymbolicName()));
    }

    /** Wires the facade; for activate and for tests without a framework. */
    void init(WheelCore core, ClockEvents clockEvents, Machine machine, Owner owner) {
        this.core = core;
        this.clockEvents = clockEvents;
        this.machine = machine;
        this.owner = owner;
    }

    @Deactivate
    void deactivate() {
        int n = close();
        if (n > 0 && logger != null) {
            logger.info("deleted {} pending timer(s) of {}: it no longer uses the timer wheel", n, owner.name);
        }
    }

    /** Closes the owner and deletes its timers; returns how many were pending. */
    int close() {
        owner.closed = true;
        return core.cancelAll(owner);
    }

    @Override
    public Timer newTimer(TimerFunction function) {
        int cpu = machine.currentCpu();
        return newTimer(function, cpu < 0 || cpu >= core.cpus() ? 0 : cpu);
    }

    @Override
    public Timer newTimer(TimerFunction function, int cpu) {
        if (owner.closed) {
            throw new IllegalStateException(owner.name + " no longer uses the timer wheel");
        }
        return core.newTimer(function, cpu, owner);
    }

    @Override
    public long jiffies() {
        return clockEvents.jiffies();
    }

    @Override
    public int hz() {
        return clockEvents.hz();
    }

    @Override
    public long msecsToJiffies(long msecs) {
        return Jiffies.toJiffies(msecs, 1_000L, hz());
    }

    @Override
    public long usecsToJiffies(long usecs) {
        return Jiffies.toJiffies(usecs, 1_000_000L, hz());
    }

    @Override
    public long nsecsToJiffies(long nsecs) {
        return Jiffies.toJiffies(nsecs, 1_000_000_000L, hz());
    }

    @Override
    public long jiffiesToMsecs(long jiffies) {
        return Jiffies.fromJiffies(jiffies, 1_000L, hz());
    }

    @Override
    public long jiffiesToUsecs(long jiffies) {
        return Jiffies.fromJiffies(jiffies, 1_000_000L, hz());
    }

    @Override
    public List<TimerInfo> pending() {
        return core.pending(jiffies());
    }

    @Override
    public List<TimerStats> stats() {
        return core.stats();
    }

    @Override
    public TimerLockup lastLockup() {
        return core.lastLockup();
    }

    @Override
    public long softLockupThresholdNanos() {
        return core.softLockupThresholdNanos();
    }

    @Override
    public String toString() {
        return "TimerWheel for " + owner;
    }
}
