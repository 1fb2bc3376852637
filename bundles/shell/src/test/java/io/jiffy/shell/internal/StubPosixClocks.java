package io.jiffy.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.jiffy.posix.ClockId;
import io.jiffy.posix.ClockInfo;
import io.jiffy.posix.Errno;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.PosixException;
import io.jiffy.posix.PosixTimerInfo;
import io.jiffy.posix.SigEvent;
import io.jiffy.posix.SigInfo;

/**
 * A hand-made PosixClocks for command tests: the built-in clocks at fixed times, only
 * CLOCK_REALTIME settable; timers remember their setting, {@link #fire} counts expirations.
 */
class StubPosixClocks implements PosixClocks {

    long realtime = 1_700_000_000_000_000_000L;
    long monotonic = 1_500_000_000L;
    private int nextId = 1;
    final Map<Integer, Timer> timers = new TreeMap<>();

    static final class Timer {
        final int clock;
        final SigEvent notification;
        ItimerSpec spec = ItimerSpec.DISARMED;
        int flags;
        long expirations;
        int lastOverrun;

        Timer(int clock, SigEvent notification) {
            this.clock = clock;
            this.notification = notification;
        }
    }

    private static void checkClock(int id) {
        if (id != ClockId.CLOCK_REALTIME && id != ClockId.CLOCK_MONOTONIC && id != ClockId.CLOCK_MONOTONIC_RAW
                && id != ClockId.CLOCK_REALTIME_COARSE && id != ClockId.CLOCK_MONOTONIC_COARSE && id != ClockId.CLOCK_BOOTTIME) {
            throw new PosixException(Errno.EINVAL, "no clock " + id);
        }
    }

    private Timer timer(int id) {
        Timer t = timers.get(id);
        if (t == null) {
            throw new PosixException(Errno.EINVAL, "no timer " + id);
        }
        return t;
    }

    @Override
    public long clockGettime(int clockId) {
        checkClock(clockId);
        return clockId == ClockId.CLOCK_REALTIME || clockId == ClockId.CLOCK_REALTIME_COARSE ? realtime : monotonic;
    }

    @Override
    public void clockSettime(int clockId, long nanos) {
        checkClock(clockId);
        if (clockId != ClockId.CLOCK_REALTIME) {
            throw new PosixException(Errno.EINVAL, ClockId.name(clockId) + " cannot be set");
        }
        realtime = nanos;
    }

    @Override
    public long clockGetres(int clockId) {
        checkClock(clockId);
        return clockId == ClockId.CLOCK_REALTIME_COARSE || clockId == ClockId.CLOCK_MONOTONIC_COARSE ? 4_000_000L : 1L;
    }

    @Override
    public List<ClockInfo> clocks() {
        List<ClockInfo> list = new ArrayList<>();
        for (int id : new int[] {0, 1, 4, 5, 6, 7}) {
            list.add(new ClockInfo(id, ClockId.name(id), clockGetres(id), id == 0, id != 4 && id != 5 && id != 6,
                    "io.jiffy.posix.timers"));
        }
        return list;
    }

    @Override
    public int timerCreate(int clockId, SigEvent notification) {
        checkClock(clockId);
        int id = nextId++;
        timers.put(id, new Timer(clockId, notification));
        return id;
    }

    @Override
    public ItimerSpec timerSettime(int timerId, int flags, ItimerSpec value) {
        Timer t = timer(timerId);
        ItimerSpec old = t.spec;
        t.spec = value;
        t.flags = flags;
        return old;
    }

    @Override
    public ItimerSpec timerGettime(int timerId) {
        return timer(timerId).spec;
    }

    @Override
    public int timerGetoverrun(int timerId) {
        return timer(timerId).lastOverrun;
    }

    @Override
    public void timerDelete(int timerId) {
        timer(timerId);
        timers.remove(timerId);
    }

    @Override
    public SigInfo takeNotification(int timerId) {
        timer(timerId);
        return null;
    }

    @Override
    public List<PosixTimerInfo> timers() {
        List<PosixTimerInfo> list = new ArrayList<>();
        timers.forEach((id, t) -> list.add(new PosixTimerInfo(id, t.clock, "io.jiffy.shell", t.notification.kind(),
                t.spec.armed(), t.spec.valueNanos(), t.spec.intervalNanos(), t.expirations, t.lastOverrun)));
        return list;
    }
}
