package io.jiffy.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.machine.Machine;

/** The launcher's bundle set in the framework (Felix or Equinox) with the machine in virtual time. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VirtualSystemIT {

    @Inject
    BundleContext context;

    @Inject
    Machine machine;

    @Inject
    CommandProcessor processor;

    @Configuration
    public Option[] config() {
        return new Option[] {JiffyRuntime.system("virtual")};
    }

    @Test
    public void everyBundleOfTheLauncherIsActive() {
        List<String> notActive = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            names.add(b.getSymbolicName());
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertTrue("not active: " + notActive, notActive.isEmpty());
        for (String expected : new String[] {"io.jiffy.clocksource.api", "io.jiffy.clockevent.api",
                "io.jiffy.machine", "io.jiffy.shell", "org.apache.felix.scr",
                "org.apache.felix.configadmin", "org.apache.felix.metatype", "org.apache.felix.log",
                "org.apache.felix.fileinstall", "org.apache.felix.gogo.runtime",
                "org.apache.felix.gogo.shell", "org.apache.felix.gogo.command"}) {
            assertTrue(expected + " missing from " + names, names.contains(expected));
        }
        assertEquals("one bundle per jar of the launcher set (its drivers are DriversIT's)",
                java.util.Arrays.stream(JiffyRuntime.launcherBundles()).filter(j -> !JiffyRuntime.isDriver(j)).count(),
                countLauncherBundles());
    }

    private int countLauncherBundles() {
        int n = 0;
        for (Bundle b : context.getBundles()) {
            if (JiffyRuntime.fromLauncherSet(b)) {
                n++;
            }
        }
        return n;
    }

    @Test
    public void machineIsVirtualAndStandsStill() {
        assertTrue(machine.isVirtual());
        assertTrue(machine.cpus() >= 1);
        long t = machine.nanoTime();
        assertEquals(t, machine.nanoTime());
    }

    @Test
    public void fallbackClocksourceAndClockEventDevicesAreRegistered() throws Exception {
        boolean found = false;
        for (ServiceReference<ClockSource> ref : context.getServiceReferences(ClockSource.class, null)) {
            ClockSource cs = context.getService(ref);
            found |= "machine".equals(cs.name()) && cs.rating() == 100;
            context.ungetService(ref);
        }
        assertTrue("machine clocksource", found);
        assertEquals(machine.cpus(), context.getServiceReferences(ClockEventDevice.class, null).size());
    }

    @Test
    public void commandsAreRegistered() throws Exception {
        Set<String> commands = new TreeSet<>();
        for (ServiceReference<?> ref : context.getServiceReferences((String) null, "(osgi.command.scope=*)")) {
            Object scope = ref.getProperty("osgi.command.scope");
            Object functions = ref.getProperty("osgi.command.function");
            for (String f : functions instanceof String[] ? (String[]) functions : new String[] {String.valueOf(functions)}) {
                commands.add(scope + ":" + f);
            }
        }
        for (String c : new String[] {"machine:info", "machine:advance", "irq:list"}) {
            assertTrue(c + " missing from " + commands, commands.contains(c));
        }
    }

    @Test
    public void advanceRunsVirtualTimeAndInfoShowsIt() throws Exception {
        long before = machine.nanoTime();
        JiffyRuntime.Output advance = JiffyRuntime.run(processor, "machine:advance 10ms");
        assertEquals(advance.toString(), "", advance.err());
        assertEquals(before + 10_000_000L, machine.nanoTime());

        JiffyRuntime.Output info = JiffyRuntime.run(processor, "machine:info");
        assertEquals(info.toString(), "", info.err());
        assertTrue(info.out(), info.out().contains("virtual"));
        assertTrue(info.out(), info.out().contains("(" + machine.nanoTime() + " ns)"));
        assertTrue(info.out(), info.out().contains(String.valueOf(machine.cpus())));
    }

    @Test
    public void durationWithoutUnitIsOneClearLine() throws Exception {
        long before = machine.nanoTime();
        JiffyRuntime.Output out = JiffyRuntime.run(processor, "machine:advance 10");
        assertEquals(out.toString(), "", out.out());
        String err = out.err().trim();
        assertFalse(out.toString(), err.contains("\n"));
        assertTrue(err, err.contains("unit"));
        assertTrue(err, err.contains("ms"));
        assertFalse(err, err.contains("Exception"));
        assertEquals("nothing moved", before, machine.nanoTime());
    }

    @Test
    public void irqListShowsTheFallbackTimerLines() throws Exception {
        JiffyRuntime.Output out = JiffyRuntime.run(processor, "irq:list");
        assertEquals(out.toString(), "", out.err());
        assertTrue(out.out(), out.out().contains("CPU0"));
        assertTrue(out.out(), out.out().contains("machine-timer"));
    }
}
