package io.jiffy.driver.apic.internal;

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
 * The x86 driver: builds the {@link ApicDevices} from configuration PID {@value #PID} and
 * publishes the {@code tsc} {@link ClockSource} and one {@code lapic} {@link ClockEventDevice}
 * per CPU (service property {@value #CPU_PROPERTY}). The CPU count is only known once the
 * machine runs, so the services are registered by hand. Registered under this bundle-internal
 * type too, for the bundle-scoped {@code ApicTimers} service that fronts the timer list.
 *
 * <p>There is no modified method: a changed configuration deactivates and reactivates the
 * component, which unregisters and re-registers every device (pending APIC timers are
 * cancelled). Invalid values are logged, one line each, and replaced by their defaults.
 */
@Component(service = ApicDriver.class, immediate = true,
        configurationPid = ApicDriver.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ApicConfig.class)
// declared by hand: the services are registered by hand, so bnd cannot see them
@Capability(namespace = "osgi.service", uses = ClockSource.class,
        attribute = "objectClass:List<String>=io.jiffy.clocksource.ClockSource")
@Capability(namespace = "osgi.service", uses = ClockEventDevice.class,
        attribute = "objectClass:List<String>=io.jiffy.clockevent.ClockEventDevice")
public class ApicDriver {

    /** Configuration PID of the driver. */
    static final String PID = "io.jiffy.driver.apic";
    /** Service property carrying a lapic device's CPU. */
    static final String CPU_PROPERTY = "cpu";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private Machine machine;

    private ApicDevices devices;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    void activate(BundleContext context, Map<String, Object> config) {
        ApicSettings settings = ApicSettings.from(config, m -> logger.error("{}", m));
        devices = new ApicDevices(machine, settings, new ApicLog() {
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
        });
        registrations.add(context.registerService(ClockSource.class, devices.tsc(), null));
        logger.info("clocksource {} registered: rating {}, {} Hz, 64 bits{}", Tsc.NAME, settings.tscRating(),
                settings.tscFrequencyHz(), faults(settings));
        for (Lapic lapic : devices.lapics()) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(CPU_PROPERTY, lapic.cpu());
            registrations.add(context.registerService(ClockEventDevice.class, lapic, props));
        }
        logger.info("clock-event device {} registered on {} CPU(s): rating {}, {} Hz (bus {} Hz / {}), IRQ {}, latency {} ns{}",
                Lapic.NAME, devices.lapics().size(), settings.lapicRating(), settings.lapicFrequencyHz(),
                settings.busFrequencyHz(), settings.apicDivisor(), Lapic.IRQ_NAME, settings.irqLatencyNanos(),
                settings.irqJitterNanos() > 0 ? " + jitter 0.." + settings.irqJitterNanos() + " ns" : "");
        logger.info("APIC timer list ready on {} CPU(s): TSC-deadline IRQ {}", devices.timers().cpus(), ApicTimerList.IRQ_NAME);
    }

    private static String faults(ApicSettings s) {
        StringBuilder sb = new StringBuilder();
        if (s.tscDriftPpm() != 0) {
            sb.append(", simulated drift ").append(s.tscDriftPpm()).append(" ppm");
        }
        if (s.tscStuck()) {
            sb.append(", simulated stuck counter");
        }
        if (s.tscJumpCycles() != 0) {
            sb.append(", jumped by ").append(s.tscJumpCycles()).append(" cycles");
        }
        return sb.toString();
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        registrations.clear();
        devices.close();
        logger.info("x86 devices {} and {} unregistered, APIC timer list stopped, IRQ lines freed", Tsc.NAME, Lapic.NAME);
    }

    /** The running devices. */
    ApicDevices devices() {
        return devices;
    }
}
