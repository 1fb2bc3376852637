package io.jiffy.hookchain.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.jiffy.hook.TimerHook;
import io.jiffy.machine.SoftLockupWatchdog;

/**
 * The one {@link HookChain} of the framework as a DS component, and the whiteboard: every
 * {@link TimerHook} service joins the chain (priority from {@code service.ranking}, flags from
 * its {@code hook.*} properties, owned by the bundle that registered it) and leaves it with its
 * service. The {@link TimerHookChainFacade}s of the using bundles share it.
 *
 * <p>It also runs the chain's {@link SoftLockupWatchdog}: a hook call running longer than the
 * framework property {@value #SOFTLOCKUP_PROPERTY} (milliseconds, default
 * {@value SoftLockupWatchdog#DEFAULT_MILLIS}, 0 = off; an invalid value is logged and the default
 * used) is reported once as {@code BUG: soft lockup - CPU#n stuck for ...} naming the hook and its
 * owner bundle, and counted in {@code hook:list}.
 */
@Component(service = HookChainComponent.class, immediate = true)
public class HookChainComponent {

    /** Framework or system property: the soft-lockup threshold in milliseconds, 0 = off. */
    static final String SOFTLOCKUP_PROPERTY = "jiffy.hook.softlockup.ms";

    @Reference(service = LoggerFactory.class)
    private volatile Logger logger;

    /** The log; before DS injected the logger (and in tests) lines are dropped. */
    private final HookChain chain = new HookChain(new ChainLog() {
        @Override
        public void info(String message) {
            Logger l = logger;
            if (l != null) {
                l.info("{}", message);
            }
        }

        @Override
        public void warn(String message) {
            Logger l = logger;
            if (l != null) {
                l.warn("{}", message);
            }
        }

        @Override
        public void error(String message, Throwable error) {
            Logger l = logger;
            if (l != null) {
                l.error("{}", message, error);
            }
        }
    });

    /** Whiteboard hooks by service; guarded by this. */
    private final Map<ServiceReference<TimerHook>, HookEntry> whiteboard = new HashMap<>();

    private SoftLockupWatchdog watchdog;

    @Activate
    void activate(BundleContext context) {
        long threshold = SoftLockupWatchdog.thresholdNanos(SOFTLOCKUP_PROPERTY, context.getProperty(SOFTLOCKUP_PROPERTY),
                line -> logger.warn("{}", line));
        if (threshold > 0) {
            watchdog = new SoftLockupWatchdog("jiffy-hook-softlockup", threshold, now -> chain.watch(now, threshold));
            chain.softLockupThresholdNanos(threshold);
            watchdog.start();
        }
        logger.info("timer-hook chain started; soft-lockup threshold {}",
                threshold == 0 ? "off" : threshold / 1_000_000L + "ms");
    }

    @Deactivate
    void deactivate() {
        if (watchdog != null) {
            watchdog.stop();
            watchdog = null;
        }
        chain.softLockupThresholdNanos(0);
    }

    /** The chain shared by every facade. */
    HookChain chain() {
        return chain;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addHook(TimerHook hook, ServiceReference<TimerHook> ref) {
        HookEntry old = whiteboard.get(ref);
        whiteboard.put(ref, chain.replace(old, name(hook, ref), priority(ref), runAlways(ref), hook, owner(ref)));
    }

    /**
     * A changed ranking or flag: the hook rejoins the chain with a new id (a grab it held is
     * released), in one step: no tick runs it twice or skips it.
     */
    synchronized void updatedHook(TimerHook hook, ServiceReference<TimerHook> ref) {
        HookEntry old = whiteboard.get(ref);
        if (old != null && old.priority == priority(ref) && old.runAlways == runAlways(ref)
                && old.name.equals(name(hook, ref))) {
            return;
        }
        addHook(hook, ref);
    }

    synchronized void removeHook(TimerHook hook, ServiceReference<TimerHook> ref) {
        HookEntry e = whiteboard.remove(ref);
        if (e != null) {
            chain.remove(e);
        }
    }

    static String name(TimerHook hook, ServiceReference<?> ref) {
        Object n = ref.getProperty(TimerHook.PROPERTY_NAME);
        return n instanceof String s && !s.isBlank() ? s : hook.getClass().getName();
    }

    /** service.ranking as the OSGi spec reads it: an Integer, else 0. */
    static int priority(ServiceReference<?> ref) {
        return ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    static boolean runAlways(ServiceReference<?> ref) {
        Object v = ref.getProperty(TimerHook.PROPERTY_RUN_ALWAYS);
        return v instanceof Boolean b ? b : v instanceof String s && Boolean.parseBoolean(s.trim());
    }

    static String owner(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        return b == null ? "?" : b.getSymbolicName();
    }
}
