package io.jiffy.driver.r4k.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clocksource.ClockSource;
import io.jiffy.machine.Machine;

/**
 * The driver: builds an {@link R4kDriver} from the configuration (PID {@value #PID}) and
 * registers clocksource {@code MIPS} and, for each CPU whose compare interrupt passed the probe,
 * clock-event device {@code MIPS} with service property {@value #CPU_PROPERTY}. There is no
 * modified method: a changed configuration deactivates and reactivates the component, which
 * unregisters the devices and registers new ones. An invalid configuration is logged, one line
 * per bad value saying what is accepted, and then nothing is registered.
 *
 * <p>Registered under its own (bundle-private) type only, for the {@code r4k:info} command.
 */
@Component(service = R4kComponent.class, immediate = true, configurationPid = R4kComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = R4kConfig.class)
// declared by hand: the services are registered by hand, so bnd cannot see them
@Capability(namespace = "osgi.service", uses = ClockSource.class,
        attribute = "objectClass:List<String>=io.jiffy.clocksource.ClockSource")
@Capability(namespace = "osgi.service", uses = ClockEventDevice.class,
        attribute = "objectClass:List<String>=io.jiffy.clockevent.ClockEventDevice")
public class R4kComponent {

    /** Configuration PID of the driver. */
    public static final String PID = "io.jiffy.driver.r4k";
    /** Service property of each clock-event device: its CPU. */
    public static final String CPU_PROPERTY = "cpu";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private Machine machine;

    private volatile R4kDriver driver;
    private volatile String notRunning = "not activated";
    private ServiceRegistration<ClockSource> clockSourceRegistration;
    private final List<ServiceRegistration<ClockEventDevice>> deviceRegistrations = new ArrayList<>();

    @Activate
    void activate(BundleContext context, Map<String, Object> config) {
        R4kSettings settings = R4kSettings.from(config, m -> logger.error("{}", m));
        if (settings == null) {
            notRunning = "invalid configuration " + PID + " (see the log)";
            return;
        }
        R4kDriver d = new R4kDriver(machine, settings);
        clockSourceRegistration = context.registerService(ClockSource.class, d.clockSource(), null);
        logger.info("clocksource {} registered: CP0 Count {} Hz, 32 bits, rating {}; faults: {}",
                R4kDriver.CLOCKSOURCE_NAME, settings.frequencyHz(), d.clockSource().rating(), settings.faults());

        List<Integer> unusable = d.unusableCpus();
        if (!unusable.isEmpty()) {
            String why = d.probes().get(unusable.get(0)).description();
            if (d.clockEvents().isEmpty()) {
                logger.warn("{}: compare interrupt not usable ({}); clock-event device {} not registered, only clocksource {}",
                        R4kClockEvent.NAME, why, R4kClockEvent.NAME, R4kDriver.CLOCKSOURCE_NAME);
            } else {
                logger.warn("{}: compare interrupt not usable on CPU(s) {} ({}); clock-event device {} not registered there",
                        R4kClockEvent.NAME, unusable, why, R4kClockEvent.NAME);
            }
        }
        for (R4kClockEvent device : d.clockEvents()) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(CPU_PROPERTY, device.cpu());
            deviceRegistrations.add(context.registerService(ClockEventDevice.class, device, props));
        }
        if (!d.clockEvents().isEmpty()) {
            logger.info("clock-event device {} registered on {} CPU(s): rating {}, delta {}..{} cycles, "
                    + "Compare write latency {} cycles", R4kClockEvent.NAME, d.clockEvents().size(),
                    settings.clockeventRating(), R4kClockEvent.MIN_DELTA_CYCLES_HEX, R4kClockEvent.MAX_DELTA_CYCLES_HEX,
                    settings.compareWriteLatencyCycles());
        }
        driver = d;
    }

    @Deactivate
    void deactivate() {
        R4kDriver d = driver;
        driver = null;
        notRunning = "stopped";
        for (ServiceRegistration<ClockEventDevice> registration : deviceRegistrations) {
            unregister(registration);
        }
        int devices = deviceRegistrations.size();
        deviceRegistrations.clear();
        if (clockSourceRegistration != null) {
            unregister(clockSourceRegistration);
            clockSourceRegistration = null;
        }
        if (d != null) {
            d.shutdown();
            logger.info("clocksource {} and {} clock-event device(s) {} unregistered", R4kDriver.CLOCKSOURCE_NAME, devices,
                    R4kClockEvent.NAME);
        }
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself
        }
    }

    /** The running driver, or null when the configuration was invalid or the component stopped. */
    R4kDriver driver() {
        return driver;
    }

    /** Why {@link #driver()} is null. */
    String notRunning() {
        return notRunning;
    }
}
