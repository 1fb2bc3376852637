package io.jiffy.hookchain.internal;

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jiffy.hook.HookInfo;
import io.jiffy.hook.HookLockup;
import io.jiffy.hook.HookRegistration;
import io.jiffy.hook.Tick;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.internal.MachineCore;
import io.jiffy.machine.SoftLockupWatchdog;

/**
 * Soft-lockup detection of hooks: a call seen running longer than the threshold is warned about
 * once (CPU, hook, owner bundle), counted in {@code hook:list} and kept as the last lockup, and a
 * stuck hook on the timekeeping CPU does not stop the other CPUs. Also: dispatch times only a
 * sample of the ticks. No sleeps: the detection logic is driven with made-up host times, and the
 * real-time test waits for events with generous bounds.
 */
class SoftLockupTest {

    private static final long MS = 1_000_000L;
    private static final long BOUND_SECONDS = 30;

    private MachineCore machine;

    @AfterEach
    void shutdown() {
        if (machine != null) {
            machine.shutdown();
        }
    }

    /** A tick on a given CPU, mutable as the tick core's. */
    private static final class CpuTick implements Tick {
        final int cpu;
        volatile long jiffies;

        CpuTick(int cpu) {
            this.cpu = cpu;
        }

        @Override
        public int cpu() {
            return cpu;
        }

        @Override
        public long jiffies() {
            return jiffies;
        }

        @Override
        public long nowNanos() {
            return jiffies * 4 * MS;
        }
    }

    @Test
    void aCallStuckLongerThanTheThresholdIsWarnedOnceCountedAndKept() {
        TestLog log = new TestLog();
        HookChain chain = new HookChain(log);
        long threshold = 20 * MS;
        List<HookLockup> seenInside = new ArrayList<>();
        chain.add("do_timer", 100, false, t -> false, "io.jiffy.clockevents");
        HookEntry slow = chain.add("speaker", 5, false, t -> {
            chain.watch(1_000 * MS, threshold); // the watchdog's samples while this call runs
            chain.watch(1_010 * MS, threshold);
            chain.watch(1_020 * MS, threshold); // exactly the threshold: not yet
            assertEquals(List.of(), log.lines("WARN"));
            chain.watch(1_030 * MS, threshold);
            seenInside.add(chain.lastLockup());
            chain.watch(1_050 * MS, threshold); // still stuck: no second warning, the time grows
            seenInside.add(chain.lastLockup());
            return false;
        }, "com.example.pcspkr");
        chain.run(new CpuTick(1));

        assertEquals(List.of("WARN BUG: soft lockup - CPU#1 stuck for 30ms! [hook " + slow.id + " (speaker) of com.example.pcspkr]"),
                log.lines("WARN"));
        assertEquals(new HookLockup(1, slow.id, "speaker", "com.example.pcspkr", 30 * MS, true), seenInside.get(0));
        assertEquals(new HookLockup(1, slow.id, "speaker", "com.example.pcspkr", 50 * MS, true), seenInside.get(1));
        chain.watch(1_060 * MS, threshold); // between ticks: the call has ended
        assertEquals(new HookLockup(1, slow.id, "speaker", "com.example.pcspkr", 50 * MS, false), chain.lastLockup());
        HookInfo info = chain.hooks().get(1);
        assertEquals(1, info.lockups());
        assertTrue(info.maxNanos() >= 50 * MS, "the stuck time shows as the longest call: " + info);
        assertEquals(0, chain.hooks().get(0).lockups());
        assertEquals(1, log.lines("WARN").size());
        assertEquals(List.of(), log.lines("ERROR"));
    }

    @Test
    void successiveShortCallsOfOneHookAreNotOneLongCall() {
        TestLog log = new TestLog();
        HookChain chain = new HookChain(log);
        AtomicLong host = new AtomicLong();
        chain.add("busy", 0, false, t -> {
            chain.watch(host.addAndGet(15 * MS), 20 * MS); // found running at every sample, a new call each time
            return false;
        }, "x");
        CpuTick tick = new CpuTick(0);
        for (int i = 0; i < 50; i++) {
            tick.jiffies++;
            chain.run(tick);
        }
        assertEquals(List.of(), log.lines("WARN"));
        assertNull(chain.lastLockup());
        assertEquals(0, chain.hooks().get(0).lockups());
        assertEquals(50, chain.hooks().get(0).calls());
    }

    @Test
    void onlyASampleOfTheTicksIsTimed() {
        HookChain chain = new HookChain(new TestLog());
        HookEntry e = chain.add("a", 0, false, t -> false, "x");
        CpuTick tick = new CpuTick(0);
        for (int i = 0; i < 2 * HookChain.TIMING_SAMPLE + 2; i++) {
            chain.run(tick);
        }
        assertEquals(2 * HookChain.TIMING_SAMPLE + 2, e.calls);
        assertEquals(3, e.timedCalls, "the first tick and one in " + HookChain.TIMING_SAMPLE);
        HookInfo info = chain.hooks().get(0);
        assertTrue(info.maxNanos() >= info.meanNanos() && info.meanNanos() >= 0, info.toString());
    }

    @Test
    void theThresholdPropertyTakesWholeMillisecondsAndZeroTurnsDetectionOff() {
        List<String> invalid = new ArrayList<>();
        assertEquals(1_000 * MS, SoftLockupWatchdog.thresholdNanos("jiffy.hook.softlockup.ms", null, invalid::add));
        assertEquals(20 * MS, SoftLockupWatchdog.thresholdNanos("jiffy.hook.softlockup.ms", "20", invalid::add));
        assertEquals(0, SoftLockupWatchdog.thresholdNanos("jiffy.hook.softlockup.ms", "0", invalid::add));
        assertEquals(List.of(), invalid);
        assertEquals(1_000 * MS, SoftLockupWatchdog.thresholdNanos("jiffy.hook.softlockup.ms", "1s", invalid::add));
        assertEquals(List.of("jiffy.hook.softlockup.ms must be a whole number of milliseconds from 0 (detection off) to "
                + "86400000, got '1s'; using 1000"), invalid);
    }

    /**
     * Real time, two CPUs: the chain runs on CPU 0's tick; a hook blocks on a latch. The watchdog
     * thread warns once, naming CPU 0, the hook and its owner; meanwhile CPU 1's tick keeps
     * running, and hook:list and (un)registration keep working (dispatch holds no lock). Released,
     * the rest of the chain runs again.
     */
    @Test
    void aBlockedHookIsReportedAndDoesNotStopTheOtherCpu() throws Exception {
        machine = new MachineCore(false, 2, 0);
        machine.start();
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch warned = new CountDownLatch(1);
        HookChain chain = new HookChain(new ChainLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
                warned.countDown();
            }

            @Override
            public void error(String message, Throwable error) {
                warnings.add("ERROR " + message);
            }
        });
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean block = new AtomicBoolean(true);
        HookEntry slow = chain.add("slow", 10, false, t -> {
            if (block.getAndSet(false)) {
                blocked.countDown();
                try {
                    release.await(BOUND_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return false;
        }, "com.example.slow");
        AtomicLong afterCalls = new AtomicLong();
        chain.add("after", 0, false, t -> {
            afterCalls.incrementAndGet();
            return false;
        }, "x");
        long tickNanos = MS;
        CpuTick tick0 = new CpuTick(0);
        IrqLine line0 = machine.requestIrq("tick0", 0, line -> {
            tick0.jiffies++;
            chain.run(tick0);
            line.raiseAt(machine.nanoTime() + tickNanos);
        });
        AtomicLong cpu1Ticks = new AtomicLong();
        IrqLine line1 = machine.requestIrq("tick1", 1, line -> {
            cpu1Ticks.incrementAndGet();
            line.raiseAt(machine.nanoTime() + tickNanos);
        });
        SoftLockupWatchdog watchdog = new SoftLockupWatchdog("test-softlockup", 20 * MS, now -> chain.watch(now, 20 * MS));
        watchdog.start();
        try {
            line0.raiseAt(tickNanos);
            line1.raiseAt(tickNanos);
            assertTrue(blocked.await(BOUND_SECONDS, TimeUnit.SECONDS), "the slow hook runs on cpu0");
            assertTrue(warned.await(BOUND_SECONDS, TimeUnit.SECONDS), "the watchdog warned");
            String end = "! [hook " + slow.id + " (slow) of com.example.slow]";
            List<String> aboutSlow = warnings.stream().filter(w -> w.endsWith(end)).toList();
            assertEquals(1, aboutSlow.size(), warnings.toString());
            assertTrue(aboutSlow.get(0).startsWith("BUG: soft lockup - CPU#0 stuck for "), aboutSlow.get(0));

            long before = cpu1Ticks.get();
            assertTrue(waitFor(() -> cpu1Ticks.get() >= before + 20), "cpu1 kept ticking while cpu0 was stuck");
            long afterBefore = afterCalls.get();
            HookRegistration late = new TimerHookChainFacade(chain, "y").register("late", 1, false, t -> false);
            assertEquals(1, chain.hooks().stream().filter(h -> h.id() == slow.id).findFirst().orElseThrow().lockups());
            late.unregister();
            HookLockup l = chain.lastLockup();
            assertNotNull(l);
            assertEquals(0, l.cpu());
            assertEquals(slow.id, l.hookId());
            assertEquals("com.example.slow", l.owner());
            assertTrue(l.ongoing());
            assertEquals(afterBefore, afterCalls.get(), "the rest of cpu0's chain waits behind the stuck hook");
        } finally {
            release.countDown();
        }
        try {
            long after = afterCalls.get();
            assertTrue(waitFor(() -> afterCalls.get() >= after + 5), "the chain runs again after the release");
            assertTrue(waitFor(() -> !chain.lastLockup().ongoing()), "the watchdog saw the call end");
            assertEquals(1, warnings.stream().filter(w -> w.contains("[hook " + slow.id + " ")).count(),
                    "one warning for the stuck call: " + warnings);
            assertFalse(warnings.stream().anyMatch(w -> w.startsWith("ERROR")), warnings.toString());
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
