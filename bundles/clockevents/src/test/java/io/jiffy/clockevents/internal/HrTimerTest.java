package io.jiffy.clockevents.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jiffy.clockevent.ClockEventFeature;
import io.jiffy.clockevent.HrTimer;
import io.jiffy.clockevent.HrTimerCallback;
import io.jiffy.clockevent.HrTimerClock;
import io.jiffy.clockevent.HrTimerMode;
import io.jiffy.clockevent.HrTimerRestart;
import io.jiffy.clockevent.TickMode;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** hrtimers in virtual time: expiry order, RESTART with forward and overruns, cancel, REALTIME following clock_settime. */
class HrTimerTest {

    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @Test
    void timersFireInExpiryOrderAndEqualExpiriesInStartOrder() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC).startWithLocalDevices()) {
            List<String> fired = new ArrayList<>();
            long[] at = {5 * MS, 1 * MS + 7, 3 * MS, 3 * MS, 3 * MS, 250 * US};
            for (int i = 0; i < at.length; i++) {
                String name = "t" + i;
                rig.core.newTimer(HrTimerClock.MONOTONIC, 0, t -> {
                    fired.add(name + "@" + rig.machine.nanoTime());
                    return HrTimerRestart.NORESTART;
                }, "test").start(at[i], HrTimerMode.ABS);
            }
            rig.machine.advance(10 * MS);
            assertEquals(List.of("t5@250000", "t1@1000007", "t2@3000000", "t3@3000000", "t4@3000000", "t0@5000000"), fired);
        }
    }

    @Property(tries = 50)
    void anySetOfTimersFiresInExpiryThenStartOrderAndOnTime(
            @ForAll @Size(min = 1, max = 40) List<@LongRange(min = 0, max = 20_000_000) Long> expiries) {
        try (Rig rig = new Rig(2, 1000, TickMode.TICKLESS).startWithLocalDevices()) {
            List<long[]> fired = new ArrayList<>();
            for (int i = 0; i < expiries.size(); i++) {
                long idx = i;
                rig.core.newTimer(HrTimerClock.MONOTONIC, 1, t -> {
                    fired.add(new long[] {t.expires(), idx, rig.machine.nanoTime()});
                    return HrTimerRestart.NORESTART;
                }, "test").start(expiries.get(i), HrTimerMode.REL);
            }
            rig.machine.advance(21 * MS);
            assertEquals(expiries.size(), fired.size());
            for (int k = 0; k < fired.size(); k++) {
                long[] f = fired.get(k);
                long late = f[2] - f[0];
                // on time, or the minimum delta (1 us) late when armed for the past or a shared instant
                assertTrue(late >= 0 && late <= US, "late by " + late);
                if (k > 0) {
                    long[] p = fired.get(k - 1);
                    assertTrue(p[0] < f[0] || (p[0] == f[0] && p[1] < f[1]), "order");
                }
            }
        }
    }

    @Test
    void restartWithForwardCountsOverruns() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            TestDevice first = rig.add(TestDevice.oneshot(rig.machine, "first", 0, 100));
            rig.core.start();
            List<Long> overruns = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            HrTimer timer = rig.core.newTimer(HrTimerClock.MONOTONIC, 0, t -> {
                times.add(rig.machine.nanoTime());
                overruns.add(t.forwardNow(MS));
                return overruns.size() < 5 ? HrTimerRestart.RESTART : HrTimerRestart.NORESTART;
            }, "test");
            timer.start(MS, HrTimerMode.REL);
            rig.machine.advance(2 * MS + 500 * US);
            rig.core.removeDevice(first); // the CPU has no tick device for 5 ms
            rig.machine.advance(5 * MS);
            rig.add(TestDevice.oneshot(rig.machine, "second", 0, 100));
            rig.machine.advance(10 * MS);
            // the expiry at 3 ms is seen at 7.501 ms: 5 intervals added, the next expiry is 8 ms
            assertEquals(List.of(1L, 1L, 5L, 1L, 1L), overruns);
            assertEquals(List.of(MS, 2 * MS, 7 * MS + 500 * US + US, 8 * MS, 9 * MS), times);
            assertEquals(10 * MS, timer.expires());
            assertFalse(timer.active());
        }
    }

    @Test
    void forwardUsesAtLeastTheResolutionInLowResolutionMode() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            // a periodic-only tick device: hrtimers run from the 4 ms tick
            rig.add(new TestDevice(rig.machine, "pit", 0, 0, 100, 1_000_000_000L, 1_000, Long.MAX_VALUE / 4,
                    ClockEventFeature.PERIODIC));
            rig.core.start();
            List<Long> overruns = new ArrayList<>();
            HrTimer timer = rig.core.newTimer(HrTimerClock.MONOTONIC, 0, t -> {
                overruns.add(t.forwardNow(1 * MS));
                return overruns.size() < 5 ? HrTimerRestart.RESTART : HrTimerRestart.NORESTART;
            }, "test");
            timer.start(1 * MS, HrTimerMode.REL);
            rig.machine.advance(100 * MS);
            // the 1 ms interval is raised to the 4 ms resolution (hrtimer_forward): 1 ms -> 5 ms -> ... -> 21 ms
            assertEquals(List.of(1L, 1L, 1L, 1L, 1L), overruns);
            assertEquals(21 * MS, timer.expires());
            assertFalse(timer.active());
        }
    }

    @Test
    void badArgumentsAreRefusedAndAnOverlongDelaySaturates() {
        try (Rig rig = new Rig(2, 250, TickMode.PERIODIC).startWithLocalDevices()) {
            HrTimerCallback none = x -> HrTimerRestart.NORESTART;
            assertThrows(NullPointerException.class, () -> rig.core.newTimer(null, 0, none, "test"));
            assertThrows(NullPointerException.class, () -> rig.core.newTimer(HrTimerClock.MONOTONIC, 0, null, "test"));
            assertThrows(IllegalArgumentException.class, () -> rig.core.newTimer(HrTimerClock.MONOTONIC, 2, none, "test"));
            assertThrows(IllegalArgumentException.class, () -> rig.core.newTimer(HrTimerClock.MONOTONIC, -1, none, "test"));
            List<Long> fired = new ArrayList<>();
            HrTimer t = rig.core.newTimer(HrTimerClock.MONOTONIC, 0, x -> {
                fired.add(rig.machine.nanoTime());
                return HrTimerRestart.NORESTART;
            }, "test");
            assertThrows(IllegalArgumentException.class, () -> t.start(-1, HrTimerMode.REL));
            assertThrows(NullPointerException.class, () -> t.start(1, null));
            assertFalse(t.active());
            rig.machine.advance(5 * MS);
            t.start(Long.MAX_VALUE, HrTimerMode.REL);
            assertEquals(Long.MAX_VALUE, t.expires(), "saturated, not wrapped into the past");
            rig.machine.advance(100 * MS);
            assertEquals(List.of(), fired);
            assertTrue(t.active());
            t.start(-1, HrTimerMode.ABS); // an absolute time long past: at once
            rig.machine.advance(1 * MS);
            assertEquals(1, fired.size());
        }
    }

    @Test
    void forwardFollowsTheKernelArithmetic() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC).startWithLocalDevices()) {
            HrTimer t = rig.core.newTimer(HrTimerClock.MONOTONIC, 0, x -> HrTimerRestart.NORESTART, "test");
            t.start(10, HrTimerMode.ABS);
            assertThrows(IllegalStateException.class, () -> t.forward(100, 10));
            t.cancel();
            assertEquals(0, t.forward(5, 10));    // expiry still ahead
            assertEquals(1, t.forward(10, 10));   // exactly due: one interval
            assertEquals(20, t.expires());
            assertEquals(3, t.forward(45, 10));   // 20 -> 50
            assertEquals(50, t.expires());
            assertEquals(1, t.forward(55, 10));   // 50 -> 60
        }
    }

    @Test
    void cancelStopsAPendingTimerAndReportsWhetherItWasActive() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC).startWithLocalDevices()) {
            List<Long> fired = new ArrayList<>();
            HrTimer t = rig.core.newTimer(HrTimerClock.MONOTONIC, 0, x -> {
                fired.add(rig.machine.nanoTime());
                return HrTimerRestart.NORESTART;
            }, "test");
            t.start(2 * MS, HrTimerMode.REL);
            assertTrue(t.active());
            assertEquals(2 * MS, t.remaining());
            rig.machine.advance(1 * MS);
            assertTrue(t.cancel());
            assertFalse(t.cancel());
            assertFalse(t.active());
            rig.machine.advance(10 * MS);
            assertTrue(fired.isEmpty());
            // restart after cancel: moved, not duplicated
            t.start(1 * MS, HrTimerMode.REL);
            t.start(3 * MS, HrTimerMode.REL);
            rig.machine.advance(10 * MS);
            assertEquals(List.of(14 * MS), fired);
        }
    }

    @Test
    void cancelFromItsOwnCallbackReturnsAndStopsARestart() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC).startWithLocalDevices()) {
            List<Boolean> results = new ArrayList<>();
            HrTimer[] self = new HrTimer[1];
            self[0] = rig.core.newTimer(HrTimerClock.MONOTONIC, 0, t -> {
                t.forwardNow(MS);
                results.add(self[0].cancel());
                return HrTimerRestart.NORESTART;
            }, "test");
            self[0].start(MS, HrTimerMode.REL);
            rig.machine.advance(5 * MS);
            assertEquals(List.of(true), results); // it was running
            assertFalse(self[0].active());
        }
    }

    @Test
    void aCallbackRestartingItselfWithoutForwardDoesNotLoopForever() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC).startWithLocalDevices()) {
            long[] calls = {0};
            rig.core.newTimer(HrTimerClock.MONOTONIC, 0, t -> {
                calls[0]++;
                return HrTimerRestart.RESTART;
            }, "test").start(MS, HrTimerMode.REL);
            rig.machine.advance(MS + 10 * US);
            // re-run once per minimum delta (1 us), as the kernel's hang protection would
            assertEquals(11, calls[0]);
        }
    }

    @Test
    void aThrowingCallbackIsCountedAndLoggedWithItsOwner() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC).startWithLocalDevices()) {
            rig.core.newTimer(HrTimerClock.MONOTONIC, 0, t -> {
                throw new IllegalStateException("boom");
            }, "com.example.bad").start(MS, HrTimerMode.REL);
            rig.machine.advance(10 * MS);
            assertEquals(1, rig.core.hrtimerErrors());
            List<String> errors = rig.lines("ERROR");
            assertEquals(1, errors.size());
            assertTrue(errors.get(0).contains("com.example.bad") && errors.get(0).contains("boom"), errors.get(0));
            assertEquals(2, rig.core.jiffiesNow()); // the tick went on
        }
    }

    @Test
    void timersStartedOutsideCpuContextRunOnTheirCpuAndInsideOnTheCurrentOne() {
        try (Rig rig = new Rig(2, 250, TickMode.PERIODIC).startWithLocalDevices()) {
            List<String> fired = new ArrayList<>();
            HrTimer inner = rig.core.newTimer(HrTimerClock.MONOTONIC, 0, t -> {
                fired.add("inner cpu" + rig.machine.currentCpu());
                return HrTimerRestart.NORESTART;
            }, "test");
            rig.core.newTimer(HrTimerClock.MONOTONIC, 1, t -> {
                fired.add("outer cpu" + rig.machine.currentCpu());
                inner.start(10 * US, HrTimerMode.REL);
                return HrTimerRestart.NORESTART;
            }, "test").start(MS, HrTimerMode.REL);
            rig.machine.advance(2 * MS);
            assertEquals(List.of("outer cpu1", "inner cpu1"), fired);
            assertEquals(1, rig.core.resolutionNanos());
        }
    }

    @Test
    void anAbsoluteRealtimeTimerFiresWhenTheClockIsSetPastItsExpiry() {
        try (Rig rig = new Rig(2, 250, TickMode.TICKLESS).startWithLocalDevices()) {
            long fireAt = rig.timekeeper.realtimeNanos() + 3600 * S; // an hour from now
            List<Long> fired = new ArrayList<>();
            HrTimer abs = rig.core.newTimer(HrTimerClock.REALTIME, 1, t -> {
                fired.add(rig.machine.nanoTime());
                return HrTimerRestart.NORESTART;
            }, "test");
            abs.start(fireAt, HrTimerMode.ABS);
            // a relative REALTIME timer runs for its duration whatever the clock does
            HrTimer rel = rig.core.newTimer(HrTimerClock.REALTIME, 1, t -> HrTimerRestart.NORESTART, "test");
            rel.start(10 * S, HrTimerMode.REL);
            rig.machine.advance(S);
            assertTrue(fired.isEmpty());

            rig.timekeeper.setRealtime(fireAt + 5 * S);
            assertTrue(rel.active());
            rig.machine.advance(10 * US);
            assertEquals(1, fired.size());
            assertTrue(fired.get(0) >= S && fired.get(0) <= S + 10 * US, "fired at " + fired.get(0));
            assertTrue(rel.active());
            assertEquals(9 * S - 10 * US, rel.remaining());
            rig.machine.advance(9 * S - 10 * US);
            assertFalse(rel.active());
        }
    }

    @Test
    void settingTheClockBackDelaysAnAbsoluteRealtimeTimer() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC).startWithLocalDevices()) {
            long fireAt = rig.timekeeper.realtimeNanos() + 2 * S;
            List<Long> fired = new ArrayList<>();
            rig.core.newTimer(HrTimerClock.REALTIME, 0, t -> {
                fired.add(rig.machine.nanoTime());
                return HrTimerRestart.NORESTART;
            }, "test").start(fireAt, HrTimerMode.ABS);
            rig.machine.advance(S);
            rig.timekeeper.setRealtime(rig.timekeeper.realtimeNanos() - 3 * S);
            rig.machine.advance(3 * S - 1);
            assertTrue(fired.isEmpty());
            rig.machine.advance(2 * S);
            assertEquals(List.of(5 * S), fired); // realtime reaches the expiry 4 s after being set back
        }
    }
}
