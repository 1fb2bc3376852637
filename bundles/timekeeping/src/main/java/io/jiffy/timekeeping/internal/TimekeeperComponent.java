package io.jiffy.timekeeping.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.jiffy.clocksource.ClockSetListener;
import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceInfo;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.machine.Machine;

/**
 * The {@link Timekeeper} service: a {@link TimekeeperCore} fed with every {@link ClockSource}
 * service as it comes and goes (owner: the registering bundle) and every
 * {@link ClockSetListener} (whiteboard). The watchdog is configured through PID
 * {@value #PID}; a change applies in place, without restarting timekeeping.
 */
@Component(service = Timekeeper.class, immediate = true,
        configurationPid = TimekeeperComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TimekeepingConfig.class)
public class TimekeeperComponent implements Timekeeper {

    /** Configuration PID of timekeeping. */
    static final String PID = "io.jiffy.timekeeping";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private Machine machine;

    private final List<ClockSetListener> listeners = new CopyOnWriteArrayList<>();

    /** Sources bound before activation (DS binds every reference before activate); guarded by this. */
    private final Map<ClockSource, String> early = new LinkedHashMap<>();
    /** Set in activate; guarded by this until then. */
    private volatile TimekeeperCore core;

    @Activate
    void activate(TimekeepingConfig config) {
        TimekeeperCore c = new TimekeeperCore(machine, new TimekeeperCore.Log() {
            @Override
            public void info(String message) {
                logger.info("{}", message);
            }

            @Override
            public void warn(String message, Throwable error) {
                if (error == null) {
                    logger.warn("{}", message);
                } else {
                    logger.warn("{}", message, error); // a Throwable last is the log entry's exception
                }
            }
        }, listeners, intervalNanos(config), thresholdNanos(config));
        List<Map.Entry<ClockSource, String>> pending;
        synchronized (this) {
            pending = new ArrayList<>(early.entrySet());
            early.clear();
            core = c;
        }
        for (Map.Entry<ClockSource, String> e : pending) {
            c.addSource(e.getKey(), e.getValue());
        }
        c.start();
        logger.info("timekeeping started on {}: watchdog every {} ms, threshold {} us",
                c.current().name(), config.watchdogIntervalMillis(), config.watchdogThresholdMicros());
    }

    @Modified
    void modified(TimekeepingConfig config) {
        core.configureWatchdog(intervalNanos(config), thresholdNanos(config));
        logger.info("clocksource watchdog reconfigured: every {} ms, threshold {} us",
                config.watchdogIntervalMillis(), config.watchdogThresholdMicros());
    }

    @Deactivate
    void deactivate() {
        core.stop();
        logger.info("timekeeping stopped at CLOCK_MONOTONIC {} ns", core.monotonicNanos());
    }

    private long intervalNanos(TimekeepingConfig config) {
        long ms = config.watchdogIntervalMillis();
        if (ms < 1 || ms > 3_600_000) {
            logger.error("invalid watchdogIntervalMillis {}: accepted are 1..3600000; using {}",
                    ms, TimekeepingConfig.DEFAULT_INTERVAL_MILLIS);
            ms = TimekeepingConfig.DEFAULT_INTERVAL_MILLIS;
        }
        return ms * 1_000_000L;
    }

    private long thresholdNanos(TimekeepingConfig config) {
        long us = config.watchdogThresholdMicros();
        if (us < 1 || us > 3_600_000_000L) {
            logger.error("invalid watchdogThresholdMicros {}: accepted are 1..3600000000; using {}",
                    us, TimekeepingConfig.DEFAULT_THRESHOLD_MICROS);
            us = TimekeepingConfig.DEFAULT_THRESHOLD_MICROS;
        }
        return us * 1_000L;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addClockSource(ClockSource cs, ServiceReference<ClockSource> ref) {
        String owner = ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName();
        TimekeeperCore c;
        synchronized (this) {
            c = core;
            if (c == null) {
                early.put(cs, owner);
                return;
            }
        }
        c.addSource(cs, owner);
    }

    void removeClockSource(ClockSource cs) {
        TimekeeperCore c;
        synchronized (this) {
            c = core;
            if (c == null) {
                early.remove(cs);
                return;
            }
        }
        c.removeSource(cs);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addClockSetListener(ClockSetListener listener) {
        listeners.add(listener);
    }

    void removeClockSetListener(ClockSetListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- Timekeeper

    @Override
    public long monotonicNanos() {
        return core.monotonicNanos();
    }

    @Override
    public long realtimeNanos() {
        return core.realtimeNanos();
    }

    @Override
    public long rawNanos() {
        return core.rawNanos();
    }

    @Override
    public long boottimeNanos() {
        return core.boottimeNanos();
    }

    @Override
    public long monotonicCoarseNanos() {
        return core.monotonicCoarseNanos();
    }

    @Override
    public long realtimeCoarseNanos() {
        return core.realtimeCoarseNanos();
    }

    @Override
    public void setRealtime(long nanos) {
        core.setRealtime(nanos);
    }

    @Override
    public ClockSourceInfo current() {
        return core.current();
    }

    @Override
    public List<ClockSourceInfo> available() {
        return core.available();
    }

    @Override
    public void select(String name) {
        core.select(name);
    }

    @Override
    public void selectAutomatic() {
        core.selectAutomatic();
    }

    @Override
    public boolean userSelected() {
        return core.userSelected();
    }

    @Override
    public void updateWallTime() {
        core.updateWallTime();
    }

    @Override
    public long maxIdleNanos() {
        return core.maxIdleNanos();
    }
}
