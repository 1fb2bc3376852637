package io.jiffy.shell.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.jiffy.timer.Timer;
import io.jiffy.timer.TimerFunction;
import io.jiffy.timer.TimerInfo;
import io.jiffy.timer.TimerLockup;
import io.jiffy.timer.TimerStats;
import io.jiffy.timer.TimerWheel;

/** A hand-made TimerWheel for command tests: a list of timers, jiffies moved by {@link #advance}. */
class StubTimerWheel implements TimerWheel {

    final int hz;
    long jiffies;
    long expired;
    /** What the soft-lockup part reports: 0 = detection off. */
    long softLockupThreshold;
    long lockups;
    TimerLockup lastLockup;
    private long ids;
    final List<StubTimer> timers = new ArrayList<>();

    StubTimerWheel(int hz, long jiffies) {
        this.hz = hz;
        this.jiffies = jiffies;
    }

    /** Moves jiffies forward one by one, firing due timers in expiry order. */
    void advance(long by) {
        for (long i = 0; i < by; i++) {
            jiffies++;
            for (StubTimer t : new ArrayList<>(timers)) {
                if (t.pending && t.expires <= jiffies) {
                    t.pending = false;
                    expired++;
                    t.function.run(t);
                }
            }
        }
    }

    final class StubTimer implements Timer {
        final long id = ++ids;
        final TimerFunction function;
        boolean pending;
        long expires;

        StubTimer(TimerFunction function) {
            this.function = function;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public void add(long e) {
            if (pending) {
                throw new IllegalStateException("pending");
            }
            mod(e);
        }

        @Override
        public boolean mod(long e) {
            boolean was = pending;
            pending = true;
            expires = e;
            return was;
        }

        @Override
        public boolean del() {
            boolean was = pending;
            pending = false;
            return was;
        }

        @Override
        public boolean delSync() {
            return del();
        }

        @Override
        public boolean pending() {
            return pending;
        }

        @Override
        public long expires() {
            return expires;
        }

        @Override
        public int cpu() {
            return 0;
        }
    }

    @Override
    public Timer newTimer(TimerFunction function) {
        StubTimer t = new StubTimer(function);
        timers.add(t);
        return t;
    }

    @Override
    public Timer newTimer(TimerFunction function, int cpu) {
        return newTimer(function);
    }

    @Override
    public long jiffies() {
        return jiffies;
    }

    @Override
    public int hz() {
        return hz;
    }

    @Override
    public long msecsToJiffies(long msecs) {
        return (msecs * hz + 999) / 1000;
    }

    @Override
    public long usecsToJiffies(long usecs) {
        return (usecs * hz + 999_999) / 1_000_000;
    }

    @Override
    public long nsecsToJiffies(long nsecs) {
        return (nsecs * hz + 999_999_999) / 1_000_000_000;
    }

    @Override
    public long jiffiesToMsecs(long j) {
        return j * 1000 / hz;
    }

    @Override
    public long jiffiesToUsecs(long j) {
        return j * 1_000_000 / hz;
    }

    @Override
    public List<TimerInfo> pending() {
        List<TimerInfo> out = new ArrayList<>();
        for (StubTimer t : timers) {
            if (t.pending) {
                out.add(new TimerInfo(t.id, 0, t.expires, Math.max(0, t.expires - jiffies), "demo", "io.jiffy.shell"));
            }
        }
        out.sort(Comparator.comparingLong(TimerInfo::expires));
        return out;
    }

    @Override
    public List<TimerStats> stats() {
        long pending = timers.stream().filter(t -> t.pending).count();
        return List.of(new TimerStats(0, 3, 1, 1, expired, 2, 0, pending, lockups));
    }

    @Override
    public TimerLockup lastLockup() {
        return lastLockup;
    }

    @Override
    public long softLockupThresholdNanos() {
        return softLockupThreshold;
    }
}
