package io.jiffy.clockevents.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jiffy.clockevent.TickMode;
import io.jiffy.driver.r4k.internal.R4kClockEvent;
import io.jiffy.driver.r4k.internal.R4kDriver;
import io.jiffy.driver.r4k.internal.R4kSettings;
import io.jiffy.machine.internal.MachineCore;
import io.jiffy.timekeeping.internal.TimekeeperCore;

/**
 * The MIPS devices drive the real tick core (in the clockevents bundle's package, for its
 * package-private core), over the real timekeeper reading clocksource MIPS: they become every
 * CPU's tick device, the tick keeps HZ across Count wraps, and a Compare write slower than the
 * minimum delta is handled by the core's -ETIME retry.
 */
class R4kTickTest {

    private static final long SECOND = 1_000_000_000L;

    /** A virtual machine, the timekeeper on clocksource MIPS and a tick core with the MIPS devices. */
    private static final class System implements AutoCloseable {
        final MachineCore machine;
        final R4kDriver driver;
        final TimekeeperCore timekeeper;
        final TickCore tick;
        final List<String> log = new ArrayList<>();

        System(int cpus, TickMode mode, R4kSettings settings) {
            machine = new MachineCore(true, cpus, 0);
            machine.start();
            driver = new R4kDriver(machine, settings);
            timekeeper = new TimekeeperCore(machine, TimekeeperCore.Log.NONE, List.of(), 500_000_000L, 100_000L);
            timekeeper.addSource(driver.clockSource(), "io.jiffy.driver.r4k");
            timekeeper.start();
            tick = new TickCore(machine, timekeeper, 250, mode, new CoreLog() {
                @Override
                public void info(String message) {
                    log.add("INFO " + message);
                }

                @Override
                public void warn(String message) {
                    log.add("WARN " + message);
                }

                @Override
                public void error(String message, Throwable error) {
                    log.add("ERROR " + message);
                }
            });
            long order = 0;
            for (R4kClockEvent d : driver.clockEvents()) {
                tick.addDevice(d, "io.jiffy.driver.r4k", ++order);
            }
            tick.start();
        }

        @Override
        public void close() {
            tick.stop();
            timekeeper.stop();
            driver.shutdown();
            machine.shutdown();
        }
    }

    @Test
    void theMipsDevicesAreEveryCpusTickDeviceAndKeepHz() {
        try (System s = new System(2, TickMode.PERIODIC, R4kSettings.DEFAULTS)) {
            assertEquals("MIPS", s.timekeeper.current().name());
            for (int cpu = 0; cpu < 2; cpu++) {
                assertEquals("MIPS", s.tick.tickDevice(cpu).name());
                assertEquals(cpu, s.tick.tickDevice(cpu).cpu());
            }
            s.machine.advance(SECOND);
            assertEquals(250, s.tick.jiffiesNow());
            for (R4kClockEvent d : s.driver.clockEvents()) {
                assertTrue(d.events() >= 250, d + " delivered " + d.events() + " events");
                assertEquals(0, d.etimes(), "the minimum delta is far above the write latency");
            }
            assertTrue(s.log.stream().noneMatch(l -> l.startsWith("WARN") || l.startsWith("ERROR")), String.valueOf(s.log));
        }
    }

    @Test
    void theTickKeepsHzAcrossCountWraps() {
        try (System s = new System(1, TickMode.PERIODIC, R4kSettings.DEFAULTS)) {
            s.machine.advance(100 * SECOND); // more than two 42.9 s wraps
            assertEquals(25_000, s.tick.jiffiesNow());
            assertEquals(100 * SECOND, s.timekeeper.monotonicNanos());
        }
    }

    @Test
    void tickless() {
        try (System s = new System(2, TickMode.TICKLESS, R4kSettings.DEFAULTS)) {
            s.machine.advance(100 * SECOND);
            assertEquals(100 * SECOND, s.timekeeper.monotonicNanos());
            assertTrue(s.log.stream().noneMatch(l -> l.startsWith("WARN") || l.startsWith("ERROR")), String.valueOf(s.log));
        }
    }

    @Test
    void aCompareWriteSlowerThanTheMinimumDeltaIsRetriedByTheCore() {
        // 0x400 cycles of latency: a minimum-delta (0x300) write always lands too late
        try (System s = new System(1, TickMode.PERIODIC, R4kSettings.DEFAULTS.withCompareWriteLatencyCycles(0x400))) {
            s.machine.advance(SECOND);
            R4kClockEvent d = s.driver.clockEvents().get(0);
            DeviceEntry e = s.tick.entry(d);
            assertEquals(7_680, e.minDeltaNanos, "0x300 cycles at 100 MHz");
            // an event already due is forced with the minimum delta, which lands too late
            assertTrue(s.tick.program(e, 0, 0));
            assertEquals(3, d.etimes(), "three tries with 0x300 cycles, all -ETIME");
            assertEquals(11_520, e.minDeltaNanos, "raised by half to 0x480 cycles, beyond the latency: armed");
            assertEquals(1, s.log.stream().filter(l -> l.startsWith("WARN") && l.contains("-ETIME")).count(),
                    String.valueOf(s.log));
            s.machine.advance(SECOND);
            assertEquals(500, s.tick.jiffiesNow(), "no tick lost");
            assertEquals(3, d.etimes(), "ticks are programmed far beyond the latency");
        }
    }
}
