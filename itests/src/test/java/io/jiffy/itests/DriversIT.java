package io.jiffy.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

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

import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.machine.Machine;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.SigEvent;
import io.jiffy.timer.TimerWheel;

/**
 * The three hardware drivers in the launcher's system, in virtual time: the current clocksource
 * and every CPU's tick device follow the ratings as drivers stop one by one and come back, with
 * CLOCK_MONOTONIC continuous; a driver uninstalled and installed again from its jar is restored,
 * and nothing of it remains while it is gone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriversIT {

    static final String SHUB = "io.jiffy.driver.shub.rtc";
    static final String APIC = "io.jiffy.driver.apic";
    static final String R4K = "io.jiffy.driver.r4k";
    private static final long MS = 1_000_000L;
    /** The coarsest counter period among the sources (sgi_rtc at 25 MHz: 40 ns). */
    private static final long COARSEST_PERIOD = 40;

    @Inject
    BundleContext context;

    @Inject
    Machine machine;

    @Inject
    Timekeeper timekeeper;

    @Inject
    ClockEvents clockEvents;

    @Inject
    PosixClocks posix;

    @Inject
    TimerWheel wheel;

    @Inject
    CommandProcessor processor;

    @Configuration
    public Option[] config() {
        return new Option[] {JiffyRuntime.systemWithDrivers("virtual")};
    }

    @Test
    public void theWholeLauncherSetRunsWithItsThreeDrivers() {
        List<String> notActive = new ArrayList<>();
        int fromLauncher = 0;
        for (Bundle b : context.getBundles()) {
            if (JiffyRuntime.fromLauncherSet(b)) {
                fromLauncher++;
                if (b.getState() != Bundle.ACTIVE) {
                    notActive.add(b.getSymbolicName());
                }
            }
        }
        assertEquals("not active: " + notActive, List.of(), notActive);
        assertEquals(JiffyRuntime.launcherBundles().length, fromLauncher);
        for (String bsn : List.of(SHUB, APIC, R4K)) {
            assertFalse(bsn + " registers its devices", owned(bsn).isEmpty());
        }
    }

    @Test
    public void clocksourceFollowsRatingsAsDriversStopAndComeBackWithMonotonicContinuous() throws Exception {
        assertEquals("sgi_rtc", timekeeper.current().name());
        String[] order = {SHUB, APIC, R4K};
        String[] thenCurrent = {"tsc", "MIPS", "machine"};
        long mono = step();
        for (int i = 0; i < order.length; i++) {
            bundle(order[i]).stop();
            assertEquals("after stopping " + order[i], thenCurrent[i], timekeeper.current().name());
            mono = step(mono);
        }
        String[] back = {"MIPS", "tsc", "sgi_rtc"};
        for (int i = order.length - 1; i >= 0; i--) {
            bundle(order[i]).start();
            awaitSource(back[order.length - 1 - i]);
            assertEquals("after starting " + order[i], back[order.length - 1 - i], timekeeper.current().name());
            mono = step(mono);
        }
    }

    @Test
    public void everyCpusTickDeviceFollowsRatings() throws Exception {
        assertTickDevices("MIPS");
        long jiffies = clockEvents.jiffies();
        bundle(R4K).stop();
        assertTickDevices("lapic");
        machine.advance(1_000 * MS);
        assertEquals(jiffies + clockEvents.hz(), clockEvents.jiffies());
        bundle(APIC).stop();
        assertTickDevices("machine");
        machine.advance(1_000 * MS);
        assertEquals("no jiffy lost across the hand-overs", jiffies + 2L * clockEvents.hz(), clockEvents.jiffies());
        bundle(APIC).start();
        bundle(R4K).start();
        awaitSource("sgi_rtc");
        assertTickDevices("MIPS");
        machine.advance(1_000 * MS);
        assertEquals(jiffies + 3L * clockEvents.hz(), clockEvents.jiffies());
    }

    @Test
    public void uninstallingAndReinstallingEachDriverFromItsJarRestoresItAndLeavesNothingBehind() throws Exception {
        for (String bsn : List.of(SHUB, APIC, R4K)) {
            Bundle driver = bundle(bsn);
            String location = driver.getLocation();
            int threadsBefore = Thread.activeCount();
            if (bsn.equals(SHUB)) {
                // a timer armed on the driver's clock ends with it
                int timer = posix.timerCreate(10, SigEvent.none());
                posix.timerSettime(timer, 0, new ItimerSpec(60_000 * MS, 0));
            }
            driver.uninstall();
            assertNothingOf(bsn);
            assertTrue("no thread of " + bsn + " remains", Thread.activeCount() <= threadsBefore);
            machine.advance(10 * MS);

            Bundle again = context.installBundle(location);
            again.start();
            assertEquals(bsn, again.getSymbolicName());
            assertFalse("its devices are back", owned(bsn).isEmpty());
        }
        awaitSource("sgi_rtc");
        assertTickDevices("MIPS");
        assertTrue(posix.clocks().stream().anyMatch(c -> c.id() == 10));
    }

    @Test
    public void consoleShowsTheDriversAndStopStartMovesTheCurrentSource() throws Exception {
        JiffyRuntime.Output sources = JiffyRuntime.run(processor, "clocksource:list");
        assertEquals(sources.toString(), "", sources.err());
        for (String name : List.of("sgi_rtc", "tsc", "MIPS", "machine")) {
            assertTrue(sources.out(), sources.out().contains(name));
        }
        JiffyRuntime.Output devices = JiffyRuntime.run(processor, "clockevent:list");
        assertEquals(devices.toString(), "", devices.err());
        assertTrue(devices.out(), devices.out().contains("lapic") && devices.out().contains("MIPS"));
        JiffyRuntime.Output mmtimer = JiffyRuntime.run(processor, "mmtimer:info");
        assertEquals(mmtimer.toString(), "", mmtimer.err());
        assertTrue(mmtimer.out(), mmtimer.out().contains("55"));

        long id = bundle(SHUB).getBundleId();
        JiffyRuntime.run(processor, "stop " + id);
        assertTrue(JiffyRuntime.run(processor, "clocksource:current").out().contains("tsc"));
        JiffyRuntime.run(processor, "start " + id);
        awaitSource("sgi_rtc");
        assertTrue(JiffyRuntime.run(processor, "clocksource:current").out().contains("sgi_rtc"));
    }

    /** Advances 100 ms and returns CLOCK_MONOTONIC. */
    private long step() {
        machine.advance(100 * MS);
        return timekeeper.monotonicNanos();
    }

    /** Checks that CLOCK_MONOTONIC moved with the machine across a switch, then steps again. */
    private long step(long before) {
        long atSwitch = timekeeper.monotonicNanos();
        assertTrue("CLOCK_MONOTONIC never goes back: " + before + " -> " + atSwitch, atSwitch >= before);
        assertTrue("no step at the switch: " + before + " -> " + atSwitch, atSwitch - before <= COARSEST_PERIOD);
        long after = step();
        assertTrue("100 ms later: " + (after - atSwitch), Math.abs(after - atSwitch - 100 * MS) <= COARSEST_PERIOD);
        return after;
    }

    private void assertTickDevices(String name) {
        for (int cpu = 0; cpu < machine.cpus(); cpu++) {
            assertEquals("tick device of CPU " + cpu, name, clockEvents.tickDevice(cpu).name());
        }
    }

    /** Everything the system still shows as owned by {@code bsn}: sources, devices, lines, clocks, timers. */
    private List<String> owned(String bsn) {
        List<String> found = new ArrayList<>();
        timekeeper.available().stream().filter(s -> bsn.equals(s.owner())).forEach(s -> found.add("clocksource " + s.name()));
        clockEvents.devices().stream().filter(d -> bsn.equals(d.owner())).forEach(d -> found.add("clockevent " + d.name()));
        machine.interrupts().stream().filter(i -> bsn.equals(i.owner())).forEach(i -> found.add("irq " + i.name()));
        posix.clocks().stream().filter(c -> bsn.equals(c.owner())).forEach(c -> found.add("posix clock " + c.name()));
        wheel.pending().stream().filter(t -> bsn.equals(t.owner())).forEach(t -> found.add("wheel timer " + t.id()));
        return found;
    }

    private void assertNothingOf(String bsn) throws Exception {
        assertEquals("nothing of " + bsn + " remains", List.of(), owned(bsn));
        for (ServiceReference<?> ref : context.getAllServiceReferences(null, null)) {
            assertFalse("a service of " + bsn + " remains", bsn.equals(ref.getBundle() == null ? null : ref.getBundle().getSymbolicName()));
        }
        if (bsn.equals(SHUB)) {
            assertFalse("its timers ended with its clock", posix.timers().stream().anyMatch(t -> t.clockId() == 10));
        }
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    private void awaitSource(String name) throws Exception {
        JiffyRuntime.awaitService(context, "(objectClass=io.jiffy.clocksource.ClockSource)");
        assertEquals(name, timekeeper.current().name());
    }
}
