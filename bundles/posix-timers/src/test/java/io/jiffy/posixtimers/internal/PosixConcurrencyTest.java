package io.jiffy.posixtimers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jiffy.machine.internal.MachineCore;
import io.jiffy.posix.ClockId;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.SigEvent;
import io.jiffy.posix.SigInfo;

/**
 * POSIX timers under real concurrency: a real-mode {@link MachineCore} with two CPU threads
 * expires the hrtimers while test threads create, set (relative and absolute, one-shot and
 * interval, racing each other on one timer), read and delete timers, take queued notifications
 * and set CLOCK_REALTIME. Invariants: no notification reaches (or is still being delivered to) a
 * timer after timerDelete returned;
 * each callback names its own timer; overrun counts are never negative; every call on a live
 * timer succeeds; at the end nothing is left queued. No sleeps: the threads run until enough
 * expirations were seen, awaited with a generous bound (a timeout is a deadlock, a failure).
 */
class PosixConcurrencyTest {

    private static final long US = 1_000L;
    private static final long TICK = 4_000_000L;
    private static final long BOUND_SECONDS = 30;
    private static final int SLOTS = 16;

    private MachineCore machine;

    @AfterEach
    void shutdown() {
        if (machine != null) {
            machine.shutdown();
        }
    }

    /** What one timer's owner sees. */
    private static final class Probe {
        final AtomicInteger late;
        final AtomicInteger negative;
        final AtomicInteger wrongId;
        final AtomicLong deliveries;
        final boolean queued;
        volatile int id = -1;
        volatile boolean deleted;

        Probe(boolean queued, AtomicInteger late, AtomicInteger negative, AtomicInteger wrongId, AtomicLong deliveries) {
            this.queued = queued;
            this.late = late;
            this.negative = negative;
            this.wrongId = wrongId;
            this.deliveries = deliveries;
        }

        SigEvent sigEvent() {
            return queued ? SigEvent.queued() : SigEvent.callback(this::delivered);
        }

        void delivered(int timerId, int overrun) {
            for (int spin = 0; spin < 300; spin++) {
                Thread.onSpinWait(); // a notification takes a while: timerDelete must wait for it
            }
            if (deleted) {
                late.incrementAndGet(); // still being delivered after timerDelete returned
            }
            if (overrun < 0) {
                negative.incrementAndGet();
            }
            if (timerId != id) {
                wrongId.incrementAndGet();
            }
            deliveries.incrementAndGet();
        }
    }

    @Test
    void createSetDeleteRacingExpiryNeverDeliversToADeletedTimer() throws Exception {
        machine = new MachineCore(false, 2, 0);
        machine.start();
        TestTimekeeper timekeeper = new TestTimekeeper(machine, TICK);
        VirtualHrTimers hrTimers = new VirtualHrTimers(machine, timekeeper);
        PosixCore core = new PosixCore(timekeeper, hrTimers, TICK);
        List<String> callbackErrors = new ArrayList<>();
        core.setErrorLog((message, error) -> {
            synchronized (callbackErrors) {
                callbackErrors.add(message + ": " + error);
            }
        });
        AtomicInteger late = new AtomicInteger();
        AtomicInteger negative = new AtomicInteger();
        AtomicInteger wrongId = new AtomicInteger();
        AtomicLong deliveries = new AtomicLong();
        AtomicReferenceArray<Probe> slots = new AtomicReferenceArray<>(SLOTS);
        ReentrantReadWriteLock[] gates = new ReentrantReadWriteLock[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            gates[i] = new ReentrantReadWriteLock();
        }
        int[] clocks = {ClockId.CLOCK_MONOTONIC, ClockId.CLOCK_REALTIME, ClockId.CLOCK_BOOTTIME};
        int workers = 3;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
                    for (int ops = 0; ops < 4_000 || deliveries.get() < 2_000; ops++) {
                        if (System.nanoTime() - deadline > 0) {
                            throw new AssertionError("timers did not expire: " + deliveries.get() + " deliveries");
                        }
                        int s = random.nextInt(SLOTS);
                        int op = random.nextInt(20);
                        if (op < 3) { // create or delete: exclusive on the slot
                            gates[s].writeLock().lock();
                            try {
                                Probe p = slots.get(s);
                                if (p == null) {
                                    p = new Probe(random.nextInt(4) == 0, late, negative, wrongId, deliveries);
                                    p.id = core.timerCreate(clocks[random.nextInt(clocks.length)], p.sigEvent(), Owner.KERNEL);
                                    slots.set(s, p);
                                } else {
                                    core.timerDelete(p.id);
                                    p.deleted = true; // from now on nothing may reach it
                                    slots.set(s, null);
                                }
                            } finally {
                                gates[s].writeLock().unlock();
                            }
                            continue;
                        }
                        if (op == 3 && random.nextInt(10) == 0) {
                            core.clockSettime(ClockId.CLOCK_REALTIME, core.clockGettime(ClockId.CLOCK_REALTIME)
                                    + random.nextLong(-200 * US, 200 * US));
                            continue;
                        }
                        gates[s].readLock().lock(); // shared: operations on one timer race each other
                        try {
                            Probe p = slots.get(s);
                            if (p == null) {
                                continue;
                            }
                            if (op < 12) {
                                long value = random.nextInt(8) == 0 ? 0 : random.nextLong(1, 300 * US);
                                long interval = random.nextBoolean() ? 0 : random.nextLong(100 * US, 500 * US);
                                int flags = 0;
                                if (value > 0 && random.nextBoolean()) {
                                    flags = PosixClocks.TIMER_ABSTIME;
                                    value += core.clockGettime(core.timers().stream().filter(i -> i.id() == p.id)
                                            .findFirst().orElseThrow().clockId());
                                }
                                ItimerSpec old = core.timerSettime(p.id, flags, new ItimerSpec(value, interval));
                                assertTrue(old.valueNanos() >= 0 && old.intervalNanos() >= 0, old.toString());
                            } else if (op < 15) {
                                ItimerSpec now = core.timerGettime(p.id);
                                assertTrue(now.valueNanos() >= 0 && now.intervalNanos() >= 0, now.toString());
                            } else if (op < 17) {
                                int overrun = core.timerGetoverrun(p.id);
                                assertTrue(overrun >= 0, "overrun " + overrun);
                            } else if (p.queued) {
                                SigInfo info = core.takeNotification(p.id);
                                if (info != null) {
                                    p.delivered(info.timerId(), info.overrun());
                                }
                            } else {
                                core.timers().forEach(i -> assertTrue(i.lastOverrun() >= 0 && i.expirations() >= 0, i.toString()));
                            }
                        } finally {
                            gates[s].readLock().unlock();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(BOUND_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS), "test threads ended (no deadlock)");
        }
        for (int s = 0; s < SLOTS; s++) {
            Probe p = slots.get(s);
            if (p != null) {
                core.timerDelete(p.id);
                p.deleted = true;
            }
        }
        // expiries already due when the last timers were deleted get their chance to (wrongly) arrive
        long until = machine.nanoTime() + 2_000 * US;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (machine.nanoTime() < until && System.nanoTime() < deadline) {
            Thread.yield();
        }
        assertEquals(0, late.get(), "notifications after timerDelete returned");
        assertEquals(0, negative.get(), "negative overruns");
        assertEquals(0, wrongId.get(), "callbacks naming another timer");
        assertEquals(List.of(), callbackErrors);
        assertEquals(List.of(), core.timers());
        assertEquals(0, hrTimers.queued(), "hrtimers left queued");
        assertTrue(deliveries.get() >= 2_000, "deliveries " + deliveries.get());
    }
}
