package io.jiffy.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;


import java.io.File;

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

import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.machine.Machine;

/**
 * Timekeeping and the tick wired in the framework (Felix or Equinox), in virtual time: a bundle providing a better
 * clocksource and tick device is started and stopped while time stays continuous and no jiffy
 * is lost.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TimekeepingAndTickIT {

    private static final long SECOND = 1_000_000_000L;

    @Inject
    BundleContext context;

    @Inject
    Machine machine;

    @Inject
    Timekeeper timekeeper;

    @Inject
    ClockEvents clockEvents;

    @Inject
    CommandProcessor processor;

    @Configuration
    public Option[] config() {
        return new Option[] {JiffyRuntime.system("virtual")};
    }

    @Test
    public void periodicTickGivesHzJiffiesPerSecond() {
        assertEquals(250, clockEvents.hz());
        long before = clockEvents.jiffies();
        machine.advance(SECOND);
        assertEquals(before + 250, clockEvents.jiffies());
    }

    @Test
    public void stoppingTheBundleOfTheCurrentSourceAndTickDeviceKeepsTimeAndJiffies() throws Exception {
        assertEquals("machine", timekeeper.current().name());
        Bundle fixture = context.installBundle(new File(System.getProperty("jiffy.fixture")).toURI().toString());
        try {
            fixture.start();
            assertEquals("the better source takes over", "fixture", timekeeper.current().name());
            assertEquals("the better device takes CPU 0's tick", "fixture-timer", clockEvents.tickDevice(0).name());
            long jiffies = clockEvents.jiffies();
            machine.advance(SECOND);
            assertEquals(jiffies + 250, clockEvents.jiffies());
            long mono = timekeeper.monotonicNanos();
            assertEquals("the 10 MHz source kept exact time", machine.nanoTime(), mono);
            assertTrue("its line delivered CPU 0's ticks", irqCount("fixture-timer") >= 250);

            fixture.stop();
            assertEquals("machine", timekeeper.current().name());
            assertEquals("machine", clockEvents.tickDevice(0).name());
            assertEquals("no step at the switch", mono, timekeeper.monotonicNanos());
            assertEquals("its interrupt line was freed with the bundle", -1, irqCount("fixture-timer"));

            machine.advance(SECOND);
            assertEquals(mono + SECOND, timekeeper.monotonicNanos());
            assertEquals("no lost jiffy across the hand-over", jiffies + 500, clockEvents.jiffies());
        } finally {
            fixture.uninstall();
        }
    }

    /** Interrupts delivered on the line with that name, or -1 if there is none. */
    private long irqCount(String name) {
        return machine.interrupts().stream().filter(i -> i.name().equals(name)).mapToLong(i -> i.count()).findFirst().orElse(-1);
    }

    @Test
    public void consoleShowsTickAndClocksources() throws Exception {
        JiffyRuntime.Output info = JiffyRuntime.run(processor, "tick:info");
        assertEquals(info.toString(), "", info.err());
        assertTrue(info.out(), info.out().contains(Long.toString(clockEvents.jiffies())));

        JiffyRuntime.Output list = JiffyRuntime.run(processor, "clocksource:list");
        assertEquals(list.toString(), "", list.err());
        assertTrue(list.out(), list.out().contains("machine"));

        JiffyRuntime.Output select = JiffyRuntime.run(processor, "clocksource:select nosuch");
        assertEquals(select.toString(), "", select.out());
        String err = select.err().trim();
        assertFalse(select.toString(), err.isEmpty() || err.contains("\n") || err.contains("Exception"));

        JiffyRuntime.Output events = JiffyRuntime.run(processor, "clockevent:list");
        assertEquals(events.toString(), "", events.err());
        assertTrue(events.out(), events.out().contains("machine"));
    }
}
