package io.jiffy.clockevents.internal;

import java.util.Objects;

import io.jiffy.clockevent.HrTimer;
import io.jiffy.clockevent.HrTimerCallback;
import io.jiffy.clockevent.HrTimerClock;
import io.jiffy.clockevent.HrTimerMode;

/**
 * A high-resolution timer (the kernel's {@code struct hrtimer}). Its expiry is kept on the base
 * it is queued on: absolute CLOCK_REALTIME timers on the REALTIME base (they follow the clock
 * when it is set), everything else on the MONOTONIC base (a relative CLOCK_REALTIME timer runs
 * for its duration, as the kernel's {@code __hrtimer_init} arranges).
 *
 * <p>User operations ({@link #start}, {@link #cancel}) serialize on the timer; queue fields
 * change only under the monitor of the base that holds the timer.
 */
final class HrTimerImpl implements HrTimer {

    final TickCore core;
    final HrTimerClock clock;
    final int homeCpu;
    final HrTimerCallback callback;
    final String owner;

    /** Expiry on the base clock; stable while queued. */
    long expires;
    /** Start order, for equal expiries. */
    long seq;
    /** Whether the expiry is on the REALTIME base. */
    volatile boolean realtimeBase;
    /** The base holding it, null when not queued. */
    volatile CpuBase queuedOn;
    /** The thread running its callback, null when not running. */
    volatile Thread runningThread;
    /** Callbacks that threw. */
    volatile long errors;

    HrTimerImpl(TickCore core, HrTimerClock clock, int homeCpu, HrTimerCallback callback, String owner) {
        this.core = core;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.homeCpu = homeCpu;
        this.callback = Objects.requireNonNull(callback, "callback");
        this.owner = owner;
        this.realtimeBase = clock == HrTimerClock.REALTIME;
    }

    @Override
    public HrTimerClock clock() {
        return clock;
    }

    @Override
    public void start(long time, HrTimerMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (mode == HrTimerMode.REL && time < 0) {
            throw new IllegalArgumentException("hrtimer start: a relative time must not be negative, got " + time + " ns");
        }
        synchronized (this) {
            core.dequeue(this);
            boolean onRealtime = clock == HrTimerClock.REALTIME && mode == HrTimerMode.ABS;
            long exp = mode == HrTimerMode.ABS ? time : TickCore.saturatedAdd(core.monotonicNanos(), time);
            core.enqueue(this, exp, onRealtime);
        }
    }

    @Override
    public boolean cancel() {
        boolean active = false;
        for (;;) {
            synchronized (this) {
                active |= core.dequeue(this);
            }
            Thread running = runningThread;
            if (running == null || running == Thread.currentThread()) {
                return active || running != null;
            }
            active = true;
            // wait for the callback on another CPU, then remove a restart it queued (hrtimer_cancel)
            while (runningThread == running) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public boolean active() {
        return queuedOn != null || runningThread != null;
    }

    @Override
    public long expires() {
        long e = expires;
        if (clock == HrTimerClock.REALTIME && !realtimeBase) {
            return TickCore.saturatedAdd(e, core.realtimeOffset());
        }
        return e;
    }

    @Override
    public long remaining() {
        return expires - (realtimeBase ? core.realtimeNanos() : core.monotonicNanos());
    }

    @Override
    public long now() {
        return clock == HrTimerClock.REALTIME ? core.realtimeNanos() : core.monotonicNanos();
    }

    @Override
    public long forward(long now, long interval) {
        if (queuedOn != null) {
            throw new IllegalStateException("hrtimer forward: the timer is queued; forward it from its callback "
                    + "or after cancel");
        }
        long baseNow = clock == HrTimerClock.REALTIME && !realtimeBase ? now - core.realtimeOffset() : now;
        long delta = baseNow - expires;
        if (delta < 0) {
            return 0;
        }
        long incr = Math.max(interval, core.resolutionNanos());
        long orun = 1;
        if (delta >= incr) {
            orun = delta / incr;
            expires = TickCore.saturatedAdd(expires, TickCore.saturatedMul(incr, orun));
            if (expires > baseNow) {
                return orun;
            }
            orun++;
        }
        expires = TickCore.saturatedAdd(expires, incr);
        return orun;
    }

    @Override
    public String toString() {
        return "hrtimer " + clock + " of " + owner + " expires " + expires;
    }
}
