package io.jiffy.timerwheel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jiffy.machine.IrqLine;
import io.jiffy.machine.internal.MachineCore;
import io.jiffy.timer.Timer;
import io.jiffy.timer.TimerFunction;
import io.jiffy.timer.TimerLockup;
import io.jiffy.machine.SoftLockupWatchdog;

/**
 * Soft-lockup detection of timer functions: a call seen running longer than the threshold is
 * warned about once (CPU, timer, owner bundle), counted per CPU and kept as the last lockup; and
 * a stuck function on one CPU does not stop the others. No sleeps: the detection logic is driven
 * with made-up host times, and the real-time test waits for events with generous bounds.
 */
class SoftLockupTest {

    private static final long MS = 1_000_000L;
    private static final long BOUND_SECONDS = 30;

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private MachineCore machine;

    @AfterEach
    void shutdown() {
        if (machine != null) {
            machine.shutdown();
        }
    }

    private WheelLog log(CountDownLatch warned) {
        return new WheelLog() {
            @Override
            public void error(String message, Throwable error) {
                errors.add(message);
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
                warned.countDown();
            }
        };
    }

    /** A function with a readable description, as a bundle's named class would have. */
    private record Named(String name, TimerFunction body) implements TimerFunction {
        @Override
        public void run(Timer timer) {
            body.run(timer);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void aCallStuckLongerThanTheThresholdIsWarnedOnceCountedAndKept() {
        WheelCore core = new WheelCore(2, 0, log(new CountDownLatch(1)));
        long threshold = 20 * MS;
        List<TimerLockup> seenInside = new ArrayList<>();
        Timer slow = core.newTimer(new Named("slow-fn", t -> {
            // the watchdog's samples while this call runs (host times made up)
            core.watch(1_000 * MS, threshold);
            core.watch(1_010 * MS, threshold);
            core.watch(1_020 * MS, threshold); // exactly the threshold: not yet
            assertEquals(List.of(), warnings);
            core.watch(1_030 * MS, threshold); // 30 ms > 20 ms: stuck
            seenInside.add(core.lastLockup());
            core.watch(1_040 * MS, threshold);
            core.watch(1_050 * MS, threshold); // still stuck: no second warning, the time grows
            seenInside.add(core.lastLockup());
        }), 1, new Owner("com.example.slow"));
        slow.add(3);
        core.runTimers(1, 3);

        assertEquals(List.of("BUG: soft lockup - CPU#1 stuck for 30ms! [timer " + slow.id() + " of com.example.slow: slow-fn]"),
                warnings);
        assertEquals(new TimerLockup(1, slow.id(), "slow-fn", "com.example.slow", 30 * MS, true), seenInside.get(0));
        assertEquals(new TimerLockup(1, slow.id(), "slow-fn", "com.example.slow", 50 * MS, true), seenInside.get(1));
        core.watch(1_060 * MS, threshold); // the call has ended
        assertEquals(new TimerLockup(1, slow.id(), "slow-fn", "com.example.slow", 50 * MS, false), core.lastLockup());
        assertEquals(1, core.stats().get(1).lockups());
        assertEquals(0, core.stats().get(0).lockups());
        assertEquals(1, warnings.size());
        assertEquals(List.of(), errors);
    }

    @Test
    void successiveShortCallsOfOneTimerAreNotOneLongCall() {
        WheelCore core = new WheelCore(1, 0, log(new CountDownLatch(1)));
        long threshold = 20 * MS;
        AtomicLong host = new AtomicLong();
        Timer t = core.newTimer(timer -> {
            // the watchdog finds it running at every sample, but a new call each time
            core.watch(host.addAndGet(15 * MS), threshold);
            timer.mod(timer.expires() + 1);
        }, 0, Owner.KERNEL);
        t.add(1);
        core.runTimers(0, 50);
        assertEquals(50, core.stats().get(0).expired());
        assertEquals(List.of(), warnings);
        assertNull(core.lastLockup());
        assertEquals(0, core.stats().get(0).lockups());
    }

    @Test
    void theThresholdPropertyTakesWholeMillisecondsAndZeroTurnsDetectionOff() {
        List<String> invalid = new ArrayList<>();
        assertEquals(1_000 * MS, SoftLockupWatchdog.thresholdNanos("jiffy.timer.softlockup.ms", null, invalid::add));
        assertEquals(20 * MS, SoftLockupWatchdog.thresholdNanos("jiffy.timer.softlockup.ms", " 20 ", invalid::add));
        assertEquals(0, SoftLockupWatchdog.thresholdNanos("jiffy.timer.softlockup.ms", "0", invalid::add));
        assertEquals(List.of(), invalid);
        assertEquals(1_000 * MS, SoftLockupWatchdog.thresholdNanos("jiffy.timer.softlockup.ms", "20ms", invalid::add));
        assertEquals(1_000 * MS, SoftLockupWatchdog.thresholdNanos("jiffy.timer.softlockup.ms", "-1", invalid::add));
        assertEquals(List.of(
                "jiffy.timer.softlockup.ms must be a whole number of milliseconds from 0 (detection off) to 86400000, got '20ms'; using 1000",
                "jiffy.timer.softlockup.ms must be a whole number of milliseconds from 0 (detection off) to 86400000, got '-1'; using 1000"),
                invalid);
    }

    /**
     * Real time, two CPUs: a timer function on CPU 0 blocks on a latch. The watchdog thread warns
     * once, naming CPU 0, the timer and its owner; meanwhile CPU 1's timers keep firing, and the
     * console's views and other timers of CPU 0 stay usable (no lock is held while a function
     * runs). Released, CPU 0 runs the timer that waited behind it.
     */
    @Test
    void aBlockedFunctionOnOneCpuIsReportedAndDoesNotStopTheOtherCpu() throws Exception {
        machine = new MachineCore(false, 2, 0);
        machine.start();
        CountDownLatch warned = new CountDownLatch(1);
        WheelCore core = new WheelCore(2, 0, log(warned));
        long jiffyNanos = MS;
        for (int c = 0; c < 2; c++) {
            int cpu = c;
            IrqLine tick = machine.requestIrq("tick" + cpu, cpu, line -> {
                long j = machine.nanoTime() / jiffyNanos;
                core.runTimers(cpu, j);
                line.raiseAt((j + 1) * jiffyNanos);
            });
            tick.raiseAt(jiffyNanos);
        }
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Owner slowBundle = new Owner("com.example.slow");
        Timer blocker = core.newTimer(new Named("blocker", t -> {
            blocked.countDown();
            try {
                release.await(BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), 0, slowBundle);
        AtomicLong cpu1Firings = new AtomicLong();
        Timer ticker = core.newTimer(t -> {
            cpu1Firings.incrementAndGet();
            t.mod(t.expires() + 1);
        }, 1, Owner.KERNEL);
        CountDownLatch behindFired = new CountDownLatch(1);
        Timer behind = core.newTimer(t -> behindFired.countDown(), 0, Owner.KERNEL);

        SoftLockupWatchdog watchdog = new SoftLockupWatchdog("test-softlockup", 20 * MS, now -> core.watch(now, 20 * MS));
        watchdog.start();
        try {
            long now = machine.nanoTime() / jiffyNanos;
            ticker.add(now + 1);
            blocker.add(now + 1);
            assertTrue(blocked.await(BOUND_SECONDS, TimeUnit.SECONDS), "the blocker runs on cpu0");
            behind.add(now + 2); // due while cpu0 is stuck: waits behind the blocker

            assertTrue(warned.await(BOUND_SECONDS, TimeUnit.SECONDS), "the watchdog warned");
            String expectedStart = "BUG: soft lockup - CPU#0 stuck for ";
            String expectedEnd = "! [timer " + blocker.id() + " of com.example.slow: blocker]";
            List<String> aboutBlocker = warnings.stream().filter(w -> w.endsWith(expectedEnd)).toList();
            assertEquals(1, aboutBlocker.size(), warnings.toString());
            assertTrue(aboutBlocker.get(0).startsWith(expectedStart), aboutBlocker.get(0));

            long before = cpu1Firings.get();
            assertTrue(waitFor(() -> cpu1Firings.get() >= before + 20), "cpu1's timer kept firing while cpu0 was stuck");
            // the console and the other timers of the stuck CPU are not locked out
            assertTrue(core.stats().get(0).lockups() >= 1);
            assertTrue(core.pending(now).stream().anyMatch(i -> i.id() == behind.id()));
            assertTrue(behind.mod(now + 3));
            TimerLockup l = core.lastLockup();
            assertNotNull(l);
            assertEquals(0, l.cpu());
            assertEquals(blocker.id(), l.timerId());
            assertEquals("com.example.slow", l.owner());
            assertTrue(l.stuckNanos() > 20 * MS, l.toString());
            assertTrue(waitFor(() -> core.lastLockup().ongoing() && core.lastLockup().stuckNanos() > l.stuckNanos()),
                    "the watchdog updates the stuck time while it lasts");
        } finally {
            release.countDown();
        }
        try {
            assertTrue(behindFired.await(BOUND_SECONDS, TimeUnit.SECONDS), "cpu0 went on after the release");
            assertTrue(waitFor(() -> core.lastLockup().timerId() != blocker.id() || !core.lastLockup().ongoing()),
                    "the watchdog saw the call end");
            long before = cpu1Firings.get();
            assertTrue(waitFor(() -> cpu1Firings.get() >= before + 5), "everything continues");
            assertEquals(1, warnings.stream().filter(w -> w.contains("[timer " + blocker.id() + " ")).count(),
                    "one warning for the stuck call: " + warnings);
            assertEquals(List.of(), errors);
        } finally {
            watchdog.stop();
        }
        assertFalse(watchdog.alive(), "the watchdog thread stopped");
    }

    /** Polls a condition on state (no sleep) until it holds or the bound passes. */
    private static boolean waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.yield();
        }
        return true;
    }
}
