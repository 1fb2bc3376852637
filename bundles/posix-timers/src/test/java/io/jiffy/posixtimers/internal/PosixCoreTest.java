package io.jiffy.posixtimers.internal;

import static io.jiffy.posix.ClockId.CLOCK_BOOTTIME;
import static io.jiffy.posix.ClockId.CLOCK_MONOTONIC;
import static io.jiffy.posix.ClockId.CLOCK_MONOTONIC_COARSE;
import static io.jiffy.posix.ClockId.CLOCK_MONOTONIC_RAW;
import static io.jiffy.posix.ClockId.CLOCK_REALTIME;
import static io.jiffy.posix.ClockId.CLOCK_REALTIME_COARSE;
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
import io.jiffy.posix.ClockInfo;
import io.jiffy.posix.Errno;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixException;
import io.jiffy.posix.PosixTimerInfo;
import io.jiffy.posix.SigEvent;
import io.jiffy.posix.SigInfo;

/** Built-in clocks and timers of {@link PosixCore} on a virtual machine. */
class PosixCoreTest {

    static final long MS = 1_000_000L;
    static final long TICK = 4 * MS;

    MachineCore machine;
    TestTimekeeper timekeeper;
    VirtualHrTimers hrTimers;
    PosixCore core;
    final List<String> fired = new ArrayList<>();

    @BeforeEach
    void setUp() {
        machine = new MachineCore(true, 2, 0);
        machine.start();
        timekeeper = new TestTimekeeper(machine, TICK);
        hrTimers = new VirtualHrTimers(machine, timekeeper);
        core = new PosixCore(timekeeper, hrTimers, TICK);
    }

    @AfterEach
    void tearDown() {
        machine.shutdown();
    }

    static void assertErrno(Errno errno, Executable call) {
        assertEquals(errno, assertThrows(PosixException.class, call).errno());
    }

    /** A timer whose callback records "id/overrun@ms" and the CPU it ran on. */
    int callbackTimer(int clockId) {
        return core.timerCreate(clockId, SigEvent.callback((id, overrun) ->
                fired.add(id + "/" + overrun + "@" + machine.nanoTime() / MS + " cpu" + machine.currentCpu())), Owner.KERNEL);
    }

    PosixTimerInfo info(int timerId) {
        return core.timers().stream().filter(i -> i.id() == timerId).findFirst().orElseThrow();
    }

    @Test
    void settimeOnAnythingButRealtimeIsEinval() {
        for (int id : new int[] {CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME}) {
            assertErrno(Errno.EINVAL, () -> core.clockSettime(id, 1_000 * MS));
        }
        assertErrno(Errno.EINVAL, () -> core.clockSettime(CLOCK_REALTIME, -1));
        assertErrno(Errno.EINVAL, () -> core.clockSettime(3, 0));
        assertEquals(0, core.clockGettime(CLOCK_MONOTONIC));
    }

    @Test
    void aRealtimeTheTimekeeperRefusesIsEinvalAndNullArgumentsAreEinval() {
        PosixCore strict = new PosixCore(new TestTimekeeper(machine, TICK) {
            @Override
            public void setRealtime(long nanos) {
                throw new IllegalArgumentException("realtime " + nanos + " ns is too late");
            }
        }, hrTimers, TICK);
        PosixException e = assertThrows(PosixException.class, () -> strict.clockSettime(CLOCK_REALTIME, Long.MAX_VALUE));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("too late"), e.getMessage());
        assertErrno(Errno.EINVAL, () -> core.timerCreate(CLOCK_MONOTONIC, null, Owner.KERNEL));
        int id = core.timerCreate(CLOCK_MONOTONIC, SigEvent.none(), Owner.KERNEL);
        assertErrno(Errno.EINVAL, () -> core.timerSettime(id, 0, null));
        assertErrno(Errno.EINVAL, () -> core.timerSettime(id, 2, new ItimerSpec(MS, 0)));
        assertErrno(Errno.EINVAL, () -> core.timerSettime(-1, 0, new ItimerSpec(MS, 0)));
        assertErrno(Errno.EINVAL, () -> core.timerGettime(-1));
        assertErrno(Errno.EINVAL, () -> core.timerGetoverrun(99));
        assertErrno(Errno.EINVAL, () -> core.timerDelete(99));
        assertErrno(Errno.EINVAL, () -> core.clockGettime(-1));
        assertErrno(Errno.EINVAL, () -> core.clockGetres(99));
        assertErrno(Errno.EINVAL, () -> new ItimerSpec(-1, 0));
        assertErrno(Errno.EINVAL, () -> new ItimerSpec(0, -1));
    }

    @Test
    void settingRealtimeMovesGettime() {
        core.clockSettime(CLOCK_REALTIME, 42_000 * MS);
        assertEquals(42_000 * MS, core.clockGettime(CLOCK_REALTIME));
        machine.advance(3 * MS);
        assertEquals(42_003 * MS, core.clockGettime(CLOCK_REALTIME));
        assertEquals(3 * MS, core.clockGettime(CLOCK_MONOTONIC));
    }

    @Test
    void gettimeReadsEachClockFromTheTimekeeper() {
        machine.advance(10 * MS + 5);
        assertEquals(timekeeper.realtimeNanos(), core.clockGettime(CLOCK_REALTIME));
        assertEquals(10 * MS + 5, core.clockGettime(CLOCK_MONOTONIC));
        assertEquals(10 * MS + 5 + TestTimekeeper.RAW_OFFSET, core.clockGettime(CLOCK_MONOTONIC_RAW));
        assertEquals(timekeeper.realtimeCoarseNanos(), core.clockGettime(CLOCK_REALTIME_COARSE));
        assertEquals(8 * MS, core.clockGettime(CLOCK_MONOTONIC_COARSE));
        assertEquals(10 * MS + 5 + TestTimekeeper.BOOT_OFFSET, core.clockGettime(CLOCK_BOOTTIME));
    }

    @Test
    void getresOfEachClock() {
        assertEquals(1, core.clockGetres(CLOCK_REALTIME));
        assertEquals(1, core.clockGetres(CLOCK_MONOTONIC));
        assertEquals(1, core.clockGetres(CLOCK_MONOTONIC_RAW));
        assertEquals(1, core.clockGetres(CLOCK_BOOTTIME));
        assertEquals(TICK, core.clockGetres(CLOCK_REALTIME_COARSE));
        assertEquals(TICK, core.clockGetres(CLOCK_MONOTONIC_COARSE));
        assertErrno(Errno.EINVAL, () -> core.clockGetres(2));
        List<ClockInfo> clocks = core.clocks();
        assertEquals(List.of(0, 1, 4, 5, 6, 7), clocks.stream().map(ClockInfo::id).toList());
        assertEquals(List.of(1L, 1L, 1L, TICK, TICK, 1L), clocks.stream().map(ClockInfo::resolutionNanos).toList());
        assertEquals(List.of(true, false, false, false, false, false), clocks.stream().map(ClockInfo::settable).toList());
        assertEquals(List.of(true, true, false, false, false, true), clocks.stream().map(ClockInfo::timers).toList());
    }

    @Test
    void armRearmDisarm() {
        int id = core.timerCreate(CLOCK_MONOTONIC, SigEvent.none(), Owner.KERNEL);
        assertEquals(ItimerSpec.DISARMED, core.timerSettime(id, 0, new ItimerSpec(100 * MS, 0)));
        machine.advance(30 * MS);
        assertEquals(new ItimerSpec(70 * MS, 0), core.timerGettime(id));
        assertEquals(new ItimerSpec(70 * MS, 0), core.timerSettime(id, 0, new ItimerSpec(200 * MS, 10 * MS)));
        assertEquals(new ItimerSpec(200 * MS, 10 * MS), core.timerGettime(id));
        assertTrue(info(id).armed());
        assertEquals(new ItimerSpec(200 * MS, 10 * MS), core.timerSettime(id, 0, ItimerSpec.DISARMED));
        assertEquals(ItimerSpec.DISARMED, core.timerGettime(id));
        assertFalse(info(id).armed());
        assertEquals(0, hrTimers.queued());
        machine.advance(1_000 * MS);
        assertEquals(0, info(id).expirations());
    }

    @Test
    void oneShotFiresOnceOnItsCpuAndDisarms() {
        int id = callbackTimer(CLOCK_MONOTONIC);
        core.timerSettime(id, 0, new ItimerSpec(25 * MS, 0));
        machine.advance(24 * MS);
        assertEquals(List.of(), fired);
        machine.advance(100 * MS);
        assertEquals(List.of(id + "/0@25 cpu0"), fired);
        assertEquals(ItimerSpec.DISARMED, core.timerGettime(id));
        assertEquals(1, info(id).expirations());
    }

    @Test
    void gettimeOfAnUnarmedTimerIsZero() {
        int id = core.timerCreate(CLOCK_REALTIME, SigEvent.queued(), Owner.KERNEL);
        assertEquals(ItimerSpec.DISARMED, core.timerGettime(id));
        assertEquals(0, core.timerGetoverrun(id));
        assertNull(core.takeNotification(id));
    }

    @Test
    void abstimeInThePastFiresAtOnce() {
        machine.advance(50 * MS);
        int mono = callbackTimer(CLOCK_MONOTONIC);
        int real = callbackTimer(CLOCK_REALTIME);
        core.timerSettime(mono, TIMER_ABSTIME, new ItimerSpec(10 * MS, 0));
        core.timerSettime(real, TIMER_ABSTIME, new ItimerSpec(core.clockGettime(CLOCK_REALTIME) - 1, 0));
        machine.advance(0);
        assertEquals(List.of(mono + "/0@50 cpu0", real + "/0@50 cpu0"), fired);
        assertEquals(ItimerSpec.DISARMED, core.timerGettime(mono));
    }

    @Test
    void absoluteBoottimeTimerExpiresAtItsBoottime() {
        int id = callbackTimer(CLOCK_BOOTTIME);
        core.timerSettime(id, TIMER_ABSTIME, new ItimerSpec(TestTimekeeper.BOOT_OFFSET + 20 * MS, 0));
        assertEquals(new ItimerSpec(20 * MS, 0), core.timerGettime(id));
        machine.advance(100 * MS);
        assertEquals(List.of(id + "/0@20 cpu0"), fired);
    }

    @Test
    void settingRealtimeMovesAbsoluteRealtimeTimersOnly() {
        long now = core.clockGettime(CLOCK_REALTIME);
        int abs = callbackTimer(CLOCK_REALTIME);
        int rel = callbackTimer(CLOCK_REALTIME);
        core.timerSettime(abs, TIMER_ABSTIME, new ItimerSpec(now + 100 * MS, 0));
        core.timerSettime(rel, 0, new ItimerSpec(80 * MS, 0));
        core.clockSettime(CLOCK_REALTIME, now + 50 * MS); // 50 ms forward: the absolute timer is 50 ms away
        assertEquals(new ItimerSpec(50 * MS, 0), core.timerGettime(abs));
        assertEquals(new ItimerSpec(80 * MS, 0), core.timerGettime(rel));
        machine.advance(49 * MS);
        assertEquals(List.of(), fired);
        machine.advance(40 * MS);
        assertEquals(List.of(abs + "/0@50 cpu0", rel + "/0@80 cpu0"), fired);
    }

    @Test
    void queuedNotificationCountsExpirationsWhilePendingAsOverrun() {
        int id = core.timerCreate(CLOCK_MONOTONIC, SigEvent.queued(), Owner.KERNEL);
        core.timerSettime(id, 0, new ItimerSpec(10 * MS, 10 * MS));
        machine.advance(95 * MS);
        assertEquals(0, core.timerGetoverrun(id));
        assertEquals(new SigInfo(id, 8), core.takeNotification(id));
        assertEquals(8, core.timerGetoverrun(id));
        assertNull(core.takeNotification(id));
        machine.advance(10 * MS);
        assertEquals(new SigInfo(id, 0), core.takeNotification(id));
        assertEquals(0, core.timerGetoverrun(id));
        assertEquals(10, info(id).expirations());
        assertEquals(new ItimerSpec(5 * MS, 10 * MS), core.timerGettime(id));
    }

    @Test
    void callbackExpiryLateByThreeAndAHalfIntervalsCountsOverrunThree() {
        hrTimers.lateNanos = 35 * MS;
        int id = callbackTimer(CLOCK_MONOTONIC);
        core.timerSettime(id, 0, new ItimerSpec(10 * MS, 10 * MS));
        machine.advance(45 * MS);
        assertEquals(List.of(id + "/3@45 cpu0"), fired);
        assertEquals(3, core.timerGetoverrun(id));
        assertEquals(4, info(id).expirations());
    }

    @Test
    void tenMillisecondIntervalTimerExpiresOneHundredTimesInOneSecond() {
        int id = core.timerCreate(CLOCK_MONOTONIC, SigEvent.none(), Owner.KERNEL);
        core.timerSettime(id, 0, new ItimerSpec(10 * MS, 10 * MS));
        machine.advance(1_000 * MS);
        PosixTimerInfo i = info(id);
        assertTrue(i.armed());
        assertEquals(10 * MS, i.intervalNanos());
        assertEquals(10 * MS, i.remainingNanos());
        assertEquals(100, i.expirations());
        assertEquals(0, i.lastOverrun());
        assertEquals("io.jiffy.posix.timers", i.owner());
    }

    @Test
    void unknownTimerAndClockIdsAreEinval() {
        assertErrno(Errno.EINVAL, () -> core.clockGettime(3));
        assertErrno(Errno.EINVAL, () -> core.clockGettime(10));
        assertErrno(Errno.EINVAL, () -> core.timerCreate(3, SigEvent.none(), Owner.KERNEL));
        assertErrno(Errno.EINVAL, () -> core.timerCreate(CLOCK_MONOTONIC_RAW, SigEvent.none(), Owner.KERNEL));
        assertErrno(Errno.EINVAL, () -> core.timerSettime(7, 0, new ItimerSpec(MS, 0)));
        assertErrno(Errno.EINVAL, () -> core.timerGettime(7));
        assertErrno(Errno.EINVAL, () -> core.timerGetoverrun(7));
        assertErrno(Errno.EINVAL, () -> core.timerDelete(7));
        assertErrno(Errno.EINVAL, () -> core.takeNotification(7));
        int id = core.timerCreate(CLOCK_MONOTONIC, SigEvent.none(), Owner.KERNEL);
        assertErrno(Errno.EINVAL, () -> core.timerSettime(id, 2, new ItimerSpec(MS, 0)));
        assertErrno(Errno.EINVAL, () -> core.takeNotification(id));
        core.timerDelete(id);
        assertErrno(Errno.EINVAL, () -> core.timerGettime(id));
        assertErrno(Errno.EINVAL, () -> core.timerDelete(id));
    }

    @Test
    void deleteCancelsAndIdsAreReused() {
        int a = callbackTimer(CLOCK_MONOTONIC);
        int b = callbackTimer(CLOCK_MONOTONIC);
        assertEquals(List.of(0, 1), List.of(a, b));
        core.timerSettime(a, 0, new ItimerSpec(10 * MS, 10 * MS));
        core.timerDelete(a);
        assertEquals(0, hrTimers.queued());
        machine.advance(100 * MS);
        assertEquals(List.of(), fired);
        assertEquals(0, callbackTimer(CLOCK_MONOTONIC));
    }

    @Test
    void cancelAllDeletesTheTimersOfOneOwner() {
        Owner app = new Owner("app");
        int mine = core.timerCreate(CLOCK_MONOTONIC, SigEvent.none(), app);
        int kept = core.timerCreate(CLOCK_MONOTONIC, SigEvent.none(), Owner.KERNEL);
        core.timerSettime(mine, 0, new ItimerSpec(10 * MS, 10 * MS));
        core.timerSettime(kept, 0, new ItimerSpec(10 * MS, 10 * MS));
        app.closed = true;
        assertEquals(1, core.cancelAll(app));
        assertErrno(Errno.EINVAL, () -> core.timerGettime(mine));
        assertEquals(List.of(kept), core.timers().stream().map(PosixTimerInfo::id).toList());
        assertEquals(1, hrTimers.queued());
        assertErrno(Errno.EINVAL, () -> core.timerCreate(CLOCK_MONOTONIC, SigEvent.none(), app));
    }

    @Test
    void aFailingCallbackIsReportedAndTheTimerGoesOn() {
        List<String> errors = new ArrayList<>();
        core.setErrorLog((m, e) -> errors.add(m));
        int id = core.timerCreate(CLOCK_MONOTONIC, SigEvent.callback((t, o) -> {
            throw new IllegalStateException("boom");
        }), Owner.KERNEL);
        core.timerSettime(id, 0, new ItimerSpec(10 * MS, 10 * MS));
        machine.advance(20 * MS);
        assertEquals(2, errors.size());
        assertEquals(2, info(id).expirations());
    }
}
