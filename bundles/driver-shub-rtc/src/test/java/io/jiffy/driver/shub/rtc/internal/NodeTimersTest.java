package io.jiffy.driver.shub.rtc.internal;

import static io.jiffy.posix.PosixClocks.TIMER_ABSTIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jiffy.machine.IrqInfo;
import io.jiffy.machine.IrqLine;
import io.jiffy.posix.Errno;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClock;
import io.jiffy.posix.PosixClockTimer;
import io.jiffy.posix.PosixException;

/**
 * Timers on CLOCK_SGI_CYCLE: per-node trees, the comparator armed for the earliest, the
 * missed-arming paths of mmtimer_set_next_timer, lost interrupts, and the end of the driver.
 * At the default 25 MHz one tick is 40 ns.
 */
class NodeTimersTest {

    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    /** One delivered expiry. */
    record Shot(String label, long nanos, long count, int cpu, int overruns) {
    }

    private final List<Shot> shots = new ArrayList<>();

    private PosixClock.Expiry recorder(Rig rig, String label) {
        return overruns -> shots.add(new Shot(label, rig.machine.nanoTime(), rig.rtc().count(),
                rig.machine.currentCpu(), overruns));
    }

    private PosixClockTimer timer(Rig rig, String label) {
        return rig.clock().createTimer(recorder(rig, label));
    }

    private List<String> labels() {
        List<String> out = new ArrayList<>();
        for (Shot s : shots) {
            out.add(s.label());
        }
        return out;
    }

    @Test
    void oneShotFiresOnceAtItsCount() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            PosixClockTimer t = timer(rig, "a");
            assertEquals(ItimerSpec.DISARMED, t.set(0, new ItimerSpec(MS, 0)));
            assertEquals(25_000, rig.node(0).armedCount());
            assertEquals(MS, rig.node(0).line().armedAt());
            rig.advanceTo(10 * MS);
            assertEquals(List.of(new Shot("a", MS, 25_000, 0, 0)), shots);
            assertEquals(ItimerSpec.DISARMED, t.get());
            assertEquals(0, rig.node(0).pending());
            assertEquals(-1, rig.node(0).armedCount(), "nothing left to arm");
            assertEquals(1, rig.node(0).line().count());
        }
    }

    @Test
    void oneShotNeverFiresBeforeItsClockTimeAtAnOddFrequency() {
        try (Rig rig = new Rig(Rig.settings("frequencyHz", 33_333_333L))) {
            PosixClockTimer t = timer(rig, "a");
            long set = rig.clock().getTime();
            t.set(0, new ItimerSpec(MS, 0));
            rig.advanceTo(2 * MS);
            assertEquals(1, shots.size());
            assertEquals(33_334, shots.get(0).count(), "ceil(33,333.333) ticks");
            assertEquals(1_000_021, shots.get(0).nanos(), "the comparator matches at the tick's time");
            assertTrue(rig.rtc().nanosOf(33_334) >= set + MS, "never before the clock reads set + 1 ms");
        }
    }

    @Test
    void intervalTimerFiresRepeatedlyWithoutDrift() {
        long hz = 33_333_333L;
        try (Rig rig = new Rig(Rig.settings("frequencyHz", hz))) {
            PosixClockTimer t = timer(rig, "p");
            t.set(0, new ItimerSpec(MS, MS));
            rig.advanceTo(1_000 * MS);
            assertEquals(1_000, shots.size());
            for (int k = 1; k <= 1_000; k++) {
                Shot s = shots.get(k - 1);
                assertEquals(rig.rtc().countAt(k * MS), s.count(), "expiry " + k + " at its exact count");
                assertEquals(0, s.overruns());
                long late = rig.rtc().nanosOf(s.count()) - k * MS;
                assertTrue(late >= 0 && late * hz < 1_000_000_000L, "expiry " + k + " within one period: " + late);
            }
            assertEquals(hz, shots.get(999).count(), "the 1000th millisecond is exactly one second of ticks");
            assertEquals(new ItimerSpec(MS - (rig.clock().getTime() - 1_000 * MS), MS), t.get());
        }
    }

    @Test
    void anIntervalShorterThanOneTickIsOneTick() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            PosixClockTimer t = timer(rig, "fast");
            t.set(0, new ItimerSpec(40, 1));
            assertEquals(new ItimerSpec(40, 40), t.get(), "the interval is rounded up to 40 ns");
            rig.advanceTo(400);
            assertEquals(10, shots.size());
            for (int k = 1; k <= 10; k++) {
                assertEquals(new Shot("fast", 40L * k, k, 0, 0), shots.get(k - 1));
            }
        }
    }

    @Test
    void theEarliestTimerOfANodeArmsTheComparator() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            NodeTimers node = rig.node(0);
            timer(rig, "three").set(0, new ItimerSpec(3 * MS, 0));
            assertEquals(3 * MS, node.line().armedAt());
            timer(rig, "one").set(0, new ItimerSpec(MS, 0));
            assertEquals(MS, node.line().armedAt(), "a new earliest re-arms");
            timer(rig, "two").set(0, new ItimerSpec(2 * MS, 0));
            assertEquals(MS, node.line().armedAt(), "a later one does not");
            assertEquals(3, node.pending());

            rig.advanceTo(5 * MS);
            assertEquals(List.of(new Shot("one", MS, 25_000, 0, 0), new Shot("two", 2 * MS, 50_000, 0, 0),
                    new Shot("three", 3 * MS, 75_000, 0, 0)), shots);
            assertEquals(3, node.line().count(), "one comparator interrupt per expiry");
        }
    }

    @Test
    void timersOfOneExpiryFireInTheOrderTheyWereSet() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            for (String l : List.of("x", "y", "z")) {
                timer(rig, l).set(0, new ItimerSpec(MS, 0));
            }
            rig.advanceTo(2 * MS);
            assertEquals(List.of("x", "y", "z"), labels());
            for (Shot s : shots) {
                assertEquals(MS, s.nanos());
            }
        }
    }

    @Test
    void deletingTheEarliestRearmsForTheNext() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            NodeTimers node = rig.node(0);
            PosixClockTimer a = timer(rig, "a");
            PosixClockTimer b = timer(rig, "b");
            a.set(0, new ItimerSpec(MS, 0));
            b.set(0, new ItimerSpec(2 * MS, 0));
            a.delete();
            assertEquals(2 * MS, node.line().armedAt());
            assertEquals(50_000, node.armedCount());
            rig.advanceTo(3 * MS);
            assertEquals(List.of("b"), labels());

            PosixClockTimer c = timer(rig, "c");
            c.set(0, new ItimerSpec(MS, 0));
            c.delete();
            assertEquals(-1, node.line().armedAt(), "no timer left: the comparator is disarmed");
            assertEquals(-1, node.armedCount());
            rig.advanceTo(10 * MS);
            assertEquals(List.of("b"), labels());
            PosixException e = assertThrows(PosixException.class, () -> c.set(0, new ItimerSpec(MS, 0)));
            assertEquals(Errno.EINVAL, e.errno());
        }
    }

    @Test
    void settingAgainReplacesTheExpiryAndGetReportsRemainingAndInterval() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            PosixClockTimer t = timer(rig, "t");
            t.set(0, new ItimerSpec(MS, 500 * US));
            rig.advanceTo(250 * US);
            assertEquals(new ItimerSpec(750 * US, 500 * US), t.get());
            assertEquals(new ItimerSpec(750 * US, 500 * US), t.set(0, new ItimerSpec(2 * MS, 0)), "the old setting");
            rig.advanceTo(5 * MS);
            assertEquals(List.of(new Shot("t", 2_250 * US, 56_250, 0, 0)), shots, "only the new setting fires");
            assertEquals(ItimerSpec.DISARMED, t.set(0, ItimerSpec.DISARMED));
        }
    }

    @Test
    void absoluteTimesAreOnClockSgiCycle() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            rig.advanceTo(MS);
            rig.clock().setTime(100_000 * MS);
            PosixClockTimer t = timer(rig, "abs");
            t.set(TIMER_ABSTIME, new ItimerSpec(100_002 * MS, 0));
            assertEquals(new ItimerSpec(2 * MS, 0), t.get());
            rig.advanceTo(5 * MS);
            assertEquals(List.of(new Shot("abs", 3 * MS, 75_000, 0, 0)), shots);

            // an absolute time already past fires at once
            timer(rig, "past").set(TIMER_ABSTIME, new ItimerSpec(MS, 0));
            rig.machine.advance(0);
            assertEquals(new Shot("past", 5 * MS, 125_000, 0, 0), shots.get(1));
        }
    }

    @Test
    void aMissedOneShotArmingFiresAtOnceThroughTheTasklet() {
        // a comparator write takes 1000 ticks (40 us): an expiry 10 us away is missed
        try (Rig rig = new Rig(Rig.settings("compareWriteLatencyTicks", 1_000))) {
            rig.advanceTo(5 * MS); // count 125,000
            PosixClockTimer t = timer(rig, "late");
            t.set(0, new ItimerSpec(10 * US, 0));
            assertEquals(-1, rig.node(0).armedCount(), "the comparator was written behind the counter");
            rig.advanceTo(6 * MS);
            // the tasklet runs as soon as the failed arming completed: 1000 ticks after the write
            assertEquals(List.of(new Shot("late", 5_040 * US, 126_000, 0, 0)), shots,
                    "fired at once after the failed arming, past its expiry count 125,250");
            assertEquals(ItimerSpec.DISARMED, t.get());

            // far enough ahead the same latency is harmless
            timer(rig, "ok").set(0, new ItimerSpec(MS, 0));
            rig.advanceTo(10 * MS);
            assertEquals(new Shot("ok", 7 * MS, 175_000, 0, 0), shots.get(1));
        }
    }

    @Test
    void anExpiryAlreadyDueFiresAtOnceWhenWritesTakeNoTime() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            rig.advanceTo(5 * MS);
            PosixClockTimer t = timer(rig, "now");
            t.set(TIMER_ABSTIME, new ItimerSpec(1, 0));
            assertEquals(new ItimerSpec(1, 0), t.get(), "armed and due");
            rig.machine.advance(0);
            assertEquals(List.of(new Shot("now", 5 * MS, 125_000, 0, 0)), shots);
        }
    }

    @Test
    void aMissedIntervalArmingIsRetriedLaterWithoutOverrunsWhenNoIntervalPassed() {
        // latency 100 ticks; expiry 50 ticks away, interval 1000 ticks (40 us)
        try (Rig rig = new Rig(Rig.settings("compareWriteLatencyTicks", 100))) {
            rig.advanceTo(MS); // count 25,000
            PosixClockTimer t = timer(rig, "p");
            t.set(0, new ItimerSpec(2 * US, 40 * US));
            // retries at completion + 40 + 2^i: 142, 244, 348, 456, 572 missed; 704 armed (completion 700)
            assertEquals(25_704, rig.node(0).armedCount());
            rig.advanceTo(MS + 100 * US);
            assertEquals(List.of(new Shot("p", 25_704 * 40, 25_704, 0, 0), new Shot("p", 26_050 * 40, 26_050, 0, 0),
                    new Shot("p", 27_050 * 40, 27_050, 0, 0)), shots, "late once, then on time");
        }
    }

    @Test
    void aMissedIntervalArmingCountsTheSkippedIntervalsAsOverruns() {
        // latency 100 ticks, interval 25 ticks (1 us): every arming misses and is retried
        try (Rig rig = new Rig(Rig.settings("compareWriteLatencyTicks", 100))) {
            rig.advanceTo(MS);
            long c0 = 25_000;
            PosixClockTimer t = timer(rig, "p");
            t.set(0, new ItimerSpec(US, US));
            rig.advanceTo(MS + 200 * US);
            assertTrue(shots.size() > 5, "delivered " + shots.size());
            // the first: retried at 704 ticks, by when 28 intervals had passed: 1 delivered, 27 overruns
            assertEquals(new Shot("p", (c0 + 704) * 40, c0 + 704, 0, 27), shots.get(0));
            long expirations = 0;
            for (Shot s : shots) {
                expirations += 1 + s.overruns();
                assertEquals((s.count() - c0) / 25, expirations, "every interval is delivered or counted by " + s);
                assertTrue(s.overruns() > 0);
            }
            assertEquals(List.of(), rig.lines(DriverLog.Level.ERROR), "the retries always succeed in the end");
        }
    }

    @Test
    void anIntervalTimerThatCannotBeReArmedIn20TriesIsGivenUp() {
        // each comparator write takes 10,000,000 ticks: no retry (at most 40 + 2^20 ticks on) can succeed
        try (Rig rig = new Rig(Rig.settings("compareWriteLatencyTicks", 10_000_000))) {
            PosixClockTimer t = timer(rig, "doomed");
            PosixClockTimer other = timer(rig, "other");
            other.set(0, new ItimerSpec(100_000 * MS, 0));
            t.set(0, new ItimerSpec(MS, MS));
            List<String> errors = rig.lines(DriverLog.Level.ERROR);
            assertEquals(1, errors.size(), rig.log.toString());
            assertTrue(errors.get(0).startsWith("mmtimer: cannot reschedule timer"), errors.get(0));
            assertEquals(ItimerSpec.DISARMED, t.get(), "the timer is disarmed");
            assertEquals(1, rig.node(0).givenUp());
            assertEquals(1, rig.node(0).pending(), "the other timer is armed instead");
            assertEquals(100_000 * MS, rig.node(0).line().armedAt());
            rig.advanceTo(200_000 * MS);
            assertEquals(List.of("other"), labels(), "the given-up timer never fires");
        }
    }

    @Test
    void aLostComparatorInterruptStallsTheTimerUntilTheNodeIsReprogrammedThenItIsLateWithOverruns() {
        try (Rig rig = new Rig(Rig.settings("lostInterruptsEvery", 3))) {
            PosixClockTimer t = timer(rig, "p");
            t.set(0, new ItimerSpec(MS, MS));
            rig.advanceTo(10_500 * US);
            // the 3rd comparator interrupt (3 ms) was lost: like the kernel, nothing re-arms
            assertEquals(List.of(new Shot("p", MS, 25_000, 0, 0), new Shot("p", 2 * MS, 50_000, 0, 0)), shots);
            assertEquals(1, rig.node(0).lostInterrupts());
            assertEquals(3, rig.node(0).comparatorInterrupts());
            assertEquals(new ItimerSpec(1, MS), t.get(), "still armed, overdue");
            assertEquals(-1, rig.node(0).line().armedAt());

            // the next change on the node re-arms: the missed-arming path retries 42 ticks on,
            // skipping the intervals 3..9 ms as overruns
            timer(rig, "other").set(0, new ItimerSpec(100 * MS, 0));
            rig.advanceTo(11_500 * US);
            assertEquals(List.of(new Shot("p", MS, 25_000, 0, 0), new Shot("p", 2 * MS, 50_000, 0, 0),
                    new Shot("p", (262_500 + 42) * 40, 262_542, 0, 7), new Shot("p", 11 * MS, 275_000, 0, 0)), shots);
        }
    }

    @Test
    void aTimerBelongsToTheNodeOfTheCpuThatCreatedIt() {
        try (Rig rig = new Rig(4, ShubRtcSettings.defaults())) {
            assertEquals(2, rig.clock().nodes().size());
            List<IrqInfo> lines = rig.comparatorLines();
            assertEquals(2, lines.size());
            assertEquals(0, lines.get(0).cpu());
            assertEquals(2, lines.get(1).cpu(), "node 1's comparator interrupts its first CPU");

            List<PosixClockTimer> made = new ArrayList<>();
            for (int cpu : new int[] {3, 1}) {
                IrqLine l = rig.machine.requestIrq("test-cpu" + cpu, cpu, x -> {
                    PosixClockTimer t = timer(rig, "from-cpu" + rig.machine.currentCpu());
                    t.set(0, new ItimerSpec(MS, 0));
                    made.add(t);
                });
                l.raise();
            }
            timer(rig, "outside").set(0, new ItimerSpec(2 * MS, 0));
            rig.machine.advance(0);
            assertEquals(2, made.size());
            assertEquals(2, rig.node(0).pending(), "cpu 1 and outside CPU context: node 0");
            assertEquals(1, rig.node(1).pending(), "cpu 3: node 1");
            rig.advanceTo(3 * MS);
            assertEquals(List.of(new Shot("from-cpu1", MS, 25_000, 0, 0), new Shot("from-cpu3", MS, 25_000, 2, 0),
                    new Shot("outside", 2 * MS, 50_000, 0, 0)), shots);
        }
    }

    @Test
    void stoppingTheDriverFreesTheLinesAndLeavesNothingArmed() {
        try (Rig rig = new Rig(4, ShubRtcSettings.defaults())) {
            PosixClockTimer a = timer(rig, "a");
            a.set(0, new ItimerSpec(MS, MS));
            IrqLine cpu3 = rig.machine.requestIrq("test", 3, x -> timer(rig, "b").set(0, new ItimerSpec(2 * MS, 0)));
            cpu3.raise();
            rig.machine.advance(0);
            for (IrqInfo i : rig.comparatorLines()) {
                assertTrue(i.armedAt() >= 0, i.toString());
            }

            rig.stopDriver();
            assertEquals(List.of(), rig.comparatorLines(), "the comparator lines are freed");
            for (IrqInfo i : rig.machine.interrupts()) {
                assertFalse(i.name().startsWith("sgi_rtc"), i.toString());
            }
            List<String> info = rig.lines(DriverLog.Level.INFO);
            assertEquals(2, info.size(), "one line for the start, one for the stop: " + info);
            assertTrue(info.get(1).contains("2 armed CLOCK_SGI_CYCLE timer(s) dropped"), info.get(1));
            rig.advanceTo(10 * MS);
            assertEquals(List.of(), shots, "nothing fires after the stop");
            assertEquals(ItimerSpec.DISARMED, a.get());
            assertEquals(Errno.EINVAL, assertThrows(PosixException.class, () -> a.set(0, new ItimerSpec(MS, 0))).errno());
            assertEquals(Errno.EINVAL, assertThrows(PosixException.class, () -> timer(rig, "late")).errno());
            a.delete(); // harmless
        }
    }

    @Test
    void aStuckCounterNeverReachesAnExpiry() {
        try (Rig rig = new Rig(Rig.settings("stuckCounter", true))) {
            PosixClockTimer t = timer(rig, "never");
            t.set(0, new ItimerSpec(MS, 0));
            assertEquals(-1, rig.node(0).line().armedAt(), "no oscillator time reaches the count");
            rig.advanceTo(1_000 * MS);
            assertEquals(List.of(), shots);
            assertEquals(new ItimerSpec(MS, 0), t.get(), "the clock stands still too");
        }
    }

    @Test
    void aDriftingCounterFiresAtItsCountNotAtTheOscillatorsTime() {
        try (Rig rig = new Rig(Rig.settings("driftPpm", 100))) {
            timer(rig, "d").set(0, new ItimerSpec(1_000 * MS, 0));
            rig.advanceTo(2_000 * MS);
            assertEquals(1, shots.size());
            assertEquals(25_000_000, shots.get(0).count());
            assertEquals(999_900_010L, shots.get(0).nanos(), "100 ppm fast: 1 s of ticks in 0.9999 s");
        }
    }
}
