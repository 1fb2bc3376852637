package io.jiffy.driver.apic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jiffy.clockevent.ClockEventState;
import io.jiffy.driver.apic.ApicTimer;
import io.jiffy.machine.IrqInfo;

/** What the driver component builds and tears down: every line requested, and nothing left running after close. */
class ApicDevicesTest {

    private static final long MS = 1_000_000L;

    private static List<String> lines(X86Board board) {
        List<String> names = new ArrayList<>();
        for (IrqInfo i : board.machine.interrupts()) {
            names.add(i.name() + "@cpu" + i.cpu());
        }
        return names;
    }

    @Test
    void oneLapicAndOneDeadlineLinePerCpu() {
        try (X86Board board = new X86Board(3)) {
            assertEquals(List.of("lapic-timer@cpu0", "lapic-timer@cpu1", "lapic-timer@cpu2",
                    "apic-deadline@cpu0", "apic-deadline@cpu1", "apic-deadline@cpu2"), lines(board));
            assertEquals(3, board.devices.lapics().size());
            for (int c = 0; c < 3; c++) {
                assertEquals(c, board.devices.lapics().get(c).cpu());
            }
            assertEquals(3, board.devices.timers().cpus());
        }
    }

    @Test
    void closeFreesEveryIrqLineAndCancelsEverything() {
        X86Board board = new X86Board(2, Map.of(ApicSettings.IRQ_LATENCY_NANOS, 5_000L));
        List<String> events = new ArrayList<>();
        Lapic l0 = board.devices.lapics().get(0);
        Lapic l1 = board.devices.lapics().get(1);
        l0.setEventHandler(d -> events.add("lapic0"));
        l1.setEventHandler(d -> events.add("lapic1"));
        l0.setStatePeriodic(25_000);
        l1.setState(ClockEventState.ONESHOT);
        l1.setNextEvent(60_000);
        ApicTimerList list = board.devices.timers();
        List<ApicTimer> timers = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            timers.add(list.addAfter(c, 30 * MS, t -> events.add("timer"), "test", this));
        }
        board.machine.advance(5 * MS);
        assertEquals(1, events.stream().filter(e -> e.equals("lapic0")).count());
        assertFalse(events.contains("timer"));

        board.devices.close();
        assertEquals(List.of(), lines(board), "every IRQ line freed");
        for (ApicTimer t : timers) {
            assertFalse(t.pending(), "cancelled");
            assertFalse(t.fired());
        }
        assertTrue(list.pending().isEmpty());
        int before = events.size();
        board.machine.advance(1_000 * MS);
        assertEquals(before, events.size(), "nothing armed runs after close");
        assertThrows(IllegalStateException.class, () -> list.addAfter(0, MS, t -> { }, "test", this));
        assertEquals(ClockEventState.DETACHED, l0.state());
        board.devices.close(); // idempotent
        board.machine.shutdown();
    }
}
