package io.jiffy.driver.apic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.clocksource.ClockSourceInfo;
import io.jiffy.clocksource.CounterClockSource;
import io.jiffy.machine.Machine;
import io.jiffy.machine.OscillatorCounter;
import io.jiffy.timekeeping.internal.TimekeeperCore;

/**
 * The tsc under the real timekeeper: it is chosen for its rating, and the clocksource watchdog
 * demotes it when it is configured to drift, while an accurate tsc stays current.
 */
class TscWatchdogTest {

    private static final long MS = 1_000_000L;

    private X86Board board;
    private TimekeeperCore tk;
    private final List<String> tkLog = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        tk.stop();
        board.close();
    }

    /** A trusted reference: an HPET-like 64-bit counter over the oscillator, not MUST_VERIFY. */
    private static final class Hpet implements ClockSource {
        private final OscillatorCounter counter;

        Hpet(Machine machine) {
            counter = new OscillatorCounter(machine, 14_318_180L, 64);
        }

        @Override
        public String name() {
            return "hpet";
        }

        @Override
        public int rating() {
            return 250;
        }

        @Override
        public long read() {
            return counter.read();
        }

        @Override
        public long mask() {
            return counter.mask();
        }

        @Override
        public long frequencyHz() {
            return counter.frequencyHz();
        }

        @Override
        public Set<ClockSourceFlag> flags() {
            return EnumSet.of(ClockSourceFlag.CONTINUOUS);
        }
    }

    /** The driver's tsc with {@code driftPpm} and the hpet under a timekeeper (watchdog: 500 ms, 100 us as configured by default). */
    private void start(long driftPpm) {
        board = new X86Board(2, Map.of(ApicSettings.TSC_DRIFT_PPM, driftPpm));
        tk = new TimekeeperCore(board.machine, new TimekeeperCore.Log() {
            @Override
            public void info(String message) {
                tkLog.add(message);
            }

            @Override
            public void warn(String message, Throwable error) {
                tkLog.add("WARN " + message);
            }
        }, List.of(), 500 * MS, 100_000L);
        tk.start();
        tk.addSource(new Hpet(board.machine), "io.example.hpet");
        tk.addSource(board.tsc(), "io.jiffy.driver.apic");
    }

    private ClockSourceInfo info(String name) {
        return tk.available().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aDriftingTscIsDemotedByTheWatchdog() {
        start(1000);
        assertEquals("tsc", tk.current().name(), "rating 300 beats 250 at first");
        board.machine.advance(3_000 * MS);
        ClockSourceInfo tsc = info("tsc");
        assertTrue(tsc.unstable(), "marked unstable");
        assertEquals(0, tsc.rating());
        assertFalse(tsc.current());
        assertEquals("hpet", tk.current().name());
        CounterClockSource device = board.devices.tsc();
        assertNotNull(device.unstableReason(), "the driver was told (markUnstable)");
        assertTrue(device.unstableReason().startsWith("clocksource watchdog: tsc ran "), device.unstableReason());
        assertTrue(board.log.stream().anyMatch(l -> l.startsWith("WARN clocksource tsc marked unstable")), board.log.toString());
    }

    @Test
    void anAccurateTscStaysCurrent() {
        start(0);
        board.machine.advance(10_000 * MS);
        ClockSourceInfo tsc = info("tsc");
        assertFalse(tsc.unstable());
        assertTrue(tsc.current());
        assertEquals(300, tsc.rating());
        assertNull(board.devices.tsc().unstableReason());
        long drift = tk.monotonicNanos() - 10_000 * MS;
        assertTrue(Math.abs(drift) <= 1, "and keeps time, to the nanosecond: " + drift);
    }
}
