package io.jiffy.timerwheel.internal;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clockevent.TickListener;
import io.jiffy.machine.Machine;
import io.jiffy.machine.SoftLockupWatchdog;

/**
 * Owns the one {@link WheelCore} and is its timer softirq: a {@link TickListener} whiteboard
 * service that, after each tick of a CPU, runs that CPU's expired timers, and tells the tick in
 * tickless mode when the CPU must next wake for them. The per-bundle {@code TimerWheel} facades
 * reach the core through it.
 *
 * <p>The listener is registered by hand once the wheel is active, not declared as a DS service:
 * the wheel needs {@link ClockEvents} and the tick tracks the listeners, so as a DS service it
 * would close a reference cycle, and then activation depends on the order SCR picks (Karaf 4.4's
 * SCR bound the tick before the wheel, logged "ServiceFactory.getService() resulted in a cycle"
 * and the wheel got no ticks after the machine was reconfigured).
 *
 * <p>It also runs the wheel's {@link SoftLockupWatchdog}: a timer function running longer than
 * the framework property {@value #SOFTLOCKUP_PROPERTY} (milliseconds, default
 * {@value SoftLockupWatchdog#DEFAULT_MILLIS}, 0 = off; an invalid value is logged and the default
 * used) is reported once as {@code BUG: soft lockup - CPU#n stuck for ...} naming the timer and its
 * owner bundle, and counted in {@code timer:stats}.
 */
@Component(service = TimerWheelComponent.class, immediate = true)
// declared by hand: the listener is registered by hand, so bnd cannot see it
@Capability(namespace = "osgi.service", uses = TickListener.class,
        attribute = "objectClass:List<String>=io.jiffy.clockevent.TickListener")
public class TimerWheelComponent implements TickListener {

    /** Framework or system property: the soft-lockup threshold in milliseconds, 0 = off. */
    static final String SOFTLOCKUP_PROPERTY = "jiffy.timer.softlockup.ms";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private ClockEvents clockEvents;

    @Reference
    private Machine machine;

    private volatile WheelCore core;
    private SoftLockupWatchdog watchdog;
    private ServiceRegistration<TickListener> tickListener;

    @Activate
    void activate(BundleContext context) {
        WheelCore c = new WheelCore(machine.cpus(), clockEvents.jiffies(), new WheelLog() {
            @Override
            public void error(String message, Throwable error) {
                if (error == null) {
                    logger.error("{}", message);
                } else {
                    logger.error("{}", message, error);
                }
            }

            @Override
            public void warn(String message) {
                logger.warn("{}", message);
            }
        });
        long threshold = SoftLockupWatchdog.thresholdNanos(SOFTLOCKUP_PROPERTY, context.getProperty(SOFTLOCKUP_PROPERTY),
                line -> logger.warn("{}", line));
        core = c;
        if (threshold > 0) {
            watchdog = new SoftLockupWatchdog("jiffy-timer-softlockup", threshold, now -> c.watch(now, threshold));
            c.softLockupThresholdNanos(threshold);
            watchdog.start();
        }
        tickListener = context.registerService(TickListener.class, this, null);
        logger.info("timer wheel started: {} CPU(s), HZ {}, jiffies {}, soft-lockup threshold {}", machine.cpus(),
                clockEvents.hz(), clockEvents.jiffies(), threshold == 0 ? "off" : WheelCore.stuckFor(threshold));
    }

    @Deactivate
    void deactivate() {
        try {
            tickListener.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself
        }
        if (watchdog != null) {
            watchdog.stop();
            watchdog = null;
        }
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
