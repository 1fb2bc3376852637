package io.jiffy.timekeeping.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;

/**
 * The watchdog: a MUST_VERIFY source drifting by 1000 ppm is marked unstable within 2 s of
 * virtual time and replaced without a time step; sources within the threshold stay; sources
 * and the trusted source appearing or disappearing mid-interval are handled; a trusted source
 * that stands still is found out instead of demoting the sources it checks.
 */
class WatchdogTest {

    private static final long GHZ = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @RegisterExtension
    final VirtualBoard board = new VirtualBoard();

    private TestClockSource trusted() {
        return TestClockSource.exact(board.machine, "machine", 100, GHZ);
    }

    private TestClockSource tsc(long ppm) {
        return new TestClockSource(board.machine, "tsc", 300, GHZ, GHZ + GHZ / 1_000_000 * ppm, 64, 0,
                ClockSourceFlag.MUST_VERIFY);
    }

    @Test
    void aSourceDriftingBy1000PpmIsReplacedWithin2sWithoutATimeStep() {
        TestClockSource tsc = tsc(1000);
        board.tk.addSource(trusted(), "io.jiffy.machine");
        board.tk.addSource(tsc, "io.jiffy.driver.apic");
        assertEquals("tsc", board.tk.current().name());

        long before = 0;
        long switchedAt = -1;
        for (int step = 1; step <= 2000 && switchedAt < 0; step++) {
            long monoBefore = board.tk.monotonicNanos();
            before = monoBefore - board.machine.nanoTime();
            board.machine.advance(MS);
            long mono = board.tk.monotonicNanos();
            assertTrue(mono >= monoBefore);
            if (!board.tk.current().name().equals("tsc")) {
                switchedAt = board.machine.nanoTime();
                long after = mono - board.machine.nanoTime();
                // continuous: the offset grew by at most this step's drift (1 ms at 1000 ppm = 1 us)
                assertTrue(after >= before && after - before <= 1_000 + 1, "step at the switch: " + before + " -> " + after);
                // and the offset is just the drift accumulated until the switch
                assertTrue(after <= switchedAt / 1000 + 1, "offset " + after);
            }
        }
        assertTrue(switchedAt > 0 && switchedAt <= 2_000 * MS, "not replaced within 2 s");
        assertEquals("machine", board.tk.current().name());
        assertEquals(1, tsc.unstableReasons.size());
        assertTrue(tsc.unstableReasons.get(0).startsWith("clocksource watchdog: tsc ran "), tsc.unstableReasons.get(0));
        assertFalse(tsc.enabled());
        assertTrue(board.tk.available().stream().anyMatch(i -> i.name().equals("tsc") && i.unstable() && i.rating() == 0));

        // from now on time runs at the trusted rate: the offset stays exactly what it was
        long offset = board.tk.monotonicNanos() - board.machine.nanoTime();
        board.machine.advance(5_000 * MS);
        assertEquals(offset, board.tk.monotonicNanos() - board.machine.nanoTime());
        assertEquals(1, tsc.unstableReasons.size(), "marked once");
    }

    @Test
    void aSourceWithinTheThresholdStays() {
        TestClockSource tsc = tsc(100); // 100 ppm < 200 ppm
        board.tk.addSource(trusted(), "io.jiffy.machine");
        board.tk.addSource(tsc, "io.jiffy.driver.apic");
        board.machine.advance(20_000 * MS);
        assertEquals("tsc", board.tk.current().name());
        assertTrue(tsc.unstableReasons.isEmpty());
    }

    @Test
    void aDriftingSourceThatIsNotCurrentIsMarkedToo() {
        TestClockSource slow = new TestClockSource(board.machine, "slow", 50, GHZ, GHZ - GHZ / 1000, 64, 0,
                ClockSourceFlag.MUST_VERIFY);
        board.tk.addSource(trusted(), "io.jiffy.machine");
        board.tk.addSource(slow, "x");
        board.machine.advance(2_000 * MS);
        assertEquals(1, slow.unstableReasons.size());
        assertEquals("machine", board.tk.current().name());
        assertEquals(board.machine.nanoTime(), board.tk.monotonicNanos());
    }

    @Test
    void sourcesAppearingAndTheTrustedSourceLeavingMidInterval() {
        TestClockSource machine = trusted();
        board.tk.addSource(machine, "io.jiffy.machine");
        board.machine.advance(300 * MS);
        TestClockSource tsc = tsc(1000);
        board.tk.addSource(tsc, "io.jiffy.driver.apic"); // mid-interval
        board.machine.advance(100 * MS);
        board.tk.removeSource(machine);                  // before the first round: no trusted source, no verdicts
        board.machine.advance(2_000 * MS);
        assertTrue(tsc.unstableReasons.isEmpty());
        assertEquals("tsc", board.tk.current().name());
        board.tk.addSource(machine, "io.jiffy.machine"); // back mid-interval
        board.machine.advance(1_100 * MS);
        assertEquals(1, tsc.unstableReasons.size());
        assertEquals("machine", board.tk.current().name());
    }

    @Test
    void aStuckTrustedSourceIsFoundOutAndDoesNotDemoteTheSourceItChecks() {
        ClockSource stuck = new ClockSource() {
            @Override
            public String name() {
                return "rtc";
            }

            @Override
            public int rating() {
                return 450;
            }

            @Override
            public long read() {
                return 123_456_789L; // stands still
            }

            @Override
            public long mask() {
                return -1L;
            }

            @Override
            public long frequencyHz() {
                return 25_000_000L;
            }

            @Override
            public Set<ClockSourceFlag> flags() {
                return EnumSet.of(ClockSourceFlag.CONTINUOUS);
            }
        };
        TestClockSource tsc = tsc(0);
        board.tk.addSource(tsc, "io.jiffy.driver.apic");
        board.machine.advance(300 * MS);
        board.tk.addSource(stuck, "io.jiffy.driver.shub.rtc"); // mid-interval: the trusted source, and current
        assertEquals("rtc", board.tk.current().name());
        long frozen = board.tk.monotonicNanos();
        board.machine.advance(1_000 * MS);
        assertEquals("tsc", board.tk.current().name(), "found out within two watchdog intervals");
        assertTrue(tsc.unstableReasons.isEmpty(), "the tsc is right and stays: " + tsc.unstableReasons);
        assertTrue(board.tk.available().stream().anyMatch(i -> i.name().equals("rtc") && i.unstable() && i.rating() == 0));
        assertTrue(board.tk.monotonicNanos() >= frozen);
        long offset = board.tk.monotonicNanos() - board.machine.nanoTime();
        board.machine.advance(5_000 * MS);
        assertEquals(offset, board.tk.monotonicNanos() - board.machine.nanoTime(), "time runs again on the tsc");
    }

    @Test
    void theThresholdIsConfigurable() {
        board.tk.configureWatchdog(500 * MS, 1_000_000L); // 1 ms per 500 ms = 2000 ppm
        TestClockSource tsc = tsc(1000);
        board.tk.addSource(trusted(), "io.jiffy.machine");
        board.tk.addSource(tsc, "io.jiffy.driver.apic");
        board.machine.advance(10_000 * MS);
        assertTrue(tsc.unstableReasons.isEmpty());
        assertEquals("tsc", board.tk.current().name());
    }
}
