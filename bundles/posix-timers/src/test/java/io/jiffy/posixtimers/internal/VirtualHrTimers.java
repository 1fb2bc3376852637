package io.jiffy.posixtimers.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.jiffy.clockevent.HrTimer;
import io.jiffy.clockevent.HrTimerCallback;
import io.jiffy.clockevent.HrTimerClock;
import io.jiffy.clockevent.HrTimerMode;
import io.jiffy.clockevent.HrTimerRestart;
import io.jiffy.clockevent.HrTimers;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.internal.MachineCore;

/**
 * A small, faithful {@link HrTimers} for unit tests over a virtual {@link MachineCore}: each timer
 * has an IRQ line whose comparator is armed for its expiry, so callbacks run at the exact expiry
 * on the timer's CPU during {@code advance}. RESTART re-queues at the forwarded expiry, REALTIME
 * timers follow a clock set ({@link #clockWasSet()}), and {@link #lateNanos} makes every
 * expiry arrive that much late (a clock-event device that delivers late). Over a real-mode
 * machine it keeps the {@link HrTimer#cancel()} contract (hrtimer_cancel): a callback running on
 * another thread is waited for, and a restart it queued is removed.
 */
final class VirtualHrTimers implements HrTimers {

    private final MachineCore machine;
    private final TestTimekeeper timekeeper;
    private final List<Timer> timers = new CopyOnWriteArrayList<>();
    /** How late each expiry is delivered. */
    volatile long lateNanos;

    VirtualHrTimers(MachineCore machine, TestTimekeeper timekeeper) {
        this.machine = machine;
        this.timekeeper = timekeeper;
        timekeeper.clockWasSet = this::clockWasSet;
    }

    @Override
    public HrTimer newTimer(HrTimerClock clock, int cpu, HrTimerCallback callback) {
        Timer t = new Timer(clock, cpu, callback);
        timers.add(t);
        return t;
    }

    @Override
    public long resolutionNanos() {
        return 1;
    }

    /** Re-programs the queued REALTIME timers after the time was set (clock_was_set). */
    void clockWasSet() {
        for (Timer t : timers) {
            if (t.clock == HrTimerClock.REALTIME) {
                synchronized (t) {
                    if (t.queued) {
                        t.program();
                    }
                }
            }
        }
    }

    /** Timers queued now. */
    long queued() {
        return timers.stream().filter(t -> t.queued).count();
    }

    /** One test hrtimer. */
    private final class Timer implements HrTimer {
        final HrTimerClock clock;
        final HrTimerCallback callback;
        final IrqLine line;
        long expires;
        boolean queued;
        /** The machine time the line is armed for; a match before it is stale (re-armed meanwhile). */
        long armedAt;
        volatile boolean running;
        /** The thread running the callback; guarded by this. */
        Thread runningThread;

        Timer(HrTimerClock clock, int cpu, HrTimerCallback callback) {
            this.clock = clock;
            this.callback = callback;
            this.line = machine.requestIrq("hrtimer", cpu, l -> fire());
        }

        @Override
        public HrTimerClock clock() {
            return clock;
        }

        @Override
        public synchronized void start(long time, HrTimerMode mode) {
            if (mode == HrTimerMode.REL && time < 0) {
                throw new IllegalArgumentException("negative relative time " + time);
            }
            expires = mode == HrTimerMode.ABS ? time : now() + time;
            queued = true;
            program();
        }

        /** Arms the line for the expiry in machine time, plus the lateness; holds the monitor. */
        void program() {
            long machineNanos = clock == HrTimerClock.REALTIME ? expires - timekeeper.realtimeOffset : expires;
            armedAt = Math.max(0, machineNanos) + lateNanos;
            line.raiseAt(armedAt);
        }

        @Override
        public synchronized boolean cancel() {
            boolean was = queued || running;
            for (;;) {
                queued = false;
                line.cancel();
                if (!running || runningThread == Thread.currentThread()) {
                    return was;
                }
                try {
                    wait(); // the callback on another CPU: it notifies when done
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return was;
                }
            }
        }

        @Override
        public boolean active() {
            return queued || running;
        }

        @Override
        public synchronized long expires() {
            return expires;
        }

        @Override
        public synchronized long remaining() {
            return expires - now();
        }

        @Override
        public long now() {
            return clock == HrTimerClock.REALTIME ? timekeeper.realtimeNanos() : timekeeper.monotonicNanos();
        }

        @Override
        public synchronized long forward(long now, long interval) {
            if (queued) {
                throw new IllegalStateException("forward of a queued timer");
            }
            long delta = now - expires;
            if (delta < 0) {
                return 0;
            }
            long incr = Math.max(interval, resolutionNanos());
            long orun = 1;
            if (delta >= incr) {
                orun = delta / incr;
                expires += incr * orun;
                if (expires > now) {
                    return orun;
                }
                orun++;
            }
            expires += incr;
            return orun;
        }

        private void fire() {
            synchronized (this) {
                if (!queued) {
                    return;
                }
                if (machine.nanoTime() < armedAt) {
                    line.raiseAt(armedAt); // a match of an earlier arming, taken as it was moved later
                    return;
                }
                queued = false;
                running = true;
                runningThread = Thread.currentThread();
            }
            HrTimerRestart restart = HrTimerRestart.NORESTART;
            try {
                restart = callback.expired(this);
            } finally {
                synchronized (this) {
                    if (restart == HrTimerRestart.RESTART && !queued) {
                        queued = true;
                        program();
                    }
                    running = false;
                    runningThread = null;
                    notifyAll();
                }
            }
        }
    }
}
