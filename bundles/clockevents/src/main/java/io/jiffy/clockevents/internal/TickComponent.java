package io.jiffy.clockevents.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.ClockEventInfo;
import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clockevent.TickListener;
import io.jiffy.clockevent.TickMode;
import io.jiffy.clocksource.ClockSetListener;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.hook.TimerHook;
import io.jiffy.hook.TimerHookChain;
import io.jiffy.machine.Machine;

/**
 * The tick as a DS component: owns the {@link TickCore}, tracks every clock-event device and
 * tick listener, follows the hook chain when there is one, is configured through PID
 * {@code io.jiffy.tick}, and publishes {@link ClockEvents}, a {@link ClockSetListener} (for
 * absolute REALTIME hrtimers) and its {@code do_timer} and {@code update_process_times} hooks.
 */
@Component(service = {TickComponent.class, ClockEvents.class}, immediate = true,
        configurationPid = ClockEvents.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TickConfig.class)
// declared by hand: the hooks and the clock-set listener are registered by hand, so bnd cannot see them
@Capability(namespace = "osgi.service", uses = TimerHook.class,
        attribute = "objectClass:List<String>=io.jiffy.hook.TimerHook")
@Capability(namespace = "osgi.service", uses = ClockSetListener.class,
        attribute = "objectClass:List<String>=io.jiffy.clocksource.ClockSetListener")
public class TickComponent implements ClockEvents {

    /** Name of the do_timer hook in the chain. */
    static final String DO_TIMER = "do_timer";
    /** Name of the update_process_times hook in the chain. */
    static final String UPDATE_PROCESS_TIMES = "update_process_times";
    /** Chain priorities of the core's hooks: above any user hook. */
    static final int DO_TIMER_RANKING = 1_000_000;
    static final int UPDATE_PROCESS_TIMES_RANKING = 999_999;

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private Machine machine;

    @Reference
    private Timekeeper timekeeper;

    /**
     * The running core: written under this object's monitor (with the pending devices, listeners
     * and chain), read without it by {@link #core()} on every jiffies/hz call (a timer's arming).
     */
    private volatile TickCore core;
    private volatile ServiceRegistration<ClockSetListener> clockSetListener;
    private final List<Object[]> pendingDevices = new ArrayList<>();
    private final List<TickListener> pendingListeners = new ArrayList<>();
    private volatile TimerHookChain pendingChain;
    private final List<ServiceRegistration<TimerHook>> hooks = new ArrayList<>();

    @Activate
    void activate(BundleContext context, Map<String, Object> config) {
        TickSettings settings = TickSettings.from(config, m -> logger.error("{}", m));
        TickCore c = new TickCore(machine, timekeeper, settings.hz(), settings.mode(), new CoreLog() {
            @Override
            public void info(String message) {
                logger.info("{}", message);
            }

            @Override
            public void warn(String message) {
                logger.warn("{}", message);
            }

            @Override
            public void error(String message, Throwable error) {
                if (error == null) {
                    logger.error("{}", message);
                } else {
                    logger.error("{}", message, error);
                }
            }
        });
        synchronized (this) {
            for (Object[] d : pendingDevices) {
                c.addDevice((ClockEventDevice) d[0], (String) d[1], (Long) d[2]);
            }
            pendingDevices.clear();
            for (TickListener l : pendingListeners) {
                c.addListener(l);
            }
            pendingListeners.clear();
            c.setHookOwner(context.getBundle().getSymbolicName());
            c.setChain(pendingChain);
            c.start();
            core = c;
        }
        hooks.add(registerHook(context, DO_TIMER, DO_TIMER_RANKING, tick -> {
            c.doTimerHook(tick);
            return false;
        }));
        hooks.add(registerHook(context, UPDATE_PROCESS_TIMES, UPDATE_PROCESS_TIMES_RANKING, tick -> {
            c.processTimesHook(tick);
            return false;
        }));
        // registered by hand once active: as a DS service it would make timekeeping (which tracks
        // the listeners) and the tick (which needs the timekeeper) a cycle that SCR logs at ERROR
        clockSetListener = context.registerService(ClockSetListener.class, this::clockWasSet, null);
        c.checkChain(); // a bound chain has just picked our hooks up
        logger.info("tick started: {}, {} CPU(s), timekeeping CPU {}", settings, c.cpus(), c.timekeepingCpu());
    }

    private static ServiceRegistration<TimerHook> registerHook(BundleContext context, String name, int ranking, TimerHook hook) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(TimerHook.PROPERTY_NAME, name);
        // not run_always: a grabber that returns done holds jiffies (the seed's PC-speaker driver)
        props.put(TimerHook.PROPERTY_RUN_ALWAYS, Boolean.FALSE);
        props.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(TimerHook.class, hook, props);
    }

    @Modified
    void modified(Map<String, Object> config) {
        TickSettings settings = TickSettings.from(config, m -> logger.error("{}", m));
        core().reconfigure(settings.hz(), settings.mode());
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<ClockSetListener> l = clockSetListener;
        clockSetListener = null;
        if (l != null) {
            try {
                l.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        for (ServiceRegistration<TimerHook> r : hooks) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        hooks.clear();
        TickCore c;
        synchronized (this) {
            c = core;
            core = null;
        }
        if (c != null) {
            c.stop();
            logger.info("tick stopped at jiffies {}", c.jiffiesNow());
        }
    }

    /** The running core; for the hrtimer facades of this bundle. Lock-free: one volatile read. */
    TickCore core() {
        TickCore c = core;
        if (c == null) {
            throw new IllegalStateException("the tick is not running");
        }
        return c;
    }

    // ------------------------------------------------------------------ references

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addDevice(ClockEventDevice device, ServiceReference<ClockEventDevice> ref) {
        String owner = owner(ref);
        Object id = ref.getProperty(Constants.SERVICE_ID);
        long order = id instanceof Long l ? l : 0L;
        if (core == null) {
            pendingDevices.add(new Object[] {device, owner, order});
        } else {
            core.addDevice(device, owner, order);
        }
    }

    synchronized void removeDevice(ClockEventDevice device) {
        if (core == null) {
            pendingDevices.removeIf(d -> d[0] == device);
        } else {
            core.removeDevice(device);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addListener(TickListener listener) {
        if (core == null) {
            pendingListeners.add(listener);
        } else {
            core.addListener(listener);
        }
    }

    synchronized void removeListener(TickListener listener) {
        if (core == null) {
            pendingListeners.remove(listener);
        } else {
            core.removeListener(listener);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void setChain(TimerHookChain chain) {
        pendingChain = chain;
        if (core != null) {
            core.setChain(chain);
        }
    }

    synchronized void unsetChain(TimerHookChain chain) {
        if (pendingChain == chain) {
            pendingChain = null;
            if (core != null) {
                core.setChain(null);
            }
        }
    }

    private static String owner(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        return b == null ? "?" : b.getSymbolicName();
    }

    // ------------------------------------------------------------------ ClockEvents, ClockSetListener

    @Override
    public int hz() {
        return core().hz();
    }

    @Override
    public long jiffies() {
        return core().jiffiesNow();
    }

    @Override
    public TickMode mode() {
        return core().mode();
    }

    @Override
    public int timekeepingCpu() {
        return core().timekeepingCpu();
    }

    @Override
    public ClockEventInfo tickDevice(int cpu) {
        return core().tickDevice(cpu);
    }

    @Override
    public List<ClockEventInfo> devices() {
        return core().devices();
    }

    /** clock_was_set: the realtime clock was set; re-sorts absolute REALTIME hrtimers. */
    void clockWasSet(long deltaNanos) {
        TickCore c;
        synchronized (this) {
            c = core;
        }
        if (c != null) {
            c.clockWasSet(deltaNanos);
        }
    }
}
