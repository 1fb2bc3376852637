package io.jiffy.posixtimers.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import io.jiffy.clockevent.HrTimer;
import io.jiffy.clockevent.HrTimerClock;
import io.jiffy.clockevent.HrTimerMode;
import io.jiffy.clockevent.HrTimerRestart;
import io.jiffy.clockevent.HrTimers;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.posix.ClockId;
import io.jiffy.posix.ClockInfo;
import io.jiffy.posix.Errno;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClock;
import io.jiffy.posix.PosixClockTimer;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.PosixException;
import io.jiffy.posix.PosixTimerInfo;
import io.jiffy.posix.SigEvent;
import io.jiffy.posix.SigInfo;

/**
 * POSIX clocks and timers without OSGi (the kernel's {@code posix-timers.c}): the built-in clocks
 * read from the {@link Timekeeper}, timers on built-in clocks run on {@link HrTimers}, and the
 * registry of driver clocks ({@code struct k_clock}) whose timers the drivers run. Timer ids are
 * the lowest free small integers. Unit tests drive it directly; the OSGi component will own it.
 */
final class PosixCore {

    /** Most timers at once; {@link #timerCreate} is EAGAIN beyond (the kernel's per-process limit). */
    static final int MAX_TIMERS = 1 << 16;

    /** Built-in clocks in id order. */
    private static final int[] BUILTIN = {ClockId.CLOCK_REALTIME, ClockId.CLOCK_MONOTONIC, ClockId.CLOCK_MONOTONIC_RAW,
        ClockId.CLOCK_REALTIME_COARSE, ClockId.CLOCK_MONOTONIC_COARSE, ClockId.CLOCK_BOOTTIME};

    /** Outcome of {@link #addClock}: whether the clock was registered and, if not, why. */
    record Registration(boolean added, String reason) {
    }

    /** A registered driver clock. */
    private record DriverClock(int id, PosixClock clock, String owner) {
    }

    private final Timekeeper timekeeper;
    private final HrTimers hrTimers;
    private final LongSupplier tickNanos;
    private final Map<Integer, DriverClock> driverClocks = new ConcurrentHashMap<>();
    private final Map<Integer, PTimer> timers = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, Throwable> errorLog = (m, e) -> { };

    /**
     * @param timekeeper the time the built-in clocks read
     * @param hrTimers   runs the timers of built-in clocks
     * @param tickNanos  the tick period: the resolution of the coarse clocks
     */
    PosixCore(Timekeeper timekeeper, HrTimers hrTimers, long tickNanos) {
        this(timekeeper, hrTimers, () -> tickNanos);
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("tick period must be positive: " + tickNanos);
        }
    }

    /**
     * @param timekeeper the time the built-in clocks read
     * @param hrTimers   runs the timers of built-in clocks
     * @param tickNanos  the current tick period (it follows HZ): the resolution of the coarse clocks
     */
    PosixCore(Timekeeper timekeeper, HrTimers hrTimers, LongSupplier tickNanos) {
        this.timekeeper = timekeeper;
        this.hrTimers = hrTimers;
        this.tickNanos = tickNanos;
    }

    /** Where a failing notification callback is reported (one line each); no-op by default. */
    void setErrorLog(BiConsumer<String, Throwable> errorLog) {
        this.errorLog = errorLog;
    }

    // ---- clocks ----

    private static boolean builtin(int clockId) {
        for (int id : BUILTIN) {
            if (id == clockId) {
                return true;
            }
        }
        return false;
    }

    /** Whether a built-in clock has timers: those with an hrtimer base in Linux. */
    private static boolean builtinTimers(int clockId) {
        return clockId == ClockId.CLOCK_REALTIME || clockId == ClockId.CLOCK_MONOTONIC
                || clockId == ClockId.CLOCK_BOOTTIME;
    }

    private DriverClock driverClock(int clockId) {
        DriverClock dc = driverClocks.get(clockId);
        if (dc == null) {
            throw new PosixException(Errno.EINVAL, "no clock " + clockId);
        }
        return dc;
    }

    long clockGettime(int clockId) {
        switch (clockId) {
            case ClockId.CLOCK_REALTIME: return timekeeper.realtimeNanos();
            case ClockId.CLOCK_MONOTONIC: return timekeeper.monotonicNanos();
            case ClockId.CLOCK_MONOTONIC_RAW: return timekeeper.rawNanos();
            case ClockId.CLOCK_REALTIME_COARSE: return timekeeper.realtimeCoarseNanos();
            case ClockId.CLOCK_MONOTONIC_COARSE: return timekeeper.monotonicCoarseNanos();
            case ClockId.CLOCK_BOOTTIME: return timekeeper.boottimeNanos();
            default: return driverClock(clockId).clock().getTime();
        }
    }

    void clockSettime(int clockId, long nanos) {
        if (builtin(clockId)) {
            if (clockId != ClockId.CLOCK_REALTIME) {
                throw new PosixException(Errno.EINVAL, ClockId.name(clockId) + " cannot be set");
            }
            if (nanos < 0) {
                throw new PosixException(Errno.EINVAL, "CLOCK_REALTIME cannot be set to a negative time: " + nanos);
            }
            try {
                timekeeper.setRealtime(nanos);
            } catch (IllegalArgumentException refused) {
                // e.g. a time so late that the clock could overflow: every failure here is an errno
                throw new PosixException(Errno.EINVAL, refused.getMessage());
            }
            return;
        }
        DriverClock dc = driverClock(clockId);
        if (nanos < 0) {
            throw new PosixException(Errno.EINVAL, dc.clock().name() + " cannot be set to a negative time: " + nanos);
        }
        dc.clock().setTime(nanos);
    }

    long clockGetres(int clockId) {
        if (clockId == ClockId.CLOCK_REALTIME_COARSE || clockId == ClockId.CLOCK_MONOTONIC_COARSE) {
            return tickNanos.getAsLong();
        }
        if (builtin(clockId)) {
            return hrTimers.resolutionNanos();
        }
        return driverClock(clockId).clock().getResolution();
    }

    List<ClockInfo> clocks() {
        List<ClockInfo> list = new ArrayList<>();
        for (int id : BUILTIN) {
            list.add(new ClockInfo(id, ClockId.name(id), clockGetres(id), id == ClockId.CLOCK_REALTIME,
                    builtinTimers(id), Owner.KERNEL.name));
        }
        List<DriverClock> drivers = new ArrayList<>(driverClocks.values());
        drivers.sort(Comparator.comparingInt(DriverClock::id));
        for (DriverClock dc : drivers) {
            PosixClock c = dc.clock();
            list.add(new ClockInfo(dc.id(), c.name(), c.getResolution(), c.settable(), c.hasTimers(), dc.owner()));
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * Registers a driver clock (register_posix_clock). Refused for a reserved id (below
     * {@link ClockId#FIRST_DRIVER_CLOCK}) and for an id already registered.
     */
    synchronized Registration addClock(int id, PosixClock clock, String owner) {
        if (id < ClockId.FIRST_DRIVER_CLOCK) {
            return new Registration(false, "clock id " + id + " of " + owner + " is reserved: driver clocks use "
                    + ClockId.FIRST_DRIVER_CLOCK + " and above");
        }
        DriverClock existing = driverClocks.get(id);
        if (existing != null) {
            return new Registration(false, "clock id " + id + " of " + owner + " is already "
                    + existing.clock().name() + " of " + existing.owner());
        }
        driverClocks.put(id, new DriverClock(id, clock, owner));
        return new Registration(true, null);
    }

    /**
     * Unregisters a driver clock if {@code clock} is the one registered under {@code id}, and
     * ends its timers (later calls on them are EINVAL).
     *
     * @return how many timers ended, or -1 if {@code clock} was not registered under {@code id}
     */
    int removeClock(int id, PosixClock clock) {
        DriverClock dc;
        synchronized (this) {
            dc = driverClocks.get(id);
            if (dc == null || dc.clock() != clock) {
                return -1;
            }
            driverClocks.remove(id);
        }
        int n = 0;
        for (PTimer t : timers.values()) {
            if (t.driverClock == dc && delete(t)) {
                n++;
            }
        }
        return n;
    }

    // ---- timers ----

    /** One POSIX timer ({@code struct k_itimer}); mutable state guarded by its monitor. */
    private final class PTimer {
        final int id;
        final int clockId;
        final Owner owner;
        final SigEvent sigEvent;
        final DriverClock driverClock;
        PosixClockTimer driverTimer;
        HrTimer monotonic;
        HrTimer realtime;
        /** The hrtimer armed now, or null. */
        HrTimer hr;
        boolean armed;
        long interval;
        /** Bumped by every timer_settime: the latest one arms. */
        long setSeq;
        boolean deleted;
        long expirations;
        int lastOverrun;
        boolean pending;
        long pendingOverrun;
        /** Callback notifications being delivered now, and the thread of the latest; see {@link #awaitNotifications()}. */
        int notifying;
        Thread notifyingThread;

        PTimer(int id, int clockId, Owner owner, SigEvent sigEvent, DriverClock driverClock) {
            this.id = id;
            this.clockId = clockId;
            this.owner = owner;
            this.sigEvent = sigEvent;
            this.driverClock = driverClock;
        }

        HrTimer hrTimer(HrTimerClock base) {
            if (base == HrTimerClock.REALTIME) {
                if (realtime == null) {
                    realtime = hrTimers.newTimer(base, 0, this::hrExpired);
                }
                return realtime;
            }
            if (monotonic == null) {
                monotonic = hrTimers.newTimer(base, 0, this::hrExpired);
            }
            return monotonic;
        }

        /** The hrtimer callback: forwards an interval timer, counting the intervals skipped as overruns. */
        HrTimerRestart hrExpired(HrTimer timer) {
            boolean restart;
            int overrun;
            boolean notify;
            synchronized (this) {
                if (deleted || !armed || hr != timer) {
                    return HrTimerRestart.NORESTART;
                }
                long skipped = 0;
                restart = interval > 0;
                if (restart) {
                    skipped = Math.max(0, timer.forward(timer.now(), interval) - 1);
                } else {
                    armed = false;
                    hr = null;
                }
                overrun = expired(skipped);
                notify = beginNotify();
            }
            if (notify) {
                deliver(overrun);
            }
            return restart ? HrTimerRestart.RESTART : HrTimerRestart.NORESTART;
        }

        /** A driver timer expired. */
        void driverExpired(int overruns) {
            int overrun;
            boolean notify;
            synchronized (this) {
                if (deleted) {
                    return;
                }
                overrun = expired(Math.max(0, overruns));
                notify = beginNotify();
            }
            if (notify) {
                deliver(overrun);
            }
        }

        /** Whether the owner is to be called back; if so counts the notification as in progress. Holds the monitor. */
        boolean beginNotify() {
            if (sigEvent.kind() != SigEvent.Kind.CALLBACK) {
                return false;
            }
            notifying++;
            notifyingThread = Thread.currentThread();
            return true;
        }

        /** Calls the owner back outside the monitor, then ends the notification (waking a waiting delete). */
        void deliver(int overrun) {
            try {
                notifyOwner(overrun);
            } finally {
                synchronized (this) {
                    if (--notifying == 0) {
                        notifyingThread = null;
                    }
                    notifyAll();
                }
            }
        }

        /**
         * Waits until no notification of this (deleted) timer is being delivered on another
         * thread, so that none reaches the owner after timer_delete returned, whatever the expiry
         * source's cancel does (a driver's {@code PosixClockTimer.delete()} need not wait). Called
         * from the timer's own notification, it does not wait for that one.
         */
        synchronized void awaitNotifications() {
            boolean interrupted = false;
            while (notifying > (notifyingThread == Thread.currentThread() ? 1 : 0)) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Accounts one expiration that skipped {@code skipped} others; returns the overrun to report. Holds the monitor. */
        int expired(long skipped) {
            expirations = saturatedAdd(expirations, saturatedAdd(skipped, 1));
            if (sigEvent.kind() == SigEvent.Kind.QUEUED) {
                if (pending) {
                    pendingOverrun = saturatedAdd(pendingOverrun, saturatedAdd(skipped, 1));
                } else {
                    pending = true;
                    pendingOverrun = skipped;
                }
                return 0;
            }
            lastOverrun = cap(skipped);
            return lastOverrun;
        }

        void notifyOwner(int overrun) {
            if (sigEvent.kind() != SigEvent.Kind.CALLBACK) {
                return;
            }
            try {
                sigEvent.notifier().expired(id, overrun);
            } catch (RuntimeException e) {
                errorLog.accept("posix timer " + id + " of " + owner + ": notification callback failed", e);
            }
        }

        /** timer_gettime of a built-in timer; holds the monitor. */
        ItimerSpec gettimeLocked() {
            if (!armed || hr == null) {
                return new ItimerSpec(0, interval);
            }
            return new ItimerSpec(Math.max(1, hr.remaining()), interval);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static int cap(long overrun) {
        return (int) Math.min(overrun, Integer.MAX_VALUE);
    }

    private PTimer timer(int timerId) {
        PTimer t = timers.get(timerId);
        if (t == null) {
            throw new PosixException(Errno.EINVAL, "no timer " + timerId);
        }
        return t;
    }

    /**
     * timer_create.
     *
     * @throws PosixException EINVAL for an unknown clock or one without timers, EAGAIN when out of ids
     */
    int timerCreate(int clockId, SigEvent notification, Owner owner) {
        if (notification == null) {
            throw new PosixException(Errno.EINVAL, "no sigevent given");
        }
        if (owner.closed) {
            throw new PosixException(Errno.EINVAL, owner.name + " no longer uses POSIX timers");
        }
        DriverClock dc = null;
        if (builtin(clockId)) {
            if (!builtinTimers(clockId)) {
                throw new PosixException(Errno.EINVAL, ClockId.name(clockId) + " has no timers");
            }
        } else {
            dc = driverClock(clockId);
            if (!dc.clock().hasTimers()) {
                throw new PosixException(Errno.EINVAL, dc.clock().name() + " has no timers");
            }
        }
        PTimer t;
        synchronized (this) {
            int id = 0;
            while (timers.containsKey(id)) {
                id++;
            }
            if (id >= MAX_TIMERS) {
                throw new PosixException(Errno.EAGAIN, "out of timer ids: " + MAX_TIMERS + " timers exist");
            }
            t = new PTimer(id, clockId, owner, notification, dc);
            timers.put(id, t);
        }
        if (dc != null) {
            try {
                PosixClockTimer driverTimer = dc.clock().createTimer(t::driverExpired);
                synchronized (t) {
                    if (!t.deleted) {
                        t.driverTimer = driverTimer;
                        driverTimer = null;
                    }
                }
                if (driverTimer != null) { // deleted meanwhile (its clock went away)
                    driverTimer.delete();
                    throw new PosixException(Errno.EINVAL, "clock " + clockId + " went away");
                }
            } catch (RuntimeException e) {
                delete(t);
                throw e;
            }
            if (driverClocks.get(clockId) != dc) {
                delete(t);
                throw new PosixException(Errno.EINVAL, "clock " + clockId + " went away");
            }
        }
        return t.id;
    }

    /** timer_settime: arms or disarms; returns the previous setting. */
    ItimerSpec timerSettime(int timerId, int flags, ItimerSpec value) {
        if (value == null) {
            throw new PosixException(Errno.EINVAL, "no itimerspec given");
        }
        if ((flags & ~PosixClocks.TIMER_ABSTIME) != 0) {
            throw new PosixException(Errno.EINVAL, "unknown timer_settime flags " + flags);
        }
        PTimer t = timer(timerId);
        if (t.driverClock != null) {
            return driverTimer(t).set(flags, value);
        }
        boolean abs = (flags & PosixClocks.TIMER_ABSTIME) != 0;
        ItimerSpec old;
        HrTimer previous;
        long seq;
        synchronized (t) {
            checkLive(t);
            old = t.gettimeLocked();
            previous = t.hr;
            t.hr = null;
            t.armed = false;
            t.interval = 0;
            seq = ++t.setSeq;
        }
        if (previous != null) {
            previous.cancel(); // outside the monitor: waits for a running callback, which needs it
        }
        if (!value.armed()) {
            return old;
        }
        synchronized (t) {
            checkLive(t);
            if (t.setSeq != seq) {
                return old; // a later timer_settime overrides this one
            }
            HrTimerClock base = abs && t.clockId == ClockId.CLOCK_REALTIME ? HrTimerClock.REALTIME : HrTimerClock.MONOTONIC;
            long time = value.valueNanos();
            if (abs && t.clockId == ClockId.CLOCK_BOOTTIME) {
                time = Math.max(0, time - (timekeeper.boottimeNanos() - timekeeper.monotonicNanos()));
            }
            HrTimer hr = t.hrTimer(base);
            t.hr = hr;
            t.armed = true;
            t.interval = value.intervalNanos();
            hr.start(time, abs ? HrTimerMode.ABS : HrTimerMode.REL);
        }
        return old;
    }

    private static void checkLive(PTimer t) {
        if (t.deleted) {
            throw new PosixException(Errno.EINVAL, "no timer " + t.id);
        }
    }

    private static PosixClockTimer driverTimer(PTimer t) {
        synchronized (t) {
            checkLive(t);
            return t.driverTimer;
        }
    }

    /** timer_gettime: time to the next expiry (0 if disarmed) and the interval. */
    ItimerSpec timerGettime(int timerId) {
        PTimer t = timer(timerId);
        if (t.driverClock != null) {
            return driverTimer(t).get();
        }
        synchronized (t) {
            checkLive(t);
            return t.gettimeLocked();
        }
    }

    /** timer_getoverrun: the overrun of the last delivered expiration. */
    int timerGetoverrun(int timerId) {
        PTimer t = timer(timerId);
        synchronized (t) {
            checkLive(t);
            return t.lastOverrun;
        }
    }

    /** Takes a queued notification; null if none is pending. */
    SigInfo takeNotification(int timerId) {
        PTimer t = timer(timerId);
        if (t.sigEvent.kind() != SigEvent.Kind.QUEUED) {
            throw new PosixException(Errno.EINVAL, "timer " + timerId + " does not queue notifications");
        }
        synchronized (t) {
            checkLive(t);
            if (!t.pending) {
                return null;
            }
            t.pending = false;
            t.lastOverrun = cap(t.pendingOverrun);
            t.pendingOverrun = 0;
            return new SigInfo(t.id, t.lastOverrun);
        }
    }

    /**
     * timer_delete. Returns once no notification of the timer runs any more: one being delivered
     * on another CPU is waited for (so, as with hrtimer_cancel, two notifications must not delete
     * each other's timers), one calling this for its own timer is not.
     */
    void timerDelete(int timerId) {
        if (!delete(timer(timerId))) {
            throw new PosixException(Errno.EINVAL, "no timer " + timerId);
        }
    }

    /**
     * Ends a timer: unlisted first, then its hrtimers or driver timer released, then a notification
     * still being delivered on another CPU is waited for; false if already gone.
     */
    private boolean delete(PTimer t) {
        HrTimer mono;
        HrTimer real;
        PosixClockTimer driver;
        synchronized (t) {
            if (t.deleted) {
                return false;
            }
            t.deleted = true;
            t.armed = false;
            t.hr = null;
            t.pending = false;
            mono = t.monotonic;
            real = t.realtime;
            driver = t.driverTimer;
        }
        timers.remove(t.id, t);
        if (mono != null) {
            mono.cancel();
        }
        if (real != null) {
            real.cancel();
        }
        if (driver != null) {
            try {
                driver.delete();
            } catch (RuntimeException e) {
                errorLog.accept("posix timer " + t.id + " on " + t.driverClock.clock().name() + ": timer_del failed", e);
            }
        }
        t.awaitNotifications();
        return true;
    }

    /** Deletes every timer of {@code owner} (the bundle stopped); returns how many. */
    int cancelAll(Owner owner) {
        int n = 0;
        for (PTimer t : timers.values()) {
            if (t.owner == owner && delete(t)) {
                n++;
            }
        }
        return n;
    }

    /** Deletes every timer (the service stops); returns how many. */
    int deleteAll() {
        int n = 0;
        for (PTimer t : timers.values()) {
            if (delete(t)) {
                n++;
            }
        }
        return n;
    }

    /** Every timer, by id. */
    List<PosixTimerInfo> timers() {
        List<PTimer> all = new ArrayList<>(timers.values());
        all.sort(Comparator.comparingInt(t -> t.id));
        List<PosixTimerInfo> infos = new ArrayList<>(all.size());
        for (PTimer t : all) {
            ItimerSpec spec;
            long expirations;
            int lastOverrun;
            PosixClockTimer driver;
            synchronized (t) {
                if (t.deleted) {
                    continue;
                }
                spec = t.driverClock == null ? t.gettimeLocked() : null;
                driver = t.driverTimer;
                expirations = t.expirations;
                lastOverrun = t.lastOverrun;
            }
            if (spec == null) {
                spec = driver == null ? ItimerSpec.DISARMED : driver.get();
            }
            infos.add(new PosixTimerInfo(t.id, t.clockId, t.owner.name, t.sigEvent.kind(), spec.armed(),
                    spec.valueNanos(), spec.intervalNanos(), expirations, lastOverrun));
        }
        return Collections.unmodifiableList(infos);
    }
}
