package io.jiffy.clockevents.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jiffy.clockevent.HrTimerClock;
import io.jiffy.clockevent.HrTimerMode;
import io.jiffy.clockevent.HrTimerRestart;
import io.jiffy.clockevent.TickListener;
import io.jiffy.clockevent.TickMode;
import io.jiffy.machine.IrqInfo;

/**
 * The per-CPU tick backstop: a oneshot tick device that loses an interrupt (as lapic and MIPS can
 * be configured to) is not re-programmed by anyone; the backstop finds the overdue event and
 * handles it as the device would have, so the tick goes on and jiffies stay exact.
 */
class BackstopTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    /** The longest a lost event can stall its CPU's tick. */
    private static final long WORST_STALL = TickCore.BACKSTOP_PERIOD_NANOS + TickCore.MISSED_MARGIN_NANOS;

    /** A rig of two CPUs whose oneshot devices lose their {@code nth} interrupt (0: none), both at the same instant. */
    private record Losing(Rig rig, List<TestDevice> devices) implements AutoCloseable {
        Losing(int hz, TickMode mode, int nth) {
            this(new Rig(2, hz, mode), new ArrayList<>());
            for (int c = 0; c < 2; c++) {
                TestDevice d = rig.add(TestDevice.oneshot(rig.machine, "local" + c, c, 100));
                d.loseInterrupt = nth;
                devices.add(d);
            }
        }

        @Override
        public void close() {
            rig.close();
        }
    }

    private static long backstopIrqs(Rig rig, int cpu) {
        return rig.machine.interrupts().stream()
                .filter(i -> i.name().equals(TickCore.BACKSTOP_IRQ) && i.cpu() == cpu)
                .mapToLong(IrqInfo::count).sum();
    }

    private static List<String> missedLines(Rig rig) {
        List<String> out = new ArrayList<>();
        for (String l : rig.lines("WARN")) {
            if (l.contains("missed")) {
                out.add(l);
            }
        }
        return out;
    }

    /** A listener with work on every tick: keeps a tickless CPU ticking, and records the jiffies each CPU saw last. */
    private static final class Busy implements TickListener {
        final long[] last = new long[2];
        final long[] calls = new long[2];

        @Override
        public void tick(int cpu, long jiffies) {
            last[cpu] = jiffies;
            calls[cpu]++;
        }

        @Override
        public long nextEventJiffies(int cpu) {
            return 0; // something due at once: tick on the next jiffy
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 250, 1000})
    void periodicTickOnTwoCpusLosingTheirThirdInterruptAtOnceStaysExact(int hz) {
        try (Losing l = new Losing(hz, TickMode.PERIODIC, 3)) {
            Rig rig = l.rig();
            long period = S / hz;
            rig.core.start();
            // the 3rd tick (both CPUs at the same instant) is lost; recovered within one backstop period and the margin
            rig.machine.advance(3 * period + WORST_STALL);
            long now = rig.machine.nanoTime();
            assertEquals(now / period, rig.core.jiffiesNow(), "the tick runs again, jiffies caught up from time");
            assertEquals(1, rig.core.missedEvents(0));
            assertEquals(1, rig.core.missedEvents(1));

            rig.machine.advance(S - now);
            assertEquals(hz, rig.core.jiffiesNow());
            // and the tick continues, every tick on both CPUs
            long t0 = rig.core.ticks(0);
            long t1 = rig.core.ticks(1);
            long updates = rig.timekeeper.wallTimeUpdates;
            rig.machine.advance(S);
            assertEquals(2L * hz, rig.core.jiffiesNow());
            assertEquals(t0 + hz, rig.core.ticks(0));
            assertEquals(t1 + hz, rig.core.ticks(1));
            assertEquals(updates + hz, rig.timekeeper.wallTimeUpdates);

            List<String> warns = missedLines(rig);
            assertEquals(2, warns.size(), warns.toString());
            assertTrue(warns.get(0).contains("clockevents: local0 on cpu0 missed its event at " + String.format(
                    java.util.Locale.ROOT, "%.3f ms", 3 * period / 1e6)), warns.get(0));
            assertTrue(warns.get(0).contains("recovered by the backstop"), warns.get(0));
            assertTrue(warns.get(1).contains("clockevents: local1 on cpu1 missed its event at"), warns.get(1));
            assertEquals(List.of(), rig.lines("ERROR"));
        }
    }

    @Test
    void ticklessTickOnTwoCpusLosingTheirThirdInterruptAtOnceContinues() {
        try (Losing l = new Losing(250, TickMode.TICKLESS, 3)) {
            Rig rig = l.rig();
            Busy busy = new Busy();
            rig.core.addListener(busy);
            rig.core.start();
            rig.machine.advance(12 * MS + WORST_STALL);
            assertEquals(rig.machine.nanoTime() / (4 * MS), busy.last[0], "cpu0 ticks again");
            assertEquals(rig.machine.nanoTime() / (4 * MS), busy.last[1], "cpu1 ticks again");

            rig.machine.advance(S - rig.machine.nanoTime());
            assertEquals(250, rig.core.jiffiesNow());
            assertEquals(250, busy.last[0]);
            assertEquals(250, busy.last[1]);
            long c0 = busy.calls[0];
            long c1 = busy.calls[1];
            rig.machine.advance(S);
            assertEquals(500, rig.core.jiffiesNow());
            assertEquals(500, busy.last[0]);
            assertEquals(500, busy.last[1]);
            assertEquals(c0 + 250, busy.calls[0]);
            assertEquals(c1 + 250, busy.calls[1]);
            assertEquals(1, rig.core.missedEvents(0));
            assertEquals(1, rig.core.missedEvents(1));
            assertEquals(2, missedLines(rig).size(), missedLines(rig).toString());
        }
    }

    @Test
    void aLostWakeUpForAnHrtimerOfAnIdleCpuIsRecovered() {
        try (Rig rig = new Rig(2, 250, TickMode.TICKLESS)) {
            TestDevice d0 = rig.add(TestDevice.oneshot(rig.machine, "local0", 0, 100));
            TestDevice d1 = rig.add(TestDevice.oneshot(rig.machine, "local1", 1, 100));
            d1.loseInterrupt = 2; // the first is the tick at 4 ms; then both CPUs idle
            rig.core.start();
            rig.machine.advance(200 * MS);
            List<Long> fired = new ArrayList<>();
            HrTimerImpl t = rig.core.newTimer(HrTimerClock.MONOTONIC, 1, timer -> {
                fired.add(rig.machine.nanoTime());
                return HrTimerRestart.NORESTART;
            }, "test");
            t.start(300 * MS, HrTimerMode.ABS);
            rig.machine.advance(300 * MS);
            assertEquals(1, fired.size());
            assertTrue(fired.get(0) > 300 * MS && fired.get(0) <= 300 * MS + WORST_STALL, "fired at " + fired.get(0));
            assertEquals(2, d1.taken);
            assertEquals(1, d1.lost);
            assertEquals(0, rig.core.missedEvents(0));
            assertEquals(1, rig.core.missedEvents(1));
            assertEquals(1, missedLines(rig).size());
            assertTrue(missedLines(rig).get(0).contains("local1 on cpu1 missed its event at 300.000 ms"), missedLines(rig).get(0));
            // an idle CPU (nothing programmed) costs the backstop nothing
            long b0 = backstopIrqs(rig, 0);
            long b1 = backstopIrqs(rig, 1);
            assertTrue(b0 <= 1 && b1 <= 2, b0 + " and " + b1 + " backstop interrupts");
            rig.machine.advance(3600 * S);
            assertEquals(b0, backstopIrqs(rig, 0));
            assertEquals(b1, backstopIrqs(rig, 1));
            assertEquals(1, d0.irqs());
        }
    }

    @Test
    void withDevicesThatNeverLoseTheBackstopNeverReportsAndCostsAtMostTenInterruptsASecond() {
        for (TickMode mode : TickMode.values()) {
            try (Rig rig = new Rig(2, 1000, mode)) {
                Busy busy = new Busy();
                rig.core.addListener(busy);
                rig.startWithLocalDevices();
                rig.machine.advance(10 * S);
                assertEquals(10_000, rig.core.jiffiesNow());
                assertEquals(10_000, busy.calls[0], mode.toString());
                assertEquals(10_000, busy.calls[1], mode.toString());
                for (int c = 0; c < 2; c++) {
                    assertEquals(0, rig.core.missedEvents(c));
                    long n = backstopIrqs(rig, c);
                    assertTrue(n >= 1 && n <= 10 * S / TickCore.BACKSTOP_PERIOD_NANOS, mode + ": " + n + " backstop interrupts");
                }
                assertEquals(List.of(), rig.lines("WARN"));
                assertEquals(List.of(), rig.lines("ERROR"));
            }
        }
    }

    @Test
    void anEventThatIsMerelyLateIsNotReported() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            TestDevice d = rig.add(TestDevice.oneshot(rig.machine, "local0", 0, 100));
            d.loseInterrupt = 3;
            d.deliverLostLate(TickCore.MISSED_MARGIN_NANOS - MS, 0);
            rig.core.start();
            rig.machine.advance(S);
            assertEquals(250, rig.core.jiffiesNow());
            assertEquals(0, rig.core.missedEvents(0));
            assertEquals(List.of(), rig.lines("WARN"));
        }
    }

    @Test
    void aLateEventAfterTheRecoveryDoesNoHarm() {
        long lateBy = WORST_STALL + 10 * MS; // arrives after the backstop handled it
        try (Losing lostRig = new Losing(250, TickMode.PERIODIC, 3); Losing lateRig = new Losing(250, TickMode.PERIODIC, 3)) {
            Rig lost = lostRig.rig();
            Rig late = lateRig.rig();
            lateRig.devices().forEach(d -> d.deliverLostLate(lateBy, d.cpu()));
            lost.core.start();
            late.core.start();
            lost.machine.advance(2 * S);
            late.machine.advance(2 * S);
            assertEquals(500, late.core.jiffiesNow());
            for (int c = 0; c < 2; c++) {
                assertEquals(1, late.core.missedEvents(c));
                // the late event ran no tick work of its own: exactly the ticks of the run where it was lost
                assertEquals(lost.core.ticks(c), late.core.ticks(c));
            }
            assertEquals(lost.timekeeper.wallTimeUpdates, late.timekeeper.wallTimeUpdates);
            for (TestDevice d : lateRig.devices()) {
                assertEquals(1, d.lost);
                assertTrue(d.violations.isEmpty());
                assertEquals(d.irqs() + 1 - d.lost, late.core.entry(d).events.get(), "the late event was delivered");
            }
            assertEquals(2, missedLines(late).size());
        }
    }

    @Test
    void aDeviceLosingEveryThirdInterruptKeepsTickingWithOneWarningPerDevice() {
        try (Losing l = new Losing(250, TickMode.PERIODIC, 0)) {
            Rig rig = l.rig();
            l.devices().forEach(d -> d.loseEvery = 3);
            rig.core.start();
            for (int i = 1; i <= 20; i++) {
                rig.machine.advance(500 * MS);
                long now = rig.machine.nanoTime();
                long jiffies = rig.core.jiffiesNow();
                assertTrue(jiffies * 4 * MS >= now - WORST_STALL, "jiffies " + jiffies + " at " + now);
            }
            for (int c = 0; c < 2; c++) {
                TestDevice d = l.devices().get(c);
                assertTrue(d.lost > 10, d.lost + " lost");
                assertTrue(rig.core.missedEvents(c) >= d.lost - 1 && rig.core.missedEvents(c) <= d.lost,
                        rig.core.missedEvents(c) + " recovered of " + d.lost + " lost");
            }
            assertEquals(2, missedLines(rig).size(), missedLines(rig).toString());
        }
    }

    @Test
    void aDeviceTheCoreGaveUpOnIsDrivenByTheBackstopWithOneErrorLine() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            TestDevice d = rig.add(TestDevice.oneshot(rig.machine, "dead", 0, 100));
            rig.core.start();
            rig.machine.advance(2 * MS);
            d.etimeBelowCycles = Long.MAX_VALUE; // from now on it never arms
            rig.machine.advance(2 * S - 2 * MS);
            assertEquals(1, rig.lines("ERROR").size(), rig.lines("ERROR").toString());
            assertTrue(rig.lines("ERROR").get(0).contains("giving up"));
            assertEquals(List.of(), missedLines(rig), "never armed: nothing missed");
            assertTrue(rig.core.jiffiesNow() * 4 * MS >= 2 * S - WORST_STALL, "jiffies " + rig.core.jiffiesNow());
        }
    }

    @Test
    void aDeviceHandedAwayAndBackIsReportedOnceAndItsCountOnEachHandOver() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            TestDevice d = rig.add(TestDevice.oneshot(rig.machine, "local0", 0, 100));
            d.loseInterrupt = 3;
            rig.core.start();
            rig.machine.advance(S);
            TestDevice better = rig.add(TestDevice.oneshot(rig.machine, "better", 0, 200));
            assertTrue(rig.lines("INFO").contains("INFO clockevents: local0 on cpu0 missed 1 event(s) as its tick device, "
                    + "all recovered by the backstop"), rig.lines("INFO").toString());
            rig.machine.advance(S);
            rig.core.removeDevice(better);
            assertEquals("local0", rig.core.tickDevice(0).name());
            synchronized (d) {
                d.loseInterrupt = d.taken + 2;
            }
            rig.machine.advance(S);
            assertEquals(750, rig.core.jiffiesNow());
            assertEquals(2, rig.core.missedEvents(0));
            assertEquals(1, missedLines(rig).size(), missedLines(rig).toString());
            rig.core.stop();
            assertEquals(2, rig.lines("INFO").stream().filter(l -> l.contains("local0 on cpu0 missed 1 event(s)")).count(),
                    rig.lines("INFO").toString());
        }
    }

    @Test
    void theBackstopLinesAreFreedWhenTheTickStopsAndHandOverReportsTheCount() {
        Rig rig = new Losing(250, TickMode.PERIODIC, 3).rig();
        try {
            rig.core.start();
            assertEquals(2, rig.machine.interrupts().stream().filter(i -> i.name().equals(TickCore.BACKSTOP_IRQ)).count());
            rig.machine.advance(S);
            rig.core.stop();
            assertEquals(0, rig.machine.interrupts().stream().filter(i -> i.name().equals(TickCore.BACKSTOP_IRQ)).count());
            List<String> infos = rig.lines("INFO");
            assertTrue(infos.contains("INFO clockevents: local0 on cpu0 missed 1 event(s) as its tick device, all recovered "
                    + "by the backstop"), infos.toString());
        } finally {
            rig.machine.shutdown();
        }
    }
}
