package io.jiffy.driver.shub.rtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.TickMode;
import io.jiffy.clockevents.internal.TickAccess;
import io.jiffy.machine.internal.FallbackDevices;
import io.jiffy.posix.ClockId;
import io.jiffy.posix.ClockInfo;
import io.jiffy.posix.Errno;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.PosixException;
import io.jiffy.posix.SigEvent;
import io.jiffy.posixtimers.internal.PosixCoreAccess;
import io.jiffy.timekeeping.internal.TimekeeperCore;

/**
 * CLOCK_SGI_CYCLE used as applications use it: through the real POSIX clocks and timers core,
 * on a virtual system with the real timekeeper (running on sgi_rtc) and the real tick.
 */
class PosixIntegrationTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final String OWNER = "io.jiffy.driver.shub.rtc";

    private Rig rig;
    private TimekeeperCore timekeeper;
    private TickAccess tick;
    private PosixCoreAccess posix;

    private void boot(ShubRtcSettings settings) {
        rig = new Rig(2, settings);
        timekeeper = new TimekeeperCore(rig.machine, TimekeeperCore.Log.NONE, List.of(), 500 * MS, 100_000L);
        timekeeper.start();
        timekeeper.addSource(rig.driver.clockSource(), OWNER);
        ClockEventDevice[] devices = new ClockEventDevice[rig.machine.cpus()];
        for (int c = 0; c < devices.length; c++) {
            devices[c] = FallbackDevices.create(rig.machine, c);
        }
        tick = new TickAccess(rig.machine, timekeeper, 250, TickMode.PERIODIC, devices);
        posix = new PosixCoreAccess(timekeeper, tick, 4 * MS);
        assertTrue(posix.addClock(ClockId.CLOCK_SGI_CYCLE, rig.clock(), OWNER));
    }

    @AfterEach
    void shutdown() {
        if (tick != null) {
            tick.close();
        }
        if (timekeeper != null) {
            timekeeper.stop();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void clockTenIsListedReadSetAndResolved() {
        boot(ShubRtcSettings.defaults());
        assertEquals("sgi_rtc", timekeeper.current().name(), "the timekeeper runs on the SHub RTC");
        ClockInfo info = posix.clocks().get(posix.clocks().size() - 1);
        assertEquals(new ClockInfo(10, "CLOCK_SGI_CYCLE", 40, true, true, OWNER), info);
        assertEquals(40, posix.clockGetres(10));

        rig.advanceTo(7 * MS);
        assertEquals(7 * MS, posix.clockGettime(10));
        posix.clockSettime(10, 5 * SECOND);
        rig.advanceTo(7 * MS + SECOND);
        assertEquals(6 * SECOND, posix.clockGettime(10));
        assertEquals(Errno.EINVAL, assertThrows(PosixException.class, () -> posix.clockSettime(10, -1)).errno());
    }

    @Test
    void intervalTimerThroughTimerCreateAndSettime() {
        boot(ShubRtcSettings.defaults());
        List<String> got = new ArrayList<>();
        int id = posix.timerCreate(10, SigEvent.callback((t, o) -> got.add(t + "/" + o + "@" + rig.machine.nanoTime())));
        assertEquals(ItimerSpec.DISARMED, posix.timerSettime(id, 0, new ItimerSpec(MS, MS)));
        assertEquals(1, rig.node(0).pending());
        rig.advanceTo(10 * MS + MS / 2);
        assertEquals(10, got.size());
        assertEquals(id + "/0@" + MS, got.get(0));
        assertEquals(id + "/0@" + 10 * MS, got.get(9));
        assertEquals(new ItimerSpec(MS / 2, MS), posix.timerGettime(id));
        assertEquals(0, posix.timerGetoverrun(id));
        assertEquals(10, posix.timers().get(0).expirations());
        assertEquals(ClockId.CLOCK_SGI_CYCLE, posix.timers().get(0).clockId());

        posix.timerDelete(id);
        assertEquals(0, rig.node(0).pending());
        rig.advanceTo(20 * MS);
        assertEquals(10, got.size(), "a deleted timer is silent");
    }

    @Test
    void absoluteOneShotOnTheSetClock() {
        boot(ShubRtcSettings.defaults());
        posix.clockSettime(10, 1_000 * SECOND);
        List<Long> at = new ArrayList<>();
        int id = posix.timerCreate(10, SigEvent.callback((t, o) -> at.add(posix.clockGettime(10))));
        posix.timerSettime(id, PosixClocks.TIMER_ABSTIME, new ItimerSpec(1_000 * SECOND + 3 * MS, 0));
        rig.advanceTo(10 * MS);
        assertEquals(List.of(1_000 * SECOND + 3 * MS), at, "fires when CLOCK_SGI_CYCLE reaches the time");
        assertEquals(ItimerSpec.DISARMED, posix.timerGettime(id));
    }

    @Test
    void overrunsOfTheRetryPathReachTimerGetoverrun() {
        boot(Rig.settings("compareWriteLatencyTicks", 100));
        rig.advanceTo(MS);
        List<Integer> overruns = new ArrayList<>();
        int id = posix.timerCreate(10, SigEvent.callback((t, o) -> overruns.add(o)));
        posix.timerSettime(id, 0, new ItimerSpec(1_000, 1_000));
        rig.advanceTo(MS + 30_000);
        assertEquals(27, overruns.get(0), "as in mmtimer_set_next_timer: 28 intervals by the retry");
        assertEquals(overruns.get(overruns.size() - 1), posix.timerGetoverrun(id));
    }

    @Test
    void removingTheClockEndsItsTimers() {
        boot(ShubRtcSettings.defaults());
        int id = posix.timerCreate(10, SigEvent.none());
        posix.timerSettime(id, 0, new ItimerSpec(SECOND, 0));
        assertEquals(1, rig.node(0).pending());
        assertEquals(1, posix.removeClock(10, rig.clock()));
        assertEquals(0, rig.node(0).pending(), "timer_del reached the driver");
        assertFalse(posix.clocks().stream().anyMatch(c -> c.id() == 10));
        assertEquals(Errno.EINVAL, assertThrows(PosixException.class, () -> posix.clockGettime(10)).errno());
    }
}
