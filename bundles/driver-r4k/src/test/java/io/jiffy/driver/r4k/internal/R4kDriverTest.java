package io.jiffy.driver.r4k.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jiffy.clockevent.ClockEventState;
import io.jiffy.machine.IrqInfo;

/**
 * Which devices the driver creates: the compare-interrupt probe (c0_compare_int_usable) decides
 * whether the per-CPU clock-event devices exist; the clocksource always does. And shutting down
 * leaves nothing armed and frees every interrupt line.
 */
class R4kDriverTest {

    @Test
    void withAWorkingCompareBothTheClocksourceAndOneDevicePerCpuAreCreated() {
        try (Board board = new Board(4)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS);
            assertEquals("MIPS", driver.clockSource().name());
            assertEquals(List.of(Cp0Compare.Probe.USABLE, Cp0Compare.Probe.USABLE, Cp0Compare.Probe.USABLE,
                    Cp0Compare.Probe.USABLE), driver.probes());
            assertEquals(List.of(), driver.unusableCpus());
            assertEquals(4, driver.clockEvents().size());
            for (int cpu = 0; cpu < 4; cpu++) {
                assertEquals(cpu, driver.clockEvents().get(cpu).cpu());
            }
            List<IrqInfo> lines = board.lines(R4kClockEvent.IRQ_NAME);
            assertEquals(List.of(0, 1, 2, 3), lines.stream().map(IrqInfo::cpu).toList(), "one timer line per CPU");
            driver.shutdown();
        }
    }

    @Test
    void aBrokenCompareFailsTheProbeAndOnlyTheClocksourceIsCreated() {
        try (Board board = new Board(2)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS.withFaults(0, false, 0, true));
            assertEquals(List.of(Cp0Compare.Probe.NO_INTERRUPT, Cp0Compare.Probe.NO_INTERRUPT), driver.probes());
            assertEquals(List.of(0, 1), driver.unusableCpus());
            assertTrue(driver.clockEvents().isEmpty(), "no clock-event device");
            assertTrue(board.lines(R4kClockEvent.IRQ_NAME).isEmpty(), "no timer interrupt requested");
            assertEquals("MIPS", driver.clockSource().name(), "the clocksource still exists");
            board.machine.advance(1_000_000L);
            assertEquals(100_000, driver.clockSource().read(), "and counts");
            driver.shutdown();
        }
    }

    @Test
    void aStuckCountFailsTheProbeWhereTheKernelWouldWaitForever() {
        try (Board board = new Board(1)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS.withFaults(0, true, 0, false));
            assertEquals(List.of(Cp0Compare.Probe.COUNT_STOPPED), driver.probes());
            assertTrue(driver.clockEvents().isEmpty());
            driver.shutdown();
        }
    }

    @Test
    void theProbeTakesNoVirtualTimeAndLeavesNothingArmed() {
        try (Board board = new Board(2)) {
            board.machine.advance(123_456_789L);
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS);
            assertEquals(123_456_789L, board.machine.nanoTime());
            for (IrqInfo line : board.lines(R4kClockEvent.IRQ_NAME)) {
                assertEquals(-1, line.armedAt());
            }
            board.machine.advance(2 * Board.WRAP_NS);
            for (R4kClockEvent d : driver.clockEvents()) {
                assertEquals(0, d.line().count(), "no interrupt left over from the probe");
            }
            driver.shutdown();
        }
    }

    @Test
    void theProbeFindsADeltaLargerThanTheWriteLatency() {
        try (Board board = new Board(1)) {
            Cp0Count count = new Cp0Count(board.machine, 100_000_000L);
            assertEquals(Cp0Compare.Probe.USABLE, new Cp0Compare(count, 0, false).probe());
            assertEquals(Cp0Compare.Probe.USABLE, new Cp0Compare(count, 0x18, false).probe());
            assertEquals(Cp0Compare.Probe.USABLE, new Cp0Compare(count, 0xffff, false).probe(), "found at 0x10000");
            assertEquals(Cp0Compare.Probe.NO_INTERRUPT, new Cp0Compare(count, 0x400000, false).probe(),
                    "every delta up to 0x400000 has passed when the write lands");
            assertEquals(Cp0Compare.Probe.NO_INTERRUPT, new Cp0Compare(count, 0x18, true).probe());
        }
    }

    @Test
    void theModelledPendingBitIsSetByTheMatchAndClearedByACompareWrite() {
        try (Board board = new Board(1)) {
            Cp0Count count = new Cp0Count(board.machine, 100_000_000L);
            Cp0Compare compare = new Cp0Compare(count, 0x18, false);
            assertFalse(compare.causeTi());
            long landed = compare.write(count.count() + 0x100);
            assertEquals(0x18, landed, "Count as read right after the write landed");
            assertFalse(compare.causeTi());
            board.machine.advance(0xff * Board.CYCLE_NS);
            assertFalse(compare.causeTi(), "one cycle before the match");
            board.machine.advance(Board.CYCLE_NS);
            assertTrue(compare.causeTi(), "Count == Compare sets Cause.TI");
            board.machine.advance(1_000_000L);
            assertTrue(compare.causeTi(), "and it stays set");
            compare.write(compare.read());
            assertFalse(compare.causeTi(), "writing Compare clears it");
            assertEquals(0x100 + (1L << 32), compare.matchAt(), "the next match is when Count comes round");

            Cp0Compare broken = new Cp0Compare(count, 0x18, true);
            broken.write(count.count() + 0x100);
            board.machine.advance(1_000_000L);
            assertFalse(broken.causeTi(), "a broken compare never sets it");
        }
    }

    @Test
    void shutdownFreesEveryInterruptLineAndNothingFiresAfterwards() {
        try (Board board = new Board(3)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS);
            List<Long> events = new ArrayList<>();
            for (R4kClockEvent d : driver.clockEvents()) {
                d.setEventHandler(x -> events.add(board.machine.nanoTime()));
                d.setState(ClockEventState.ONESHOT);
                assertTrue(d.setNextEvent(0x10000));
            }
            assertEquals(3, board.lines(R4kClockEvent.IRQ_NAME).size());
            driver.shutdown();
            assertTrue(board.lines(R4kClockEvent.IRQ_NAME).isEmpty(), "every MIPS-compare line freed");
            board.machine.advance(2 * Board.WRAP_NS);
            assertTrue(events.isEmpty(), "nothing armed survives");
            // a late call from a core that has not noticed yet is harmless
            driver.clockEvents().get(0).setNextEvent(0x1000);
            board.machine.advance(Board.WRAP_NS);
            assertTrue(events.isEmpty());
            assertTrue(board.lines(R4kClockEvent.IRQ_NAME).isEmpty());
            driver.shutdown(); // twice is harmless
        }
    }
}
