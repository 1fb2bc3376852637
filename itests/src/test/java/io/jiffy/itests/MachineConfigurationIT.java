package io.jiffy.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.TickListener;
import io.jiffy.machine.Machine;
import io.jiffy.timer.Timer;
import io.jiffy.timer.TimerWheel;

/** The machine configured through the real ConfigAdmin, described through the real Metatype service. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MachineConfigurationIT {

    private static final String PID = "io.jiffy.machine";

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    MetaTypeService metaType;

    @Configuration
    public Option[] config() {
        return new Option[] {JiffyRuntime.system("real")};
    }

    @Test
    public void metatypeDescribesTheMachineConfiguration() {
        Bundle machineBundle = null;
        for (Bundle b : context.getBundles()) {
            if ("io.jiffy.machine".equals(b.getSymbolicName())) {
                machineBundle = b;
            }
        }
        assertNotNull(machineBundle);
        ObjectClassDefinition ocd = metaType.getMetaTypeInformation(machineBundle).getObjectClassDefinition(PID, null);
        Set<String> ids = new TreeSet<>();
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            ids.add(ad.getID());
        }
        assertTrue(ids.toString(), ids.containsAll(Set.of("mode", "cpus", "spinThresholdNanos")));
    }

    @Test
    public void configurationSwitchesModeAndCpusAndDeletingItRestoresTheDefaults() throws Exception {
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("mode", "virtual");
        props.put("cpus", 3);
        configuration.update(props);
        try {
            Machine machine = awaitMachine(true, 3);
            assertEquals("one fallback clock-event device per CPU", 3,
                    context.getServiceReferences(ClockEventDevice.class, null).size());
            long t = machine.nanoTime();
            machine.advance(1_000_000L);
            assertEquals(t + 1_000_000L, machine.nanoTime());

            // the stack is back on the new machine: a wheel timer fires when virtual time passes it
            JiffyRuntime.awaitService(context, "(objectClass=" + TickListener.class.getName() + ")");
            TimerWheel wheel = (TimerWheel) context.getService(
                    JiffyRuntime.awaitService(context, "(objectClass=" + TimerWheel.class.getName() + ")"));
            CountDownLatch fired = new CountDownLatch(1);
            Timer timer = wheel.newTimer(tm -> fired.countDown(), 2);
            timer.add(wheel.jiffies() + 3);
            machine.advance(20_000_000L);
            assertEquals("the timer on cpu2 fired after 20 ms of virtual time", 0, fired.getCount());
        } finally {
            configuration.delete();
        }
        Machine machine = awaitMachine(false, -1);
        assertFalse(machine.isVirtual());
    }

    /** Waits (bounded, event-driven) until a Machine service has the given mode and CPU count (-1: any). */
    private Machine awaitMachine(boolean virtual, int cpus) throws Exception {
        AtomicReference<Machine> found = new AtomicReference<>();
        CountDownLatch latch = new CountDownLatch(1);
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED && matches(event.getServiceReference(), virtual, cpus, found)) {
                latch.countDown();
            }
        };
        context.addServiceListener(listener, "(objectClass=" + Machine.class.getName() + ")");
        try {
            ServiceReference<Machine> current = context.getServiceReference(Machine.class);
            if (current != null && matches(current, virtual, cpus, found)) {
                return found.get();
            }
            assertTrue("no Machine service with virtual=" + virtual + " cpus=" + cpus + " within 10 s",
                    latch.await(10, TimeUnit.SECONDS));
            return found.get();
        } finally {
            context.removeServiceListener(listener);
        }
    }

    private boolean matches(ServiceReference<?> ref, boolean virtual, int cpus, AtomicReference<Machine> found) {
        Machine m = (Machine) context.getService(ref);
        if (m != null && m.isVirtual() == virtual && (cpus < 0 || m.cpus() == cpus)) {
            found.set(m);
            return true;
        }
        return false;
    }
}
