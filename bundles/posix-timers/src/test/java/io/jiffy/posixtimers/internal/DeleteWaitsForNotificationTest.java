package io.jiffy.posixtimers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jiffy.machine.internal.MachineCore;
import io.jiffy.posix.SigEvent;

/**
 * timer_delete against a notification being delivered on another CPU, for a driver clock whose
 * {@code PosixClockTimer.delete()} (as the SPI allows) does not wait for an expiry in progress:
 * the core itself makes timerDelete wait until the notification returned, so that nothing is
 * delivered to a timer after timerDelete returned. (Found by reading the core after
 * {@link PosixConcurrencyTest}: the core checked "deleted" under the timer's monitor, released
 * it and only then called the owner, so a delete in between returned while the notification
 * still ran.) Threads stand in for the CPUs; waits are latches and bounded polls on state.
 */
class DeleteWaitsForNotificationTest {

    private static final long BOUND_SECONDS = 30;

    private MachineCore machine;
    private PosixCore core;
    private final DriverClockTest.FakeClock clock = new DriverClockTest.FakeClock();

    @BeforeEach
    void setUp() {
        machine = new MachineCore(true, 1, 0);
        machine.start();
        TestTimekeeper timekeeper = new TestTimekeeper(machine, 4_000_000);
        core = new PosixCore(timekeeper, new VirtualHrTimers(machine, timekeeper), 4_000_000);
        assertTrue(core.addClock(10, clock, "io.jiffy.driver.test").added());
    }

    @AfterEach
    void tearDown() {
        machine.shutdown();
    }

    @Test
    void timerDeleteReturnsOnlyAfterTheNotificationInProgress() throws Exception {
        CountDownLatch inNotification = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicInteger notifications = new AtomicInteger();
        int id = core.timerCreate(10, SigEvent.callback((timerId, overrun) -> {
            notifications.incrementAndGet();
            inNotification.countDown();
            try {
                release.await(BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.set(true);
        }), Owner.KERNEL);
        DriverClockTest.FakeTimer driverTimer = clock.timers.get(0);

        Thread cpu = new Thread(() -> driverTimer.expiry.expired(0), "cpu-expiring");
        AtomicBoolean returnedWhileNotifying = new AtomicBoolean(true);
        CountDownLatch deleted = new CountDownLatch(1);
        Thread deleter = new Thread(() -> {
            core.timerDelete(id);
            returnedWhileNotifying.set(!finished.get());
            deleted.countDown();
        }, "deleter");
        try {
            cpu.start();
            assertTrue(inNotification.await(BOUND_SECONDS, TimeUnit.SECONDS), "the notification is being delivered");
            deleter.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            while (deleter.getState() != Thread.State.WAITING && deleted.getCount() == 1 && System.nanoTime() < deadline) {
                Thread.yield();
            }
            assertEquals(1, deleted.getCount(), "timerDelete returned while the notification was still running");
            assertTrue(driverTimer.deleted, "the driver timer is deleted at once; only the return waits");
        } finally {
            release.countDown();
        }
        assertTrue(deleted.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertFalse(returnedWhileNotifying.get());
        cpu.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));

        driverTimer.expiry.expired(0); // a late expiry from the driver: not delivered
        assertEquals(1, notifications.get());
        assertEquals(List.of(), core.timers());
    }

    @Test
    void aNotificationMayDeleteItsOwnTimer() {
        List<Integer> seen = new ArrayList<>();
        int[] id = new int[1];
        id[0] = core.timerCreate(10, SigEvent.callback((timerId, overrun) -> {
            seen.add(timerId);
            core.timerDelete(timerId); // from its own notification: no wait for itself
        }), Owner.KERNEL);
        clock.timers.get(0).expiry.expired(0);
        clock.timers.get(0).expiry.expired(0);
        assertEquals(List.of(id[0]), seen);
        assertEquals(List.of(), core.timers());
    }
}
