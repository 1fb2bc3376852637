package io.jiffy.driver.shub.rtc.internal;

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

import io.jiffy.clocksource.ClockSource;
import io.jiffy.driver.shub.rtc.MmTimer;
import io.jiffy.machine.Machine;
import io.jiffy.posix.PosixClock;

/**
 * The SHub RTC driver component: reads its configuration (PID {@value #PID}), starts a
 * {@link ShubDriver} on the machine and registers its devices as services: the {@code sgi_rtc}
 * {@link ClockSource}, the {@link MmTimer} device, and CLOCK_SGI_CYCLE as a {@link PosixClock}
 * with {@code posix.clock.id=10}. A frequency below 100 kHz is refused with one ERROR line and
 * nothing is registered. There is no modified method: a changed configuration deactivates and
 * reactivates the component, which re-registers every device. Deactivation unregisters them,
 * drops the armed timers and frees the comparator interrupt lines.
 *
 * <p>Registered under its own (bundle-private) type so the {@code mmtimer:info} command can
 * reach the running driver.
 */
@Component(service = ShubRtcComponent.class, immediate = true,
        configurationPid = ShubRtcComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ShubRtcConfig.class)
// declared by hand: the device services are registered by hand, so bnd cannot see them
@Capability(namespace = "osgi.service", uses = ClockSource.class,
        attribute = "objectClass:List<String>=io.jiffy.clocksource.ClockSource")
@Capability(namespace = "osgi.service", uses = MmTimer.class,
        attribute = "objectClass:List<String>=io.jiffy.driver.shub.rtc.MmTimer")
@Capability(namespace = "osgi.service", uses = PosixClock.class,
        attribute = "objectClass:List<String>=io.jiffy.posix.PosixClock")
public class ShubRtcComponent {

    /** Configuration PID of the driver. */
    static final String PID = "io.jiffy.driver.shub.rtc";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private Machine machine;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private volatile ShubDriver driver;
    private volatile String refusal;

    @Activate
    void activate(BundleContext context, Map<String, Object> config) {
        DriverLog log = this::log;
        ShubRtcSettings settings = ShubRtcSettings.from(config, log);
        refusal = ShubDriver.refusal(settings);
        ShubDriver d = ShubDriver.start(machine, settings, log);
        if (d == null) {
            return;
        }
        driver = d;
        registrations.add(context.registerService(ClockSource.class, d.clockSource(), null));
        registrations.add(context.registerService(MmTimer.class, d.mmtimer(), null));
        Dictionary<String, Object> clockProps = new Hashtable<>();
        clockProps.put(PosixClock.PROPERTY_CLOCK_ID, SgiCycleClock.ID);
        registrations.add(context.registerService(PosixClock.class, d.clock(), clockProps));
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
        ShubDriver d = driver;
        driver = null;
        if (d != null) {
            d.stop();
        }
    }

    /** The running driver, or null when it was refused or is stopped. */
    ShubDriver driver() {
        return driver;
    }

    /** Why the driver did not start (the logged line), or null. */
    String refusal() {
        return refusal;
    }

    private void log(DriverLog.Level level, String message) {
        switch (level) {
            case ERROR:
                logger.error("{}", message);
                break;
            case WARN:
                logger.warn("{}", message);
                break;
            default:
                logger.info("{}", message);
                break;
        }
    }
}
