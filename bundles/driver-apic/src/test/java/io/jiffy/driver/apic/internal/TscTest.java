package io.jiffy.driver.apic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.clocksource.CounterClockSource;
import io.jiffy.machine.internal.MachineCore;

/** The tsc clocksource: a 64-bit counter over the oscillator with the kernel tsc's flags, and its faults. */
class TscTest {

    private static final long GHZ_2_4 = 2_400_000_000L;

    private final MachineCore machine = new MachineCore(true, 1, 0);
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final ApicLog apicLog = new ApicLog() {
        @Override
        public void info(String message) {
            log.add(message);
        }

        @Override
        public void warn(String message, Throwable error) {
            log.add("WARN " + message);
        }
    };

    TscTest() {
        machine.start();
    }

    @AfterEach
    void shutdown() {
        machine.shutdown();
    }

    private CounterClockSource tsc(long driftPpm, boolean stuck, long jump) {
        return Tsc.create(machine, GHZ_2_4, 300, driftPpm, stuck, jump, apicLog);
    }

    @Test
    void isTheKernelsTscAt2_4GHz() {
        CounterClockSource tsc = tsc(0, false, 0);
        assertEquals("tsc", tsc.name());
        assertEquals(300, tsc.rating());
        assertEquals(GHZ_2_4, tsc.frequencyHz());
        assertEquals(EnumSet.of(ClockSourceFlag.CONTINUOUS, ClockSourceFlag.VALID_FOR_HRES, ClockSourceFlag.MUST_VERIFY),
                tsc.flags());
    }

    @Test
    void countsCyclesOfItsFrequencyOn64BitsWithoutAMask() {
        CounterClockSource tsc = tsc(0, false, 0);
        assertEquals(-1L, tsc.mask());
        assertEquals(64, ClockSource.bits(tsc.mask()));
        assertEquals(0, tsc.read());
        machine.advance(1_000_000_000L);
        assertEquals(GHZ_2_4, tsc.read());
        machine.advance(1);
        assertEquals(GHZ_2_4 + 2, tsc.read()); // 2.4 cycles per ns, rounded down
        machine.advance(999_999_999L);
        assertEquals(2 * GHZ_2_4, tsc.read());
    }

    @Test
    void theFullSixtyFourBitsAreUsedAcrossTheTopBit() {
        // jumped to 1000 cycles below 2^64: the register wraps through 2^64, not at any narrower width
        CounterClockSource tsc = tsc(0, false, -1000);
        // jumped to 100 cycles below 2^63: the top bit is part of the count, not masked off
        CounterClockSource high = tsc(0, false, Long.MAX_VALUE - 100);
        assertEquals(-1000L, tsc.read());
        assertEquals("18446744073709550616", Long.toUnsignedString(tsc.read()));
        assertEquals(Long.MAX_VALUE - 100, high.read());
        machine.advance(1_000); // 2400 cycles
        assertEquals(1400, tsc.read());
        assertEquals(Long.MIN_VALUE + 2299, high.read());
        assertEquals("9223372036854778107", Long.toUnsignedString(high.read()));
    }

    @Test
    void driftMakesItRunFast() {
        CounterClockSource tsc = tsc(1000, false, 0);
        machine.advance(1_000_000_000L);
        assertEquals(GHZ_2_4 + GHZ_2_4 / 1000, tsc.read());
        assertEquals(GHZ_2_4, tsc.frequencyHz(), "the nominal frequency is what the driver believes");
    }

    @Test
    void aStuckCounterStandsStill() {
        machine.advance(1_000);
        CounterClockSource tsc = tsc(0, true, 0);
        long v = tsc.read();
        assertEquals(2400, v);
        machine.advance(1_000_000);
        assertEquals(v, tsc.read());
    }

    @Test
    void markedUnstableOnceWithTheReasonLogged() {
        CounterClockSource tsc = tsc(0, false, 0);
        assertNull(tsc.unstableReason());
        tsc.markUnstable("clocksource watchdog: tsc ran 1001000 ns while hpet ran 1000000 ns");
        tsc.markUnstable("again");
        assertTrue(tsc.unstableReason().startsWith("clocksource watchdog"));
        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith("WARN clocksource tsc marked unstable by the watchdog: "), log.get(0));
    }

    @Test
    void theJumpFaultIsAppliedOnceAtActivation() {
        try (X86Board board = new X86Board(1, Map.of(ApicSettings.TSC_JUMP_CYCLES, 1_000_000L))) {
            assertEquals(1_000_000L, board.tsc().read());
            board.machine.advance(1_000);
            assertEquals(1_000_000L + 2400, board.tsc().read());
        }
    }
}
