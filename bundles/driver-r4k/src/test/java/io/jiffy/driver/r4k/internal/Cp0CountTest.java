package io.jiffy.driver.r4k.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.clocksource.CycleConverter;

/** The CP0 Count register and clocksource MIPS: 32 bits, wrapping every 2^32 / f. */
class Cp0CountTest {

    @Test
    void clocksourceIsA32BitContinuousCounterAtTheCountFrequency() {
        try (Board board = new Board(1)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS);
            ClockSource cs = driver.clockSource();
            assertEquals("MIPS", cs.name());
            assertEquals(0xffff_ffffL, cs.mask());
            assertEquals(32, ClockSource.bits(cs.mask()));
            assertEquals(100_000_000L, cs.frequencyHz());
            assertEquals(EnumSet.of(ClockSourceFlag.CONTINUOUS, ClockSourceFlag.VALID_FOR_HRES), cs.flags());
            driver.shutdown();
        }
    }

    @Test
    void countWrapsAfter2To32CyclesThat_is42Point9SecondsAt100MHz() {
        try (Board board = new Board(1)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS);
            ClockSource cs = driver.clockSource();
            assertEquals(0, cs.read());
            board.machine.advance(1_234_567_890L);
            assertEquals(123_456_789L, cs.read());

            board.machine.advanceTo(Board.WRAP_NS - 1); // 42.949672959 s: the last cycle before the wrap
            assertEquals(0xffff_ffffL, cs.read());
            board.machine.advanceTo(Board.WRAP_NS);     // 42.94967296 s
            assertEquals(0, cs.read());
            assertEquals(1L << 32, driver.count().count(), "the unmasked count goes on");
            board.machine.advance(10 * Board.WRAP_NS + 70);
            assertEquals(7, cs.read());
            driver.shutdown();
        }
    }

    @Test
    void theWrapPeriodFollowsTheFrequency() {
        for (long hz : new long[] {1_000_000L, 66_666_667L, 100_000_000L, 4_000_000_000L}) {
            try (Board board = new Board(1)) {
                R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS.withFrequencyHz(hz));
                long wrap = CycleConverter.nanosWhen(1L << 32, hz);
                board.machine.advanceTo(wrap - 1);
                long before = driver.clockSource().read(); // a nanosecond before: the top cycle(s) of the range
                assertTrue(before > 0xffff_fff0L, hz + " Hz: " + Long.toHexString(before));
                board.machine.advanceTo(wrap);
                assertEquals(0, driver.clockSource().read(), hz + " Hz");
                driver.shutdown();
            }
        }
    }

    @Test
    void readIsMonotonicBetweenWrapsAndNeverLeaves32Bits() {
        try (Board board = new Board(1)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS.withCounterJumpCycles(0xffff_0000L));
            long last = driver.clockSource().read();
            assertEquals(0xffff_0000L, last);
            int wraps = 0;
            for (int i = 0; i < 2_000; i++) {
                board.machine.advance(3_333);
                long now = driver.clockSource().read();
                assertTrue(now >= 0 && now <= 0xffff_ffffL);
                if (now < last) {
                    wraps++;
                }
                last = now;
            }
            assertEquals(1, wraps, "65536 cycles after the jump Count wraps, once");
            driver.shutdown();
        }
    }
}
