package io.jiffy.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Set;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.ClockEventFeature;
import io.jiffy.clockevent.ClockEventHandler;
import io.jiffy.clockevent.ClockEventState;
import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.clocksource.CycleConverter;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.Machine;

/**
 * Timekeeping and the tick wired in Felix, in virtual time: sources and tick devices come and
 * go as services while time stays continuous and no jiffy is lost.
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
    public void removingTheCurrentClocksourceKeepsTimeContinuous() {
        assertEquals("machine", timekeeper.current().name());
        ServiceRegistration<ClockSource> reg = context.registerService(ClockSource.class,
                new CounterSource(machine, "it-counter", 300, 10_000_000L, 32), new Hashtable<>());
        try {
            assertEquals("the better source takes over", "it-counter", timekeeper.current().name());
            machine.advance(SECOND);
            long mono = timekeeper.monotonicNanos();
            assertEquals(machine.nanoTime(), mono);
            reg.unregister();
            reg = null;
            assertEquals("machine", timekeeper.current().name());
            assertEquals("no step at the switch", mono, timekeeper.monotonicNanos());
            machine.advance(SECOND);
            assertEquals(mono + SECOND, timekeeper.monotonicNanos());
        } finally {
            if (reg != null) {
                reg.unregister();
            }
        }
    }

    @Test
    public void removingTheTickDeviceHandsTheTickOverWithoutLosingAJiffy() {
        TestTickDevice device = new TestTickDevice(machine, 0);
        ServiceRegistration<ClockEventDevice> reg = context.registerService(ClockEventDevice.class, device, new Hashtable<>());
        try {
            assertEquals("it-timer", clockEvents.tickDevice(0).name());
            long start = clockEvents.jiffies();
            machine.advance(SECOND);
            assertEquals(start + 250, clockEvents.jiffies());
            assertTrue("the test device delivered the ticks", device.line.count() > 0);
            reg.unregister();
            reg = null;
            assertEquals("machine", clockEvents.tickDevice(0).name());
            machine.advance(SECOND);
            assertEquals("no lost jiffy across the hand-over", start + 500, clockEvents.jiffies());
        } finally {
            if (reg != null) {
                reg.unregister();
            }
            device.line.free();
        }
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

    /** A free-running counter over the machine's oscillator. */
    static final class CounterSource implements ClockSource {
        private final String name;
        private final int rating;
        private final long hz;
        private final long mask;
        private final Machine machine;

        CounterSource(Machine machine, String name, int rating, long hz, int bits) {
            this.machine = machine;
            this.name = name;
            this.rating = rating;
            this.hz = hz;
            this.mask = ClockSource.maskOf(bits);
        }

        @Override public String name() { return name; }
        @Override public int rating() { return rating; }
        @Override public long read() { return CycleConverter.cyclesAt(machine.nanoTime(), hz) & mask; }
        @Override public long mask() { return mask; }
        @Override public long frequencyHz() { return hz; }
        @Override public Set<ClockSourceFlag> flags() { return EnumSet.of(ClockSourceFlag.CONTINUOUS); }
    }

    /** A per-CPU oneshot device at 1 GHz over an IRQ line of the machine, rated above the fallback. */
    static final class TestTickDevice implements ClockEventDevice {
        final IrqLine line;
        private final Machine machine;
        private final int cpu;
        private volatile ClockEventHandler handler;

        TestTickDevice(Machine machine, int cpu) {
            this.machine = machine;
            this.cpu = cpu;
            this.line = machine.requestIrq("it-timer", cpu, l -> {
                ClockEventHandler h = handler;
                if (h != null) {
                    h.eventHandler(this);
                }
            });
        }

        @Override public String name() { return "it-timer"; }
        @Override public int rating() { return 200; }
        @Override public Set<ClockEventFeature> features() { return EnumSet.of(ClockEventFeature.ONESHOT, ClockEventFeature.PERCPU); }
        @Override public int cpu() { return cpu; }
        @Override public long frequencyHz() { return SECOND; }
        @Override public long minDeltaCycles() { return 1_000; }
        @Override public long maxDeltaCycles() { return Long.MAX_VALUE / 4; }

        @Override
        public void setState(ClockEventState state) {
            if (state == ClockEventState.PERIODIC || state == ClockEventState.DETACHED) {
                throw new IllegalArgumentException(state.toString());
            }
            if (state != ClockEventState.ONESHOT) {
                line.cancel();
            }
        }

        @Override
        public void setStatePeriodic(long periodCycles) {
            throw new UnsupportedOperationException("oneshot only");
        }

        @Override
        public boolean setNextEvent(long deltaCycles) {
            line.raiseAt(machine.nanoTime() + deltaCycles);
            return true;
        }

        @Override
        public void setEventHandler(ClockEventHandler handler) {
            this.handler = handler;
        }
    }
}
