package io.jiffy.machine.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.jiffy.clockevent.ClockEventDevice;

/**
 * Publishes the fallback clock-event devices: one {@link MachineClockEventDevice} service per
 * CPU, with service property {@code cpu}. The CPU count is only known once the machine runs,
 * so the services are registered by hand rather than declared as components.
 */
@Component(service = {}, immediate = true)
// declared by hand: the services are registered by hand, so bnd cannot see them
@Capability(namespace = "osgi.service", uses = ClockEventDevice.class,
        attribute = "objectClass:List<String>=io.jiffy.clockevent.ClockEventDevice")
public class MachineClockEvents {

    /** Service property carrying the device's CPU. */
    static final String CPU_PROPERTY = "cpu";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private MachineComponent board;

    private final List<ServiceRegistration<ClockEventDevice>> registrations = new ArrayList<>();
    private final List<MachineClockEventDevice> devices = new ArrayList<>();

    @Activate
    void activate(BundleContext context) {
        MachineCore core = board.core();
        for (int cpu = 0; cpu < core.cpus(); cpu++) {
            MachineClockEventDevice device = new MachineClockEventDevice(core, cpu);
            devices.add(device);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(CPU_PROPERTY, cpu);
            registrations.add(context.registerService(ClockEventDevice.class, device, props));
        }
        logger.info("clock-event device {} registered on {} CPU(s): rating {}, 1 GHz",
                MachineClockEventDevice.NAME, devices.size(), MachineClockEventDevice.RATING);
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<ClockEventDevice> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        registrations.clear();
        for (MachineClockEventDevice device : devices) {
            device.release();
        }
        devices.clear();
        logger.info("clock-event device {} unregistered", MachineClockEventDevice.NAME);
    }
}
