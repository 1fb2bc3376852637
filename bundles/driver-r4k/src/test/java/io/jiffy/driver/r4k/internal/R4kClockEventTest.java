package io.jiffy.driver.r4k.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jiffy.clockevent.ClockEventFeature;
import io.jiffy.clockevent.ClockEventState;
import io.jiffy.clocksource.CycleConverter;

/**
 * Clock-event device MIPS: mips_next_event with its -ETIME rule, the Compare match firing at the
 * right machine time (also across the 32-bit wrap), states, and the lost-interrupt fault.
 */
class R4kClockEventTest {

    /** What the event handler saw: machine time, CPU, and Count, per event. */
    private static final class Events {
        final List<Long> times = new ArrayList<>();
        final List<Integer> cpus = new ArrayList<>();
        final List<Long> counts = new ArrayList<>();
    }

    private static Events record(Board board, R4kDriver driver, R4kClockEvent device) {
        Events e = new Events();
        device.setEventHandler(d -> {
            e.times.add(board.machine.nanoTime());
            e.cpus.add(board.machine.currentCpu());
            e.counts.add(driver.count().read());
        });
        return e;
    }

    @Test
    void theDeviceIsAPerCpuOneshotTimerWithTheKernelsDeltaRange() {
        try (Board board = new Board(2)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS);
            assertEquals(2, driver.clockEvents().size());
            for (int cpu = 0; cpu < 2; cpu++) {
                R4kClockEvent d = driver.clockEvents().get(cpu);
                assertEquals("MIPS", d.name());
                assertEquals(cpu, d.cpu());
                assertEquals(300, d.rating());
                assertEquals(100_000_000L, d.frequencyHz());
                assertEquals(EnumSet.of(ClockEventFeature.ONESHOT, ClockEventFeature.C3STOP, ClockEventFeature.PERCPU),
                        d.features());
                assertEquals(0x300, d.minDeltaCycles());
                assertEquals(0x7fffffff, d.maxDeltaCycles());
                assertEquals(cpu, d.line().cpu());
                assertEquals("MIPS-compare", d.line().name());
            }
            assertEquals(0x300, R4kClockEvent.MIN_DELTA_CYCLES);
            assertEquals(0x7fffffffL, R4kClockEvent.MAX_DELTA_CYCLES);
            driver.shutdown();
        }
    }

    @Test
    void aDeltaNotBeyondTheWriteLatencyHasPassed_ETIME_andArmsNothing() {
        try (Board board = new Board(1)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS);
            R4kClockEvent d = driver.clockEvents().get(0);
            Events events = record(board, driver, d);
            d.setState(ClockEventState.ONESHOT);
            long latency = R4kSettings.DEFAULT_COMPARE_WRITE_LATENCY_CYCLES;

            assertFalse(d.setNextEvent(0x10), "0x10 cycles: Count passed Compare before the write landed");
            assertEquals(-1, d.armedAt());
            assertFalse(d.setNextEvent(latency), "Count == Compare after the write: (int)(Count - Compare) >= 0");
            assertEquals(-1, d.armedAt());
            assertEquals(2, d.etimes());

            assertTrue(d.setNextEvent(latency + 1));
            assertTrue(d.armedAt() >= 0);

            // -ETIME after an armed event: the Compare write replaced it, nothing stays armed
            assertFalse(d.setNextEvent(1));
            assertEquals(-1, d.armedAt());
            board.machine.advance(1_000_000_000L);
            assertTrue(events.times.isEmpty(), "nothing fired");
            assertEquals(0, d.line().count());
            driver.shutdown();
        }
    }

    @Test
    void theMinimumDeltaArmsAndFiresExactlyThatManyCyclesLater() {
        try (Board board = new Board(1)) {
            board.machine.advance(5_000_000L);
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS);
            R4kClockEvent d = driver.clockEvents().get(0);
            Events events = record(board, driver, d);
            d.setState(ClockEventState.ONESHOT);
            long now = board.machine.nanoTime();
            long count = driver.count().read();
            assertTrue(d.setNextEvent(0x300));
            assertEquals((count + 0x300) & Cp0Count.MASK, d.compareValue(), "Compare = Count + delta");
            assertEquals(now + 0x300 * Board.CYCLE_NS, d.armedAt());
            board.machine.advance(0x300 * Board.CYCLE_NS - 1);
            assertTrue(events.times.isEmpty(), "not early");
            board.machine.advance(1);
            assertEquals(List.of(now + 0x300 * Board.CYCLE_NS), events.times);
            assertEquals(List.of(d.compareValue()), events.counts, "fires when Count equals Compare");
            assertEquals(List.of(0), events.cpus, "on the device's CPU");
            assertEquals(1, d.line().count());
            assertEquals(1, d.events());
            driver.shutdown();
        }
    }

    @Test
    void setNextEventAcrossThe32BitWrapFiresAtTheRightTime() {
        try (Board board = new Board(1)) {
            // Count at 0xffffff00: a delta of 0x1000 puts Compare at 0xf00, after the wrap
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS.withCounterJumpCycles(0xffff_ff00L));
            R4kClockEvent d = driver.clockEvents().get(0);
            Events events = record(board, driver, d);
            d.setState(ClockEventState.ONESHOT);
            assertEquals(0xffff_ff00L, driver.count().read());
            assertTrue(d.setNextEvent(0x1000));
            assertEquals(0xf00, d.compareValue());
            long expected = 0x1000 * Board.CYCLE_NS;
            assertEquals(expected, d.armedAt(), "0x1000 cycles ahead, not a whole wrap and not at once");
            board.machine.advance(expected - 1);
            assertTrue(events.times.isEmpty());
            board.machine.advance(Board.WRAP_NS);
            assertEquals(List.of(expected), events.times, "once, when the wrapped Count reached Compare");
            assertEquals(List.of(0xf00L), events.counts);
            driver.shutdown();
        }
    }

    @Test
    void theLargestDeltaFiresHalfAWrapLater() {
        try (Board board = new Board(1)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS.withCounterJumpCycles(0x8000_0000L));
            R4kClockEvent d = driver.clockEvents().get(0);
            Events events = record(board, driver, d);
            assertTrue(d.setNextEvent(0x7fffffff));
            board.machine.advance(Board.WRAP_NS);
            assertEquals(List.of(0x7fffffffL * Board.CYCLE_NS), events.times);
            driver.shutdown();
        }
    }

    @Test
    void eachCpuHasItsOwnCompare() {
        try (Board board = new Board(2)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS);
            R4kClockEvent d0 = driver.clockEvents().get(0);
            R4kClockEvent d1 = driver.clockEvents().get(1);
            Events e0 = record(board, driver, d0);
            Events e1 = record(board, driver, d1);
            assertTrue(d0.setNextEvent(0x1000));
            assertTrue(d1.setNextEvent(0x2000));
            board.machine.advance(1_000_000L);
            assertEquals(List.of(0x1000 * Board.CYCLE_NS), e0.times);
            assertEquals(List.of(0), e0.cpus);
            assertEquals(List.of(0x2000 * Board.CYCLE_NS), e1.times);
            assertEquals(List.of(1), e1.cpus);
            driver.shutdown();
        }
    }

    @Test
    void shutdownAndOneshotStoppedWithdrawTheEvent_PeriodicIsRefused() {
        try (Board board = new Board(1)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS);
            R4kClockEvent d = driver.clockEvents().get(0);
            Events events = record(board, driver, d);
            d.setState(ClockEventState.ONESHOT);
            assertTrue(d.setNextEvent(0x1000));
            d.setState(ClockEventState.SHUTDOWN);
            assertEquals(-1, d.armedAt());
            d.setState(ClockEventState.ONESHOT);
            assertTrue(d.setNextEvent(0x1000));
            d.setState(ClockEventState.ONESHOT_STOPPED);
            assertEquals(-1, d.armedAt());
            board.machine.advance(Board.WRAP_NS * 2);
            assertTrue(events.times.isEmpty());
            assertEquals(ClockEventState.ONESHOT_STOPPED, d.state());

            assertThrows(UnsupportedOperationException.class, () -> d.setStatePeriodic(1_000_000));
            assertThrows(IllegalArgumentException.class, () -> d.setState(ClockEventState.PERIODIC));
            assertThrows(IllegalArgumentException.class, () -> d.setState(ClockEventState.DETACHED));
            driver.shutdown();
        }
    }

    @Test
    void everyNthInterruptIsLost_theLineCountsItTheHandlerNeverSeesIt() {
        try (Board board = new Board(1)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS.withFaults(0, false, 3, false));
            R4kClockEvent d = driver.clockEvents().get(0);
            Events events = record(board, driver, d);
            d.setState(ClockEventState.ONESHOT);
            for (int i = 0; i < 9; i++) {
                assertTrue(d.setNextEvent(0x1000));
                board.machine.advance(0x1000 * Board.CYCLE_NS);
            }
            assertEquals(9, d.line().count(), "nine interrupts on the line");
            assertEquals(6, events.times.size(), "the 3rd, 6th and 9th never reached the handler");
            assertEquals(3, d.lostInterrupts());
            assertEquals(9, d.interruptsTaken());
            assertEquals(6, d.events());
            driver.shutdown();
        }
    }

    @Test
    void afterALostInterruptCompareMatchesAgainOnlyWhenCountComesRound() {
        try (Board board = new Board(1)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS.withFaults(0, false, 1, false));
            R4kClockEvent d = driver.clockEvents().get(0);
            Events events = record(board, driver, d);
            d.setState(ClockEventState.ONESHOT);
            assertTrue(d.setNextEvent(0x1000));
            board.machine.advance(Board.WRAP_NS + 0x1000 * Board.CYCLE_NS);
            assertEquals(2, d.line().count(), "the match and, one wrap later, the match again");
            assertEquals(2, d.lostInterrupts(), "every interrupt lost (N = 1)");
            assertTrue(events.times.isEmpty());
            driver.shutdown();
        }
        try (Board board = new Board(1)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS.withFaults(0, false, 2, false));
            R4kClockEvent d = driver.clockEvents().get(0);
            Events events = record(board, driver, d);
            assertTrue(d.setNextEvent(0x1000));
            board.machine.advance(0x1000 * Board.CYCLE_NS);
            assertTrue(d.setNextEvent(0x1000)); // this one is lost ...
            board.machine.advance(Board.WRAP_NS * 3 / 2);
            long lostAt = 2 * 0x1000 * Board.CYCLE_NS;
            // ... and the CPU hears from its timer again when Count comes round to Compare
            assertEquals(List.of(0x1000 * Board.CYCLE_NS, lostAt + Board.WRAP_NS), events.times);
            driver.shutdown();
        }
    }

    @Test
    void driftMovesTheMatchWithTheCount() {
        try (Board board = new Board(1)) {
            // 1000 ppm fast: 100,100,000 cycles per second
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS.withFaults(1000, false, 0, false));
            R4kClockEvent d = driver.clockEvents().get(0);
            Events events = record(board, driver, d);
            assertTrue(d.setNextEvent(100_000));
            board.machine.advance(1_000_000L);
            assertEquals(List.of(CycleConverter.nanosWhen(100_000, 100_100_000L)), events.times);
            assertEquals(100_000_000L, d.frequencyHz(), "the nominal frequency is reported");
            driver.shutdown();
        }
    }
}
