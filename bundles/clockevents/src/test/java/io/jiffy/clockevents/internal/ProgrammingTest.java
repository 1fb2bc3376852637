package io.jiffy.clockevents.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jiffy.clockevent.ClockEventFeature;
import io.jiffy.clockevent.ClockEventState;
import io.jiffy.clockevent.TickMode;

/** clockevents_program_event: ns to cycles, clamping to [min, max] delta, the -ETIME retry with the minimum delta. */
class ProgrammingTest {

    private static final long MS = 1_000_000L;

    @Test
    void deltasAreConvertedAtTheDeviceFrequencyRoundingUp() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            // 10 MHz: 4 ms = 40000 cycles
            TestDevice d = rig.add(new TestDevice(rig.machine, "slow", 0, 0, 100, 10_000_000L, 2, 1 << 30,
                    ClockEventFeature.ONESHOT));
            rig.core.start();
            assertEquals(List.of(40_000L), d.programmed);
            DeviceEntry e = rig.core.entry(d);
            d.programmed.clear();
            assertTrue(rig.core.program(e, 1_234_567, 0)); // 12345.67 cycles -> 12346, never early
            assertEquals(List.of(12_346L), d.programmed);
        }
    }

    @Test
    void deltasAreClampedToMinAndMax() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            TestDevice d = rig.add(new TestDevice(rig.machine, "narrow", 0, 0, 100, 1_000_000_000L, 5_000, 3 * MS,
                    ClockEventFeature.ONESHOT));
            rig.core.start();
            DeviceEntry e = rig.core.entry(d);
            d.programmed.clear();
            assertTrue(rig.core.program(e, 10, 0));            // below min
            assertTrue(rig.core.program(e, 1_000_000 * MS, 0)); // above max: wakes at max, then again
            assertEquals(List.of(5_000L, 3 * MS), d.programmed);

            // the tick (4 ms) is beyond max delta: the device is woken early and reprogrammed, no tick lost
            rig.machine.advance(1000 * MS);
            assertEquals(250, rig.core.jiffiesNow());
            assertTrue(d.violations.isEmpty(), "deltas outside the device's range: " + d.violations);
        }
    }

    @Test
    void etimeIsRetriedWithTheMinimumDelta() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            TestDevice d = rig.add(TestDevice.oneshot(rig.machine, "flaky", 0, 100));
            rig.core.start();
            rig.machine.advance(2 * MS);
            d.programmed.clear();
            d.etimeTimes = 2; // the next two writes find the comparator already passed

            rig.machine.advance(2 * MS); // the tick at 4 ms reprograms for 8 ms
            assertEquals(List.of(4 * MS, 1_000L, 1_000L), d.programmed);
            DeviceEntry e = rig.core.entry(d);
            assertEquals(2, e.retries.get());
            assertEquals(1_000, e.minDeltaNanos); // two failures: not raised
            assertTrue(rig.lines("WARN").isEmpty());
            // the min-delta event fired 1 us later and the tick went on
            rig.machine.advance(1000 * MS - 4 * MS);
            assertEquals(250, rig.core.jiffiesNow());
        }
    }

    @Test
    void persistentEtimeRaisesTheMinimumDeltaByHalfWithOneLogLine() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            TestDevice d = rig.add(TestDevice.oneshot(rig.machine, "late", 0, 100));
            d.etimeBelowCycles = 2_000; // anything below 2 us has always passed
            rig.core.start();
            DeviceEntry e = rig.core.entry(d);
            d.programmed.clear();

            assertTrue(rig.core.program(e, 0, 0)); // already due: forced with the minimum delta
            // 3 tries at 1000, raised to 1500: 3 tries, raised to 2250: armed
            assertEquals(List.of(1_000L, 1_000L, 1_000L, 1_500L, 1_500L, 1_500L, 2_250L), d.programmed);
            assertEquals(2_250, e.minDeltaNanos);
            List<String> warnings = rig.lines("WARN");
            assertEquals(2, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("minimum delta raised from 1000 ns to 1500 ns"), warnings.get(0));

            // later programming uses the raised minimum at once
            d.programmed.clear();
            assertTrue(rig.core.program(e, 0, 0));
            assertEquals(List.of(2_250L), d.programmed);
        }
    }

    @Test
    void aDeviceThatNeverArmsIsGivenUpWithOneErrorLine() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            TestDevice d = rig.add(TestDevice.oneshot(rig.machine, "dead", 0, 100));
            rig.core.start();
            DeviceEntry e = rig.core.entry(d);
            d.etimeBelowCycles = Long.MAX_VALUE;
            assertFalse(rig.core.program(e, 0, 0));
            assertEquals(TickCore.MIN_DELTA_LIMIT_NANOS, e.minDeltaNanos);
            assertEquals(1, rig.lines("ERROR").size());
            assertTrue(rig.lines("ERROR").get(0).contains("giving up"));
        }
    }

    @Test
    void nothingPendingStopsTheDeviceAndProgrammingRestartsIt() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            TestDevice d = rig.add(TestDevice.oneshot(rig.machine, "d", 0, 100));
            rig.core.start();
            DeviceEntry e = rig.core.entry(d);
            assertTrue(rig.core.program(e, Long.MAX_VALUE, 0));
            assertEquals(ClockEventState.ONESHOT_STOPPED, d.state);
            assertEquals(ClockEventState.ONESHOT_STOPPED, e.state);
            assertTrue(rig.core.program(e, 5 * MS, 0));
            assertEquals(ClockEventState.ONESHOT, d.state);
        }
    }
}
