package io.jiffy.posixtimers.internal;

import java.util.List;

import io.jiffy.clockevent.HrTimers;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.posix.ClockInfo;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClock;
import io.jiffy.posix.PosixTimerInfo;
import io.jiffy.posix.SigEvent;
import io.jiffy.posix.SigInfo;

/**
 * Test access (from the SHub driver's tests) to the real POSIX clocks and timers core, so a
 * driver clock can be used through clock_gettime and timer_create as applications do.
 */
public final class PosixCoreAccess {

    private final PosixCore core;

    /** The core over a timekeeper and hrtimers, with a tick of {@code tickNanos}. */
    public PosixCoreAccess(Timekeeper timekeeper, HrTimers hrTimers, long tickNanos) {
        core = new PosixCore(timekeeper, hrTimers, tickNanos);
    }

    /** register_posix_clock; returns whether it was added. */
    public boolean addClock(int id, PosixClock clock, String owner) {
        return core.addClock(id, clock, owner).added();
    }

    /** Unregisters the clock, ending its timers; returns how many ended, or -1. */
    public int removeClock(int id, PosixClock clock) {
        return core.removeClock(id, clock);
    }

    public long clockGettime(int clockId) {
        return core.clockGettime(clockId);
    }

    public void clockSettime(int clockId, long nanos) {
        core.clockSettime(clockId, nanos);
    }

    public long clockGetres(int clockId) {
        return core.clockGetres(clockId);
    }

    public List<ClockInfo> clocks() {
        return core.clocks();
    }

    public int timerCreate(int clockId, SigEvent notification) {
        return core.timerCreate(clockId, notification, Owner.KERNEL);
    }

    public ItimerSpec timerSettime(int timerId, int flags, ItimerSpec value) {
        return core.timerSettime(timerId, flags, value);
    }

    public ItimerSpec timerGettime(int timerId) {
        return core.timerGettime(timerId);
    }

    public int timerGetoverrun(int timerId) {
        return core.timerGetoverrun(timerId);
    }

    public SigInfo takeNotification(int timerId) {
        return core.takeNotification(timerId);
    }

    public void timerDelete(int timerId) {
        core.timerDelete(timerId);
    }

    public List<PosixTimerInfo> timers() {
        return core.timers();
    }
}
