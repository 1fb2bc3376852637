package io.jiffy.timerwheel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.jiffy.machine.IrqLine;
import io.jiffy.machine.internal.MachineCore;
import io.jiffy.timer.Timer;
import io.jiffy.timer.TimerFunction;
import io.jiffy.timer.TimerStats;

/**
 * The base's own lock (a compare-and-set to take, a release store to drop, spin then park when
 * contended) and the delSync/cancel wait built on it: mutual exclusion under contention, a
 * parked locker woken on release, re-entry as the ReentrantLock allowed it, interrupts kept. No
 * sleeps and no timing asserts: waits are bounded.
 */
class BaseLockTest {

    private static final long BOUND_SECONDS = 30;

    /** A function whose description (read under the base lock by {@code pending()}) runs {@code description}. */
    private record Described(Runnable description) implements TimerFunction {
        @Override
        public void run(Timer timer) {
        }

        @Override
        public String toString() {
            description.run();
            return "described";
        }
    }

    @Test
    void threadsRacingOnOneBaseLoseNoUpdate() throws Exception {
        WheelCore core = new WheelCore(1, 0, WheelLog.NONE);
        int threads = 4;
        int perThread = 32;
        int ops = 100_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        AtomicBoolean stop = new AtomicBoolean();
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                futures.add(pool.submit(() -> {
                    TimerImpl[] own = new TimerImpl[perThread];
                    for (int i = 0; i < perThread; i++) {
                        own[i] = core.newTimer(t -> { }, 0, Owner.KERNEL);
                    }
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long adds = 0;
                    long mods = 0;
                    long dels = 0;
                    for (int k = 0; k < ops; k++) {
                        TimerImpl t = own[random.nextInt(perThread)];
                        long expires = 1 + random.nextInt(1 << 16); // nothing runs the wheel: nothing fires
                        switch (random.nextInt(3)) {
                            case 0 -> {
                                if (!t.pending()) {
                                    t.add(expires);
                                    adds++;
                                }
                            }
                            case 1 -> {
                                t.mod(expires);
                                mods++;
                            }
                            default -> {
                                if (t.del()) {
                                    dels++;
                                }
                            }
                        }
                    }
                    long pending = 0;
                    for (TimerImpl t : own) {
                        pending += t.pending() ? 1 : 0;
                    }
                    return new long[] {adds, mods, dels, pending};
                }));
            }
            Future<?> reader = pool.submit(() -> {
                while (!stop.get()) {
                    TimerStats s = core.stats().get(0);
                    assertTrue(s.pending() >= 0 && s.pending() <= threads * perThread, s.toString());
                    assertTrue(core.pending(0).size() <= threads * perThread);
                }
                return null;
            });
            long adds = 0;
            long mods = 0;
            long dels = 0;
            long pending = 0;
            for (Future<long[]> f : futures) {
                long[] r = f.get(BOUND_SECONDS, TimeUnit.SECONDS);
                adds += r[0];
                mods += r[1];
                dels += r[2];
                pending += r[3];
            }
            stop.set(true);
            reader.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertEquals(new TimerStats(0, adds, mods, dels, 0, 0, 0, pending), core.stats().get(0));
            assertEquals(pending, core.pending(0).size());
        } finally {
            stop.set(true);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void aLockerParkedBehindALongHolderIsWokenOnRelease() throws Exception {
        WheelCore core = new WheelCore(1, 0, WheelLog.NONE);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TimerImpl slow = core.newTimer(new Described(() -> {
            holding.countDown();
            try {
                release.await(BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), 0, Owner.KERNEL);
        slow.add(10);
        TimerImpl other = core.newTimer(t -> { }, 0, Owner.KERNEL);
        Thread holder = new Thread(() -> core.pending(0), "holder"); // holds the base lock while describing
        AtomicReference<Boolean> armed = new AtomicReference<>();
        Thread locker = new Thread(() -> armed.set(other.mod(20)), "locker");
        try {
            holder.start();
            assertTrue(holding.await(BOUND_SECONDS, TimeUnit.SECONDS));
            locker.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            while (locker.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.TIMED_WAITING, locker.getState(), "the locker parks once it has spun");
            assertEquals(null, armed.get());
        } finally {
            release.countDown();
        }
        holder.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        locker.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertFalse(locker.isAlive());
        assertEquals(Boolean.FALSE, armed.get());
        assertTrue(other.pending());
        assertEquals(2, core.stats().get(0).pending());
    }

    @Test
    void theLockIsReentrantAsTheReentrantLockWas() {
        WheelCore core = new WheelCore(1, 0, WheelLog.NONE);
        TimerImpl[] self = new TimerImpl[1];
        boolean[] seenPending = new boolean[1];
        self[0] = core.newTimer(new Described(() -> seenPending[0] = self[0].pending()), 0, Owner.KERNEL);
        self[0].add(5);
        // pending() describes each function under the base lock; this description takes it again
        assertEquals(1, assertTimeoutPreemptively(Duration.ofSeconds(BOUND_SECONDS), () -> core.pending(0)).size());
        assertTrue(seenPending[0]);
        assertTrue(self[0].del()); // and the lock was given back
        assertFalse(self[0].pending());
    }

    @Test
    void anInterruptedDelSyncStillWaitsAndKeepsTheInterrupt() throws Exception {
        MachineCore machine = new MachineCore(false, 2, 0);
        machine.start();
        try {
            WheelCore core = new WheelCore(2, 0, WheelLog.NONE);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean running = new AtomicBoolean();
            TimerImpl t = core.newTimer(timer -> {
                running.set(true);
                started.countDown();
                try {
                    release.await(BOUND_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.set(false);
            }, 1, Owner.KERNEL);
            t.add(5);
            IrqLine softirq = machine.requestIrq("softirq", 1, line -> core.runTimers(1, 5));
            softirq.raise();
            assertTrue(started.await(BOUND_SECONDS, TimeUnit.SECONDS));

            AtomicBoolean runningWhenReturned = new AtomicBoolean(true);
            AtomicBoolean interruptedAfter = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(1);
            Thread deleter = new Thread(() -> {
                Thread.currentThread().interrupt();
                t.delSync();
                runningWhenReturned.set(running.get());
                interruptedAfter.set(Thread.currentThread().isInterrupted());
                done.countDown();
            }, "deleter");
            deleter.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            while (core.base(1).waiters() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(1, core.base(1).waiters(), "delSync waits for the running function");
            assertEquals(1, done.getCount());
            release.countDown();
            assertTrue(done.await(BOUND_SECONDS, TimeUnit.SECONDS));
            assertFalse(runningWhenReturned.get(), "delSync returned only after the function finished");
            assertTrue(interruptedAfter.get(), "the interrupt is kept for the caller");
            assertEquals(0, core.base(1).waiters());
        } finally {
            machine.shutdown();
        }
    }
}
