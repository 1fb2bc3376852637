package io.jiffy.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.osgi.framework.ServiceRegistration;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.ClockEventFeature;
import io.jiffy.clockevent.ClockEventHandler;
import io.jiffy.clockevent.ClockEventState;
import io.jiffy.clockevent.ClockEvents;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.Machine;
import io.jiffy.posix.ClockId;
import io.jiffy.posix.ClockInfo;
import io.jiffy.posix.Errno;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClock;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.PosixException;
import io.jiffy.posix.PosixTimerInfo;
import io.jiffy.posix.SigEvent;

/** POSIX clocks and timers in the framework (Felix or Equinox), in virtual time: driver clocks come and go, timers die with their bundle. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PosixIT {

    private static final long MS = 1_000_000L;
    private static final String FIXTURE = "io.jiffy.itests.fixture";

    @Inject
    BundleContext context;

    @Inject
    Machine machine;

    @Inject
    PosixClocks posix;

    @Inject
    ClockEvents clockEvents;

    @Inject
    CommandProcessor processor;

    @Configuration
    public Option[] config() {
        return new Option[] {JiffyRuntime.system("virtual")};
    }

    @Test
    public void aDriverClockIsUsableWhileItsBundleRunsAndItsTimersEndWithIt() throws Exception {
        Bundle fixture = context.installBundle(new File(System.getProperty("jiffy.fixture")).toURI().toString());
        try {
            fixture.start();
            JiffyRuntime.awaitService(context, "(objectClass=io.jiffy.itests.fixture.FixturePosixTimers)");
            assertEquals("its two timers exist", 2, fixtureTimers());

            // id 10 through every call
            posix.clockSettime(10, 5_000 * MS);
            assertEquals(5_000 * MS, posix.clockGettime(10));
            assertEquals(1, posix.clockGetres(10));
            assertTrue(posix.clocks().stream().anyMatch(c -> c.id() == 10 && FIXTURE.equals(c.owner())));
            JiffyRuntime.Output clocks = JiffyRuntime.run(processor, "posix:clocks");
            assertTrue(clocks.toString(), clocks.out().contains("CLOCK_FIXTURE"));

            AtomicInteger fired = new AtomicInteger();
            int id = posix.timerCreate(10, SigEvent.callback((t, overrun) -> fired.incrementAndGet()));
            posix.timerSettime(id, PosixClocks.TIMER_ABSTIME, new ItimerSpec(5_010 * MS, 10 * MS));
            machine.advance(35 * MS);
            assertEquals("fired at 10, 20 and 30 ms", 3, fired.get());
            assertEquals(new ItimerSpec(5 * MS, 10 * MS), posix.timerGettime(id));

            // a second provider of id 10 is refused while the first runs
            ServiceRegistration<PosixClock> second = context.registerService(PosixClock.class,
                    new ConstantClock(), props(10));
            try {
                ClockInfo ten = posix.clocks().stream().filter(c -> c.id() == 10).findFirst().orElseThrow();
                assertEquals("the first provider keeps id 10", FIXTURE, ten.owner());
            } finally {
                second.unregister();
            }

            fixture.stop();
            assertEquals("no timer of the stopped bundle remains", 0, fixtureTimers());
            assertFalse("its clock is gone", posix.clocks().stream().anyMatch(c -> c.id() == 10));
            expectErrno(Errno.EINVAL, () -> posix.timerGettime(id));
            expectErrno(Errno.EINVAL, () -> posix.clockGettime(10));
        } finally {
            fixture.uninstall();
        }
    }

    @Test
    public void reservedIdsAreRefused() {
        ServiceRegistration<PosixClock> reg = context.registerService(PosixClock.class, new ConstantClock(), props(5));
        try {
            assertFalse(posix.clocks().stream().anyMatch(c -> "CLOCK_CONSTANT".equals(c.name())));
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void expiryThreeAndAHalfIntervalsLateCountsOverrunThree() {
        LateDevice late = new LateDevice(machine, 35 * MS);
        ServiceRegistration<ClockEventDevice> reg = context.registerService(ClockEventDevice.class, late, new Hashtable<>());
        try {
            assertEquals("the late device serves CPU 0", LateDevice.NAME, clockEvents.tickDevice(0).name());
            AtomicInteger firstOverrun = new AtomicInteger(-1);
            int id = posix.timerCreate(ClockId.CLOCK_MONOTONIC,
                    SigEvent.callback((t, overrun) -> firstOverrun.compareAndSet(-1, overrun)));
            // expire on the next tick boundary, the event the device is programmed for, which it
            // then delivers 35 ms = 3.5 intervals late
            long tick = 1_000_000_000L / clockEvents.hz();
            long boundary = (posix.clockGettime(ClockId.CLOCK_MONOTONIC) / tick + 1) * tick;
            posix.timerSettime(id, PosixClocks.TIMER_ABSTIME, new ItimerSpec(boundary, 10 * MS));
            machine.advanceTo(boundary + 50 * MS);
            assertEquals("due at +0, delivered at +35 ms: +10, +20 and +30 were missed", 3, firstOverrun.get());
            assertEquals(3, posix.timerGetoverrun(id));
            posix.timerDelete(id);
        } finally {
            reg.unregister();
            late.line.free();
        }
    }

    @Test
    public void consoleAcceptance() throws Exception {
        JiffyRuntime.Output create = JiffyRuntime.run(processor, "ptimer:create CLOCK_MONOTONIC");
        assertEquals(create.toString(), "", create.err());
        Matcher m = Pattern.compile("(\\d+)").matcher(create.out());
        assertTrue(create.out(), m.find());
        int id = Integer.parseInt(m.group(1));

        JiffyRuntime.Output set = JiffyRuntime.run(processor, "ptimer:set " + id + " 10ms 10ms");
        assertEquals(set.toString(), "", set.err());
        JiffyRuntime.run(processor, "machine:advance 1s");
        PosixTimerInfo info = posix.timers().stream().filter(t -> t.id() == id).findFirst().orElseThrow();
        assertTrue(info.armed());
        assertEquals(10 * MS, info.intervalNanos());
        assertEquals(100, info.expirations());
        JiffyRuntime.Output list = JiffyRuntime.run(processor, "ptimer:list");
        assertEquals(list.toString(), "", list.err());
        assertTrue(list.out(), list.out().contains("100"));

        JiffyRuntime.Output settime = JiffyRuntime.run(processor, "posix:settime CLOCK_MONOTONIC 1s");
        String err = settime.err().trim();
        assertTrue(settime.toString(), err.contains("EINVAL") && !err.contains("\n") && !err.contains("Exception"));

        JiffyRuntime.Output clocks = JiffyRuntime.run(processor, "posix:clocks");
        assertEquals(clocks.toString(), "", clocks.err());
        for (String name : new String[] {"CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_MONOTONIC_RAW",
                "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME"}) {
            assertTrue(name + " in " + clocks.out(), clocks.out().contains(name));
        }
        JiffyRuntime.run(processor, "ptimer:delete " + id);
    }

    private long fixtureTimers() {
        return posix.timers().stream().filter(t -> FIXTURE.equals(t.owner())).count();
    }

    private static Hashtable<String, Object> props(int clockId) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(PosixClock.PROPERTY_CLOCK_ID, clockId);
        return p;
    }

    private static void expectErrno(Errno errno, Runnable call) {
        try {
            call.run();
            fail("expected " + errno);
        } catch (PosixException e) {
            assertEquals(errno, e.errno());
        }
    }

    /** A clock that always reads 42 ns, without timers. */
    static final class ConstantClock implements PosixClock {
        @Override public String name() { return "CLOCK_CONSTANT"; }
        @Override public long getTime() { return 42; }
        @Override public long getResolution() { return 1; }
    }

    /** A oneshot local timer of CPU 0 that delivers every event {@code lateNanos} late. */
    static final class LateDevice implements ClockEventDevice {
        static final String NAME = "late-timer";
        final IrqLine line;
        private final Machine machine;
        private final long lateNanos;
        private volatile ClockEventHandler handler;

        LateDevice(Machine machine, long lateNanos) {
            this.machine = machine;
            this.lateNanos = lateNanos;
            this.line = machine.requestIrq(NAME, 0, l -> {
                ClockEventHandler h = handler;
                if (h != null) {
                    h.eventHandler(this);
                }
            });
        }

        @Override public String name() { return NAME; }
        @Override public int rating() { return 400; }
        @Override public Set<ClockEventFeature> features() { return EnumSet.of(ClockEventFeature.ONESHOT, ClockEventFeature.PERCPU); }
        @Override public int cpu() { return 0; }
        @Override public long frequencyHz() { return 1_000_000_000L; }
        @Override public long minDeltaCycles() { return 1_000; }
        @Override public long maxDeltaCycles() { return Long.MAX_VALUE / 4; }

        @Override
        public void setState(ClockEventState state) {
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
            line.raiseAt(machine.nanoTime() + deltaCycles + lateNanos);
            return true;
        }

        @Override
        public void setEventHandler(ClockEventHandler handler) {
            this.handler = handler;
        }
    }
}
