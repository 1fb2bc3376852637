package io.jiffy.timerwheel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jiffy.machine.IrqLine;
import io.jiffy.machine.internal.MachineCore;
import io.jiffy.timer.TimerInfo;
import io.jiffy.timer.TimerStats;

/**
 * The wheel under real concurrency: a real-mode {@link MachineCore} with two CPU threads runs each
 * CPU's tick (jiffies from the oscillator, then the timer softirq) while test threads add, mod,
 * del and delSync shared timers and read the counters. Every arming of a timer must end exactly
 * once: its function ran, a del/delSync reported it, or a mod reported it pending (replaced it);
 * the wheel's counters must agree with that model; delSync must return only when the function is
 * not running. No sleeps and no timing asserts: the threads run until enough firings were seen,
 * and everything is awaited with a generous bound (a timeout is a deadlock, hence a failure).
 */
class WheelConcurrencyTest {

    /** Real time per jiffy: short, so that timers fire while the test threads race. */
    private static final long JIFFY_NANOS = 200_000;
    private static final int CPUS = 2;
    private static final long BOUND_SECONDS = 30;

    private MachineCore machine;

    @AfterEach
    void shutdown() {
        if (machine != null) {
            machine.shutdown();
        }
    }

    /** The machine in real mode and a tick per CPU: tick_do_update_jiffies64 from the oscillator, then run_timer_softirq. */
    private WheelCore startTicking() {
        machine = new MachineCore(false, CPUS, 0);
        machine.start();
        WheelCore core = new WheelCore(CPUS, 0, WheelLog.NONE);
        for (int c = 0; c < CPUS; c++) {
            int cpu = c;
            IrqLine tick = machine.requestIrq("tick" + cpu, cpu, line -> {
                long j = jiffies();
                core.runTimers(cpu, j);
                line.raiseAt((j + 1) * JIFFY_NANOS);
            });
            tick.raiseAt(JIFFY_NANOS);
        }
        return core;
    }

    private long jiffies() {
        return machine.nanoTime() / JIFFY_NANOS;
    }

    /** A shared timer and the model of its armings. */
    private final class Probe {
        final TimerImpl timer;
        /** mod/add/del hold it shared; a delSync check holds it exclusively (no one arms meanwhile). */
        final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
        final AtomicLong armings = new AtomicLong();
        final AtomicLong fired = new AtomicLong();
        final AtomicLong deleted = new AtomicLong();
        final AtomicLong replaced = new AtomicLong();
        final AtomicInteger running = new AtomicInteger();
        /** Re-arms the function may still do itself. */
        final AtomicInteger selfRearms = new AtomicInteger(40);

        Probe(WheelCore core, int cpu, AtomicInteger overlaps) {
            timer = core.newTimer(t -> {
                if (running.incrementAndGet() != 1) {
                    overlaps.incrementAndGet(); // one timer's function never runs twice at once
                }
                fired.incrementAndGet();
                for (int spin = 0; spin < 500; spin++) {
                    Thread.onSpinWait(); // widen the window in which del/mod/delSync race with it
                }
                if (selfRearms.getAndDecrement() > 0) {
                    arm(() -> t.mod(jiffies() + ThreadLocalRandom.current().nextInt(3)));
                }
                running.decrementAndGet();
            }, cpu, Owner.KERNEL);
        }

        /** Counts one arming by mod, and a replaced one if mod reports it was pending. */
        void arm(java.util.function.BooleanSupplier mod) {
            armings.incrementAndGet();
            if (mod.getAsBoolean()) {
                replaced.incrementAndGet();
            }
        }
    }

    @Test
    void racingModDelDelSyncLoseAndDoubleNoFiringAndCountersAgree() throws Exception {
        WheelCore core = startTicking();
        AtomicInteger overlaps = new AtomicInteger();
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            probes.add(new Probe(core, i % CPUS, overlaps));
        }
        AtomicLong totalFired = new AtomicLong();
        AtomicInteger delSyncWhileRunning = new AtomicInteger();
        AtomicInteger pendingAfterDelSync = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        int workers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
                    for (int ops = 0; ops < 20_000 || sumFired(probes) < 10_000; ops++) {
                        if (System.nanoTime() - deadline > 0) {
                            throw new AssertionError("timers did not fire: " + sumFired(probes) + " firings");
                        }
                        Probe p = probes.get(random.nextInt(probes.size()));
                        int op = random.nextInt(10);
                        if (op <= 1) {
                            p.gate.writeLock().lock();
                            try {
                                if (p.timer.delSync()) {
                                    p.deleted.incrementAndGet();
                                }
                                if (p.running.get() != 0) {
                                    delSyncWhileRunning.incrementAndGet();
                                }
                                if (p.timer.pending()) {
                                    pendingAfterDelSync.incrementAndGet();
                                }
                                p.selfRearms.set(40);
                            } finally {
                                p.gate.writeLock().unlock();
                            }
                            continue;
                        }
                        p.gate.readLock().lock();
                        try {
                            long expires = jiffies() + random.nextInt(4);
                            if (op <= 4) {
                                try {
                                    p.timer.add(expires);
                                    p.armings.incrementAndGet();
                                } catch (IllegalStateException alreadyPending) {
                                    // add of a pending timer: refused, no arming
                                }
                            } else if (op <= 7) {
                                p.arm(() -> p.timer.mod(expires));
                            } else if (p.timer.del()) {
                                p.deleted.incrementAndGet();
                            }
                        } finally {
                            p.gate.readLock().unlock();
                        }
                    }
                    return null;
                }));
            }
            // a reader: the console's view while everything races
            futures.add(pool.submit(() -> {
                while (!stop.get()) {
                    for (TimerStats s : core.stats()) {
                        assertTrue(s.pending() >= 0 && s.pending() <= probes.size(), s.toString());
                    }
                    List<TimerInfo> pending = core.pending(jiffies());
                    assertTrue(pending.size() <= probes.size(), pending.toString());
                }
                return null;
            }));
            for (int i = 0; i < workers; i++) {
                futures.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS);
            }
            stop.set(true);
            futures.get(workers).get(BOUND_SECONDS, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS), "test threads ended (no deadlock)");
        }

        // quiescence: delSync every timer; afterwards nothing can arm them (only their functions would)
        for (Probe p : probes) {
            if (p.timer.delSync()) {
                p.deleted.incrementAndGet();
            }
            assertEquals(0, p.running.get());
        }
        assertEquals(0, overlaps.get(), "a function ran twice at once");
        assertEquals(0, delSyncWhileRunning.get(), "delSync returned while the function ran");
        assertEquals(0, pendingAfterDelSync.get(), "pending after delSync with no one arming");
        long armings = 0;
        long fired = 0;
        long deleted = 0;
        for (Probe p : probes) {
            assertEquals(p.armings.get(), p.fired.get() + p.deleted.get() + p.replaced.get(),
                    p.timer + ": armings = fired + deleted + replaced (armings " + p.armings + ", fired " + p.fired
                            + ", deleted " + p.deleted + ", replaced " + p.replaced + ")");
            assertFalse(p.timer.pending());
            armings += p.armings.get();
            fired += p.fired.get();
            deleted += p.deleted.get();
            totalFired.addAndGet(p.fired.get());
        }
        long adds = 0;
        long mods = 0;
        long dels = 0;
        long expired = 0;
        for (TimerStats s : core.stats()) {
            assertEquals(0, s.pending(), s.toString());
            assertEquals(0, s.errors(), s.toString());
            adds += s.adds();
            mods += s.mods();
            dels += s.dels();
            expired += s.expired();
        }
        assertEquals(armings, adds + mods, "armings counted by the wheel");
        assertEquals(fired, expired, "firings counted by the wheel");
        assertEquals(deleted, dels, "deletions counted by the wheel");
        assertTrue(core.pending(jiffies()).isEmpty());
        assertTrue(totalFired.get() >= 10_000);
    }

    private static long sumFired(List<Probe> probes) {
        long n = 0;
        for (Probe p : probes) {
            n += p.fired.get();
        }
        return n;
    }

    /**
     * The kernel's del_timer_sync accounting: while the function runs on another CPU, delSync waits
     * without touching the timer, then deletes what is pending. An arming made meanwhile by another
     * thread is replaced by the function's own mod, which therefore reports it pending, and delSync
     * reports the last arming: each arming is reported exactly once. (Found by the test above:
     * delSync used to delete the other thread's arming while waiting, so the function's mod said
     * "not pending" and that arming vanished unreported, e.g. a reference count leaked.)
     */
    @Test
    void delSyncWaitsBeforeDeletingSoEveryArmingIsReportedOnce() throws Exception {
        machine = new MachineCore(false, 2, 0);
        machine.start();
        WheelCore core = new WheelCore(2, 0, WheelLog.NONE);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Boolean> functionsMod = new AtomicReference<>();
        TimerImpl t = core.newTimer(timer -> {
            started.countDown();
            try {
                assertTrue(release.await(BOUND_SECONDS, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            functionsMod.set(timer.mod(timer.expires() + 10));
        }, 1, Owner.KERNEL);
        t.add(5);
        IrqLine softirq = machine.requestIrq("softirq", 1, line -> core.runTimers(1, 5));
        softirq.raise();
        AtomicReference<Boolean> delSync = new AtomicReference<>();
        Thread deleter = new Thread(() -> delSync.set(t.delSync()), "deleter");
        try {
            assertTrue(started.await(BOUND_SECONDS, TimeUnit.SECONDS), "the function runs on cpu1");

            assertFalse(t.mod(100), "not pending while its function runs");
            deleter.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            while (core.base(1).waiters() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(1, core.base(1).waiters(), "delSync waits for the running function");
            assertTrue(t.pending(), "delSync does not delete while the function runs");
        } finally {
            release.countDown();
        }
        deleter.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertFalse(deleter.isAlive());

        assertEquals(Boolean.TRUE, functionsMod.get(), "the function's mod replaced the pending arming");
        assertEquals(Boolean.TRUE, delSync.get(), "delSync deleted the function's re-arm");
        assertFalse(t.pending());
        TimerStats s = core.stats().get(1);
        assertEquals(3, s.adds() + s.mods()); // three armings ...
        assertEquals(1, s.expired()); // ... one fired,
        assertEquals(1, s.dels()); // one deleted, one replaced
    }
}
