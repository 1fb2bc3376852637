package io.jiffy.posixtimers.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clockevent.HrTimers;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.posix.PosixClock;

/**
 * Owns the one {@link PosixCore} and is the {@code k_clock} registry's whiteboard: every
 * {@link PosixClock} service with a {@value PosixClock#PROPERTY_CLOCK_ID} property is added while
 * it is registered (reserved ids and clashes are refused and logged) and its timers end when it
 * goes. The per-bundle {@code PosixClocks} facades reach the core through it.
 */
@Component(service = PosixTimersComponent.class, immediate = true)
public class PosixTimersComponent {

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private Timekeeper timekeeper;

    @Reference
    private HrTimers hrTimers;

    @Reference
    private ClockEvents clockEvents;

    private PosixCore core;
    /** Driver clocks bound before activation: {clock, id property, owner}. */
    private final List<Object[]> pending = new ArrayList<>();

    @Activate
    synchronized void activate() {
        core = new PosixCore(timekeeper, hrTimers, () -> 1_000_000_000L / Math.max(1, clockEvents.hz()));
        core.setErrorLog((message, error) -> logger.error("{}", message, error));
        logger.info("POSIX clocks and timers started: {} built-in clocks", core.clocks().size());
        for (Object[] p : pending) {
            add((PosixClock) p[0], p[1], (String) p[2]);
        }
        pending.clear();
    }

    @Deactivate
    synchronized void deactivate() {
        logger.info("POSIX clocks and timers stopped; timers deleted: {}", core.deleteAll());
        core = null;
    }

    /** The running core. */
    synchronized PosixCore core() {
        if (core == null) {
            throw new IllegalStateException("POSIX timers are not running");
        }
        return core;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addClock(PosixClock clock, ServiceReference<PosixClock> ref) {
        Bundle b = ref.getBundle();
        String owner = b == null ? "?" : b.getSymbolicName();
        Object id = ref.getProperty(PosixClock.PROPERTY_CLOCK_ID);
        if (core == null) {
            pending.add(new Object[] {clock, id, owner});
        } else {
            add(clock, id, owner);
        }
    }

    synchronized void removeClock(PosixClock clock, ServiceReference<PosixClock> ref) {
        if (core == null) {
            pending.removeIf(p -> p[0] == clock);
            return;
        }
        Integer id = clockId(ref.getProperty(PosixClock.PROPERTY_CLOCK_ID));
        if (id == null) {
            return;
        }
        int ended = core.removeClock(id, clock);
        if (ended >= 0) {
            Bundle b = ref.getBundle();
            logger.info("clock {} removed with {}: ended {} timer(s)", id, b == null ? "?" : b.getSymbolicName(), ended);
        }
    }

    /** Adds a driver clock to the core, logging the outcome; holds the monitor. */
    private void add(PosixClock clock, Object idProperty, String owner) {
        Integer id = clockId(idProperty);
        if (id == null) {
            logger.error("refused a PosixClock of {}: service property {} must be an integer, not {}",
                    owner, PosixClock.PROPERTY_CLOCK_ID, idProperty);
            return;
        }
        PosixCore.Registration r = core.addClock(id, clock, owner);
        if (r.added()) {
            logger.info("clock {} {} added by {}", id, clock.name(), owner);
        } else {
            logger.error("refused clock {} {}: {}", id, clock.name(), r.reason());
        }
    }

    /** The clock id from a {@value PosixClock#PROPERTY_CLOCK_ID} property value, or null if it is not an integer. */
    static Integer clockId(Object property) {
        if (property instanceof Integer || property instanceof Short || property instanceof Byte
                || property instanceof Long l && l == l.intValue()) {
            return ((Number) property).intValue();
        }
        if (property instanceof String s) {
            try {
                return Integer.valueOf(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
