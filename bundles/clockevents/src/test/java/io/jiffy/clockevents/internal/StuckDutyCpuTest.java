package io.jiffy.clockevents.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.jiffy.clockevent.TickListener;
import io.jiffy.clockevent.TickMode;

/**
 * A timekeeping CPU stuck in its tick work (a timer function or hook that does not return) must
 * not stop the other CPUs: they move jiffies on, so their wheels keep firing. Real CPUs, bounded
 * waits on latches; nothing here measures time.
 */
class StuckDutyCpuTest {

    @Test
    void theOtherCpusMoveJiffiesOnWhileTheTimekeepingCpuIsStuck() throws Exception {
        try (Rig rig = new Rig(2, 1000, TickMode.PERIODIC, false)) {
            CountDownLatch stuck = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch progressed = new CountDownLatch(1);
            AtomicLong stuckAt = new AtomicLong(-1);
            rig.core.addListener(new TickListener() {
                @Override
                public void tick(int cpu, long jiffies) {
                    if (cpu == 0 && jiffies >= 5 && stuckAt.get() < 0) {
                        stuckAt.set(jiffies);
                        stuck.countDown();
                        await(release);
                    } else if (cpu == 1 && stuckAt.get() >= 0 && stuck.getCount() == 0 && release.getCount() > 0
                            && jiffies >= stuckAt.get() + 10) {
                        progressed.countDown();
                    }
                }
            });
            rig.startWithLocalDevices();
            assertTrue(stuck.await(30, TimeUnit.SECONDS), "CPU 0 reached its stuck tick");
            boolean moved = progressed.await(30, TimeUnit.SECONDS);
            release.countDown();
            assertTrue(moved, "CPU 1 saw jiffies move 10 ticks on while CPU 0 was stuck");
        }
    }

    @Test
    void aTimekeepingCpuThatIsNotStuckKeepsTheDoTimerDuty() {
        try (Rig rig = new Rig(2, 250, TickMode.PERIODIC)) {
            rig.startWithLocalDevices();
            rig.machine.advance(1_000_000_000L);
            assertTrue(rig.core.jiffiesNow() == 250, "exactly HZ jiffies, from CPU 0 alone");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
