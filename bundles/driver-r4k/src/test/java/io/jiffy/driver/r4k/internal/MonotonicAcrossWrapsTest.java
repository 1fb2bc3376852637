package io.jiffy.driver.r4k.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jiffy.clocksource.CycleConverter;
import io.jiffy.timekeeping.internal.TimekeeperCore;

/**
 * CLOCK_MONOTONIC on the real timekeeper, reading only clocksource MIPS, stays exact across ten
 * wraps of the 32-bit Count: it equals the time at the switch to MIPS plus the exact conversion
 * of every Count cycle since, and never goes backwards.
 */
class MonotonicAcrossWrapsTest {

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(longs = {100_000_000L, 66_666_667L, 250_000_000L})
    void monotonicIsExactAcrossTenWraps(long hz) {
        try (Board board = new Board(1)) {
            board.machine.advance(1_234_567_891L); // the switch happens at an odd moment
            // jump Count to 256 cycles before its wrap, so the first wrap comes at once
            long jump = (0xffff_ff00L - CycleConverter.cyclesAt(board.machine.nanoTime(), hz)) & Cp0Count.MASK;
            R4kDriver driver = new R4kDriver(board.machine,
                    R4kSettings.DEFAULTS.withFrequencyHz(hz).withCounterJumpCycles(jump));
            assertEquals(0xffff_ff00L, driver.clockSource().read());
            TimekeeperCore tk = new TimekeeperCore(board.machine, TimekeeperCore.Log.NONE, List.of(),
                    500_000_000L, 100_000L);
            tk.start();
            long monoAtSwitch = tk.monotonicNanos();
            long countAtSwitch = driver.count().count();
            tk.addSource(driver.clockSource(), "io.jiffy.driver.r4k");
            assertEquals("MIPS", tk.current().name(), "MIPS, rated above the timekeeper's own fallback");
            assertEquals(monoAtSwitch, tk.monotonicNanos(), "no jump at the switch");

            CycleConverter conv = CycleConverter.forFrequency(hz);
            long wrapNanos = CycleConverter.nanosWhen(1L << 32, hz);
            long end = board.machine.nanoTime() + 10 * wrapNanos + 5_555_555_555L;
            long last = Long.MIN_VALUE;
            long step = 777_777_777L; // not a divisor of anything: reads land at odd counts
            int wraps = 0;
            long lastCount = driver.clockSource().read();
            while (board.machine.nanoTime() < end) {
                board.machine.advance(Math.min(step, end - board.machine.nanoTime()));
                long mono = tk.monotonicNanos();
                long cycles = driver.count().count() - countAtSwitch;
                assertEquals(monoAtSwitch + conv.toNanos(cycles), mono, "exact at " + board.machine.nanoTime() + " ns");
                assertTrue(mono >= last, "never backwards");
                long oscillator = board.machine.nanoTime();
                long period = CycleConverter.nanosWhen(1, hz);
                assertTrue(Math.abs(mono - oscillator) <= period + 1,
                        "within one Count cycle of the oscillator: " + mono + " vs " + oscillator);
                last = mono;
                long count = driver.clockSource().read();
                if (count < lastCount) {
                    wraps++;
                }
                lastCount = count;
            }
            assertTrue(wraps >= 10, "Count wrapped " + wraps + " times");
            tk.stop();
            driver.shutdown();
        }
    }
}
