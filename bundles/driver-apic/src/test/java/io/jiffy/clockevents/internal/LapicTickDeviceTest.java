package io.jiffy.clockevents.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.ClockEventInfo;
import io.jiffy.clockevent.TickMode;
import io.jiffy.driver.apic.internal.X86Board;
import io.jiffy.timekeeping.internal.TimekeeperCore;

/**
 * The lapic devices under the real tick core (in the core's package, on the plain classpath,
 * since the core is internal to the clockevents bundle) with the real timekeeper reading the
 * tsc: each CPU's lapic becomes its tick device and drives jiffies at HZ, also with a
 * simulated interrupt latency.
 */
class LapicTickDeviceTest {

    private static final long MS = 1_000_000L;

    private X86Board board;
    private TimekeeperCore tk;
    private TickCore core;

    @AfterEach
    void close() {
        core.stop();
        tk.stop();
        board.close();
    }

    private void start(TickMode mode, Map<String, ?> config) {
        board = new X86Board(2, config);
        tk = new TimekeeperCore(board.machine(), TimekeeperCore.Log.NONE, List.of(), 500 * MS, 100_000L);
        tk.addSource(board.tsc(), "io.jiffy.driver.apic");
        tk.start();
        core = new TickCore(board.machine(), tk, 250, mode, CoreLog.NONE);
        long order = 0;
        for (ClockEventDevice lapic : board.lapics()) {
            core.addDevice(lapic, "io.jiffy.driver.apic", ++order);
        }
        core.start();
    }

    @Test
    void eachCpusLapicIsItsTickDeviceAndDrivesJiffiesAtHz() {
        start(TickMode.PERIODIC, Map.of());
        for (int cpu = 0; cpu < 2; cpu++) {
            ClockEventInfo tick = core.tickDevice(cpu);
            assertEquals("lapic", tick.name());
            assertEquals(cpu, tick.cpu());
        }
        // 1 us beyond: CLOCK_MONOTONIC read from the 2.4 GHz tsc may trail the oscillator by a nanosecond
        board.machine().advance(1_000 * MS + 1_000);
        assertEquals(250, core.jiffiesNow());
        assertEquals(250, core.ticks(0));
        assertEquals(250, core.ticks(1));
        // the tick core may re-program once more when a tick arrives a nanosecond before CLOCK_MONOTONIC
        // (read from the tsc, rounded down) reaches it: at least every tick, and hardly more
        long irqs = board.irqCount("lapic-timer", 0);
        assertTrue(irqs >= 250 && irqs <= 260, irqs + " lapic interrupts");
        assertEquals("tsc", tk.current().name());
    }

    @Test
    void aSimulatedLatencyDelaysTicksButLosesNone() {
        start(TickMode.PERIODIC, Map.of("irqLatencyNanos", 7_000L, "irqJitterNanos", 1_000L));
        board.machine().advance(1_000 * MS + 10_000);
        assertEquals(250, core.jiffiesNow());
        assertEquals(250, core.ticks(1));
    }

    @Test
    void ticklessIdleProgramsTheLapicRarely() {
        start(TickMode.TICKLESS, Map.of());
        board.machine().advance(1_000 * MS + 1_000);
        assertEquals(250, core.jiffiesNow(), "jiffies follow time");
        assertTrue(board.irqCount("lapic-timer", 1) <= 250, "an idle CPU is not woken more than every tick");
    }
}
