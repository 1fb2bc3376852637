package io.jiffy.posixtimers.internal;

import static io.jiffy.posix.PosixClocks.TIMER_ABSTIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.jiffy.machine.internal.MachineCore;
import io.jiffy.posix.ClockId;
import io.jiffy.posix.ClockInfo;
import io.jiffy.posix.Errno;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClock;
import io.jiffy.posix.PosixClockTimer;
import io.jiffy.posix.PosixException;
import io.jiffy.posix.SigEvent;
import io.jiffy.posix.SigInfo;

/** The {@code k_clock} registry of {@link PosixCore}: a driver clock with id 10 used through every call. */
class DriverClockTest {

    /** A settable driver clock whose timers the test expires by hand. */
    static final class FakeClock implements PosixClock {
        long time = 1_000;
        final List<FakeTimer> timers = new ArrayList<>();

        @Override
        public String name() {
            return "CLOCK_SGI_CYCLE";
        }

        @Override
        public long getTime() {
            return time;
        }

        @Override
        public void setTime(long nanos) {
            time = nanos;
        }

        @Override
        public boolean settable() {
            return true;
        }

        @Override
        public long getResolution() {
            return 40;
        }

        @Override
        public PosixClockTimer createTimer(Expiry expiry) {
            FakeTimer t = new FakeTimer(expiry);
            timers.add(t);
            return t;
        }

        @Override
        public boolean hasTimers() {
            return true;
        }
    }

    /** A driver timer that remembers its setting. */
    static final class FakeTimer implements PosixClockTimer {
        final PosixClock.Expiry expiry;
        ItimerSpec setting = ItimerSpec.DISARMED;
        int lastFlags = -1;
        boolean deleted;

        FakeTimer(PosixClock.Expiry expiry) {
            this.expiry = expiry;
        }

        @Override
        public ItimerSpec set(int flags, ItimerSpec value) {
            ItimerSpec old = setting;
            setting = value;
            lastFlags = flags;
            return old;
        }

        @Override
        public ItimerSpec get() {
            return setting;
        }

        @Override
        public void delete() {
            deleted = true;
        }
    }

    MachineCore machine;
    PosixCore core;
    final FakeClock clock = new FakeClock();

    @BeforeEach
    void setUp() {
        machine = new MachineCore(true, 1, 0);
        machine.start();
        TestTimekeeper timekeeper = new TestTimekeeper(machine, 4_000_000);
        core = new PosixCore(timekeeper, new VirtualHrTimers(machine, timekeeper), 4_000_000);
    }

    @AfterEach
    void tearDown() {
        machine.shutdown();
    }

    static void assertErrno(Errno errno, Executable call) {
        assertEquals(errno, assertThrows(PosixException.class, call).errno());
    }

    @Test
    void clockTenIsUsableThroughEveryCall() {
        assertTrue(core.addClock(10, clock, "shub").added());
        ClockInfo info = core.clocks().get(core.clocks().size() - 1);
        assertEquals(new ClockInfo(10, "CLOCK_SGI_CYCLE", 40, true, true, "shub"), info);
        assertEquals(1_000, core.clockGettime(10));
        core.clockSettime(10, 5_000);
        assertEquals(5_000, core.clockGettime(10));
        assertErrno(Errno.EINVAL, () -> core.clockSettime(10, -1));
        assertEquals(40, core.clockGetres(10));

        List<String> fired = new ArrayList<>();
        int id = core.timerCreate(10, SigEvent.callback((t, o) -> fired.add(t + "/" + o)), Owner.KERNEL);
        FakeTimer hw = clock.timers.get(0);
        assertEquals(ItimerSpec.DISARMED, core.timerSettime(id, TIMER_ABSTIME, new ItimerSpec(9_000, 100)));
        assertEquals(TIMER_ABSTIME, hw.lastFlags);
        assertEquals(new ItimerSpec(9_000, 100), core.timerGettime(id));
        assertEquals(new ItimerSpec(9_000, 100), core.timerSettime(id, 0, new ItimerSpec(50, 100)));
        hw.expiry.expired(0);
        hw.expiry.expired(2);
        assertEquals(List.of(id + "/0", id + "/2"), fired);
        assertEquals(2, core.timerGetoverrun(id));
        assertEquals(4, core.timers().get(0).expirations());
        assertEquals(ClockId.CLOCK_SGI_CYCLE, core.timers().get(0).clockId());
        core.timerDelete(id);
        assertTrue(hw.deleted);
        assertErrno(Errno.EINVAL, () -> core.timerGettime(id));
    }

    @Test
    void queuedNotificationOnADriverClockCountsDriverOverruns() {
        core.addClock(10, clock, "shub");
        int id = core.timerCreate(10, SigEvent.queued(), Owner.KERNEL);
        PosixClock.Expiry expiry = clock.timers.get(0).expiry;
        expiry.expired(1);
        expiry.expired(0);
        expiry.expired(3);
        assertEquals(new SigInfo(id, 1 + 1 + 4), core.takeNotification(id));
        assertEquals(6, core.timerGetoverrun(id));
        assertNull(core.takeNotification(id));
    }

    @Test
    void removingTheClockEndsItsTimers() {
        core.addClock(10, clock, "shub");
        List<String> fired = new ArrayList<>();
        int id = core.timerCreate(10, SigEvent.callback((t, o) -> fired.add(t + "/" + o)), Owner.KERNEL);
        int other = core.timerCreate(ClockId.CLOCK_MONOTONIC, SigEvent.none(), Owner.KERNEL);
        core.timerSettime(id, 0, new ItimerSpec(50, 0));
        assertEquals(-1, core.removeClock(10, new FakeClock()));
        assertEquals(1, core.removeClock(10, clock));
        assertTrue(clock.timers.get(0).deleted);
        clock.timers.get(0).expiry.expired(0); // a late report from the driver is ignored
        assertEquals(List.of(), fired);
        assertErrno(Errno.EINVAL, () -> core.timerGettime(id));
        assertErrno(Errno.EINVAL, () -> core.timerSettime(id, 0, ItimerSpec.DISARMED));
        assertErrno(Errno.EINVAL, () -> core.timerGetoverrun(id));
        assertErrno(Errno.EINVAL, () -> core.timerDelete(id));
        assertErrno(Errno.EINVAL, () -> core.clockGettime(10));
        assertErrno(Errno.EINVAL, () -> core.timerCreate(10, SigEvent.none(), Owner.KERNEL));
        assertEquals(ItimerSpec.DISARMED, core.timerGettime(other));
        assertFalse(core.clocks().stream().anyMatch(c -> c.id() == 10));
    }

    @Test
    void reservedIdsAndClashesAreRefused() {
        PosixCore.Registration five = core.addClock(5, clock, "shub");
        assertFalse(five.added());
        assertTrue(five.reason().contains("reserved"), five.reason());
        assertEquals(4_000_000, core.clockGetres(5)); // still the built-in CLOCK_REALTIME_COARSE
        assertTrue(core.addClock(10, clock, "shub").added());
        PosixCore.Registration clash = core.addClock(10, new FakeClock(), "other");
        assertFalse(clash.added());
        assertTrue(clash.reason().contains("already CLOCK_SGI_CYCLE of shub"), clash.reason());
        assertEquals(1_000, core.clockGettime(10));
    }

    @Test
    void aClockWithoutTimersOrSettimeIsEinval() {
        PosixClock plain = new PosixClock() {
            @Override
            public String name() {
                return "CLOCK_PLAIN";
            }

            @Override
            public long getTime() {
                return 7;
            }

            @Override
            public long getResolution() {
                return 1_000;
            }
        };
        core.addClock(11, plain, "plain");
        assertEquals(7, core.clockGettime(11));
        assertErrno(Errno.EINVAL, () -> core.clockSettime(11, 1));
        assertErrno(Errno.EINVAL, () -> core.timerCreate(11, SigEvent.none(), Owner.KERNEL));
    }
}
