package io.jiffy.timerwheel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.jiffy.machine.internal.MachineCore;

/**
 * delSync against a function running on another CPU: a real-mode machine's CPU thread runs the
 * softirq; the function blocks on a latch until another thread is inside delSync. No sleeps and
 * no timing asserts: waits are bounded latches.
 */
class DelSyncTest {

    @Test
    void delSyncWaitsForTheFunctionOnAnotherCpuAndDeletesItsReArm() throws Exception {
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
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                timer.mod(timer.expires() + 10); // re-arms itself while delSync waits
                running.set(false);
            }, 1, Owner.KERNEL);
            t.add(5);
            io.jiffy.machine.IrqLine softirq = machine.requestIrq("softirq", 1, line -> core.runTimers(1, 5));
            softirq.raise();
            assertTrue(started.await(30, TimeUnit.SECONDS), "the function started on cpu1");

            AtomicReference<Boolean> result = new AtomicReference<>();
            AtomicBoolean runningWhenReturned = new AtomicBoolean(true);
            CountDownLatch done = new CountDownLatch(1);
            Thread deleter = new Thread(() -> {
                result.set(t.delSync());
                runningWhenReturned.set(running.get());
                done.countDown();
            }, "deleter");
            deleter.start();
            // bounded wait (no sleep) until the deleter waits inside delSync
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (core.base(1).waiters() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(1, core.base(1).waiters(), "delSync waits for the running function");
            assertEquals(1, done.getCount(), "delSync has not returned while the function runs");
            release.countDown();
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertFalse(runningWhenReturned.get(), "delSync returned only after the function finished");
            assertTrue(result.get(), "the re-arm made it pending again, and delSync deleted it");
            assertFalse(t.pending());
        } finally {
            machine.shutdown();
        }
    }

    @Test
    void delSyncFromItsOwnFunctionDoesNotWait() {
        WheelCore core = new WheelCore(1, 0, WheelLog.NONE);
        boolean[] result = new boolean[2];
        TimerImpl t = core.newTimer(timer -> {
            timer.mod(100);
            result[0] = timer.delSync();
            result[1] = timer.pending();
        }, 0, Owner.KERNEL);
        t.add(1);
        core.runTimers(0, 1);
        assertTrue(result[0]);
        assertFalse(result[1]);
        assertFalse(t.delSync());
    }
}
