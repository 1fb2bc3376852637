package io.jiffy.timekeeping.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jiffy.machine.IrqInfo;

/**
 * The housekeeping interrupt alone keeps a narrow counter from wrapping unseen: a 32-bit
 * counter at 100 MHz wraps every 42.9 s, and with no tick at all CLOCK_MONOTONIC still equals
 * machine time exactly after 10 minutes.
 */
class HousekeepingTest {

    private static final long TEN_MINUTES = 600_000_000_000L;

    private static TestClockSource mips(VirtualBoard board) {
        return new TestClockSource(board.machine, "MIPS", 300, 100_000_000L, 100_000_000L, 32, 0);
    }

    private static long housekeepingInterrupts(VirtualBoard board) {
        return board.machine.interrupts().stream().filter(i -> i.name().equals(TimekeeperCore.IRQ_NAME))
                .mapToLong(IrqInfo::count).sum();
    }

    @Test
    void maxIdleIsTheWrapTimeLessAnEighth() {
        try (VirtualBoard board = new VirtualBoard()) {
            board.tk.addSource(mips(board), "io.jiffy.driver.r4k");
            long wrap = 42_949_672_950L; // 2^32 - 1 cycles of 10 ns
            assertEquals(wrap - (wrap >> 3), board.tk.maxIdleNanos());
        }
    }

    @Test
    void a32BitCounterKeepsExactTimeForTenMinutesWithNoTick() {
        try (VirtualBoard board = new VirtualBoard()) {
            board.tk.addSource(mips(board), "io.jiffy.driver.r4k");
            board.machine.advance(TEN_MINUTES);
            assertEquals(TEN_MINUTES, board.machine.nanoTime());
            assertEquals(TEN_MINUTES, board.tk.monotonicNanos());
            assertEquals(TEN_MINUTES / 500_000_000L, housekeepingInterrupts(board), "every watchdog interval");
        }
    }

    @Test
    void maxIdleIsHonouredEvenWithARareWatchdog() {
        try (VirtualBoard board = new VirtualBoard()) {
            board.tk.configureWatchdog(3_600_000_000_000L, 100_000L); // watchdog every hour
            board.tk.addSource(mips(board), "io.jiffy.driver.r4k");
            board.machine.advance(TEN_MINUTES);
            assertEquals(TEN_MINUTES, board.tk.monotonicNanos());
            long interrupts = housekeepingInterrupts(board);
            assertEquals(TEN_MINUTES / board.tk.maxIdleNanos(), interrupts, "one per max idle, no more");
            // and reading at odd times in between stays exact
            for (int i = 0; i < 100; i++) {
                board.machine.advance(7_777_777_770L);
                assertEquals(board.machine.nanoTime(), board.tk.monotonicNanos());
            }
        }
    }

    @Test
    void withoutHousekeepingTheWrapWouldBeMissed() {
        try (VirtualBoard board = new VirtualBoard(1, false)) { // control: not started, no line
            board.tk.addSource(mips(board), "io.jiffy.driver.r4k");
            board.machine.advance(TEN_MINUTES);
            assertNotEquals(TEN_MINUTES, board.tk.monotonicNanos());
            assertTrue(board.tk.monotonicNanos() < 42_949_672_960L);
        }
    }
}
