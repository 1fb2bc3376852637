package io.jiffy.machine.internal;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Owns the one {@link MachineCore}: builds it from the configuration, starts it on activation and
 * shuts it down on deactivation. Registered under this bundle-internal type only; the rest of the
 * bundle (the per-bundle {@code Machine} facade, the fallback clocksource and clock-event
 * devices) reaches the core through it. A configuration change restarts the machine.
 */
@Component(service = MachineComponent.class, immediate = true,
        configurationPid = MachineComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MachineConfig.class)
public class MachineComponent {

    /** Configuration PID of the machine. */
    static final String PID = "io.jiffy.machine";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    private MachineCore core;

    @Activate
    void activate(BundleContext context, Map<String, Object> config) {
        MachineSettings settings = MachineSettings.from(config, context::getProperty, m -> logger.error("{}", m));
        core = new MachineCore(settings.virtual(), settings.cpus(), settings.spinThresholdNanos());
        core.setErrorLog((message, error) -> logger.error("{}", message, error)); // a Throwable last is the log entry's exception
        core.start();
        logger.info("machine started: {}", settings);
    }

    @Deactivate
    void deactivate() {
        core.shutdown();
        logger.info("machine stopped after {} ns", core.nanoTime());
    }

    /** The running machine. */
    MachineCore core() {
        return core;
    }
}
