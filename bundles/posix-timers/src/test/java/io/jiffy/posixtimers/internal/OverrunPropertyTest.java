package io.jiffy.posixtimers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.jiffy.machine.internal.MachineCore;
import io.jiffy.posix.ClockId;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixTimerInfo;
import io.jiffy.posix.SigEvent;
import io.jiffy.posix.SigInfo;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Overrun accounting against a reference model: an interval timer with a queued notification,
 * taken at arbitrary times, never loses or invents an expiration; with punctual delivery the
 * expirations are exactly the interval points passed.
 */
class OverrunPropertyTest {

    @Property(tries = 200)
    void queuedNotificationsAccountForEveryExpiration(
            @ForAll @LongRange(min = 1, max = 50_000) long value,
            @ForAll @LongRange(min = 1, max = 20_000) long interval,
            @ForAll @LongRange(min = 0, max = 100_000) long late,
            @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 200_000) Integer> steps) {
        MachineCore machine = new MachineCore(true, 1, 0);
        machine.start();
        try {
            TestTimekeeper timekeeper = new TestTimekeeper(machine, 1_000);
            VirtualHrTimers hrTimers = new VirtualHrTimers(machine, timekeeper);
            hrTimers.lateNanos = late;
            PosixCore core = new PosixCore(timekeeper, hrTimers, 1_000);
            int id = core.timerCreate(ClockId.CLOCK_MONOTONIC, SigEvent.queued(), Owner.KERNEL);
            core.timerSettime(id, 0, new ItimerSpec(value, interval));
            long taken = 0;
            for (int step : steps) {
                machine.advance(step);
                SigInfo info = core.takeNotification(id);
                if (info != null) {
                    assertEquals(info.overrun(), core.timerGetoverrun(id));
                    taken += 1 + info.overrun();
                }
            }
            PosixTimerInfo info = core.timers().get(0);
            assertEquals(taken, info.expirations());
            long now = machine.nanoTime();
            if (late == 0) {
                assertEquals(now < value ? 0 : (now - value) / interval + 1, info.expirations());
                long next = now < value ? value : value + ((now - value) / interval + 1) * interval;
                assertEquals(new ItimerSpec(next - now, interval), core.timerGettime(id));
            }
        } finally {
            machine.shutdown();
        }
    }
}
