package io.jiffy.timekeeping.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import io.jiffy.clocksource.ClockSetListener;
import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.clocksource.ClockSourceInfo;
import io.jiffy.clocksource.CycleConverter;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.Machine;

/**
 * The timekeeper itself (the kernel's {@code timekeeping.c} and {@code clocksource.c}): the
 * clocksource registry, selection by rating, accumulation of time across switches, the
 * housekeeping interrupt that keeps narrow counters from wrapping unseen, the watchdog, and
 * CLOCK_REALTIME. Plain Java: built with a {@link Machine}, fed sources with
 * {@link #addSource}/{@link #removeSource}, started with {@link #start()}.
 *
 * <p><b>Read path: a sequence count over immutable snapshots.</b> All state a reader needs
 * (the current source, its mask and mult/shift, the cycle count and nanoseconds at the last
 * accumulation, the sub-nanosecond remainder, the realtime offset) lives in one immutable
 * {@link Snapshot} published through a volatile field. A writer makes the volatile sequence
 * count odd before it reads any counter and even again after it published the new snapshot; a
 * reader takes the count, the snapshot, reads the counter, and retries if the count was odd or
 * changed. So a reader never combines a snapshot with a counter value read after a newer
 * snapshot's accumulation point, and concurrent readers see one non-decreasing CLOCK_MONOTONIC.
 * Reads never lock and never allocate.
 *
 * <p><b>Writers</b> (accumulation, switching, the watchdog, setting realtime, configuration)
 * are serialized by one lock that readers never take. Driver callbacks ({@code enable},
 * {@code disable}, {@code markUnstable}), logging and {@link ClockSetListener}s run outside the
 * odd-count window, so they may read the clocks themselves; listeners run outside the lock.
 *
 * <p><b>Exact accumulation.</b> {@code ns = (delta * mult + remainder) >> shift} at 128 bits,
 * keeping the shifted remainder, so accumulating in many small steps gives exactly the time of
 * one big step: no rounding drift, and no 1 ns step back when a reader moves from one snapshot
 * to the next.
 *
 * <p><b>Housekeeping.</b> An interrupt line {@code timekeeping} on CPU 0 accumulates time and
 * runs the watchdog; it is re-armed for the earlier of the next watchdog run and
 * {@link #maxIdleNanos()} after the last run, so the counter is read often enough even when no
 * tick calls {@link #updateWallTime()}.
 *
 * <p>With no clocksource registered the timekeeper reads the machine's oscillator directly
 * (an internal 64-bit 1 GHz source named {@value #FALLBACK_NAME}, not listed by
 * {@link #available()}), so time never stands still.
 */
public final class TimekeeperCore implements Timekeeper {

    /** Name of the internal source used while no clocksource is registered. */
    static final String FALLBACK_NAME = "oscillator";
    /** Owner shown for the internal fallback source. */
    static final String OWN_BUNDLE = "io.jiffy.timekeeping";
    /** Name of the housekeeping interrupt line. */
    static final String IRQ_NAME = "timekeeping";

    /**
     * The watchdog skips a round whose trusted-source reads around the checked source's read
     * lie further apart than this (the kernel's WATCHDOG_MAX_SKEW): the thread was interrupted.
     */
    static final long WATCHDOG_MAX_SKEW_NANOS = 100_000;
    /**
     * The latest CLOCK_REALTIME that {@link #setRealtime} accepts: 30 years of uptime before a
     * long of nanoseconds overflows, as Linux's {@code TIME_SETTOD_SEC_MAX} (year 2232).
     */
    static final long MAX_SETTABLE_REALTIME_NANOS = Long.MAX_VALUE - 30L * 365 * 86_400 * 1_000_000_000L;

    /** Where the core reports events: one line each. */
    public interface Log {
        /** A normal event: a source registered, selected, switched. */
        void info(String message);

        /** A source marked unstable, or a clocksource or listener that failed ({@code error} may be null). */
        void warn(String message, Throwable error);

        /** A log that drops everything. */
        Log NONE = new Log() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message, Throwable error) {
            }
        };
    }

    private final Machine machine;
    private final Log log;
    private final Iterable<ClockSetListener> listeners;
    private final Entry fallback;

    /** Every registered source in registration order; guarded by {@link #lock}. */
    private final List<Entry> entries = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();

    /** Odd while a writer is between reading counters and publishing; see the class comment. */
    private volatile long seq;
    private volatile Snapshot snap;

    // writer state, guarded by lock
    private String userChoice;
    private long watchdogIntervalNanos;
    private long watchdogThresholdNanos;
    private long nextWatchdog;
    private Entry watchdogRef;
    private IrqLine line;
    private boolean stopped;

    /**
     * A timekeeper on {@code machine}; CLOCK_MONOTONIC starts at the machine's current time and
     * CLOCK_REALTIME at the host's wall clock (real mode) or equal to CLOCK_MONOTONIC (virtual
     * mode, deterministic).
     *
     * @param listeners told when realtime is set; iterated on each set (pass a concurrent list)
     * @param watchdogIntervalNanos  how often MUST_VERIFY sources are checked
     * @param watchdogThresholdNanos the disagreement per interval beyond which a source is unstable
     */
    public TimekeeperCore(Machine machine, Log log, Iterable<ClockSetListener> listeners,
            long watchdogIntervalNanos, long watchdogThresholdNanos) {
        this.machine = machine;
        this.log = log;
        this.listeners = listeners;
        checkWatchdog(watchdogIntervalNanos, watchdogThresholdNanos);
        this.watchdogIntervalNanos = watchdogIntervalNanos;
        this.watchdogThresholdNanos = watchdogThresholdNanos;
        this.fallback = new Entry(new Oscillator(machine), OWN_BUNDLE);
        long now = machine.nanoTime();
        long offset = machine.isVirtual() ? 0 : Math.multiplyExact(System.currentTimeMillis(), 1_000_000L) - now;
        this.snap = new Snapshot(fallback, fallback.cs.read(), now, 0, offset);
        this.nextWatchdog = now + watchdogIntervalNanos;
    }

    private static void checkWatchdog(long interval, long threshold) {
        if (interval <= 0 || threshold <= 0) {
            throw new IllegalArgumentException("watchdog interval and threshold must be positive, got "
                    + interval + " ns and " + threshold + " ns");
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Requests the housekeeping line on CPU 0 and arms it. */
    public void start() {
        lock.lock();
        try {
            if (line == null && !stopped) {
                line = machine.requestIrq(IRQ_NAME, 0, l -> housekeeping());
                rearm(machine.nanoTime());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Frees the housekeeping line and disables the current source; the clocks stay readable. */
    public void stop() {
        Entry current;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            stopped = true;
            if (line != null) {
                line.free();
                line = null;
            }
            accumulate();
            current = snap.src;
        } finally {
            lock.unlock();
        }
        if (current != fallback) {
            disable(current);
        }
    }

    /** Changes the watchdog's interval and threshold (both positive, in ns). */
    public void configureWatchdog(long intervalNanos, long thresholdNanos) {
        checkWatchdog(intervalNanos, thresholdNanos);
        lock.lock();
        try {
            watchdogIntervalNanos = intervalNanos;
            watchdogThresholdNanos = thresholdNanos;
            long now = machine.nanoTime();
            nextWatchdog = now + intervalNanos;
            resetWatchdog();
            rearm(now);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- registry

    /** A clocksource service appeared; {@code owner} is the registering bundle's symbolic name. */
    public void addSource(ClockSource cs, String owner) {
        Entry e = new Entry(cs, owner);
        Switch sw;
        lock.lock();
        try {
            if (find(cs) != null) {
                return;
            }
            entries.add(e);
            e.progressLast = cs.read();
            e.progressAt = machine.nanoTime();
            log.info("clocksource " + e.name + " registered by " + owner + ": rating " + e.rating + ", "
                    + e.conv.frequencyHz() + " Hz, " + ClockSource.bits(e.mask) + " bits, flags " + e.flags);
            Entry ref = watchdogReference();
            if (ref != watchdogRef) {
                watchdogRef = ref;
                resetWatchdog();
            } else if (ref != null && e.mustVerify()) {
                baseline(e, ref);
            }
            sw = reselect("a better clocksource appeared");
        } finally {
            lock.unlock();
        }
        sw.complete();
    }

    /**
     * A clocksource service is going away; it is still readable during this call, so time is
     * accumulated on it up to here if it was current.
     */
    public void removeSource(ClockSource cs) {
        Switch sw;
        lock.lock();
        try {
            Entry e = find(cs);
            if (e == null) {
                return;
            }
            boolean wasCurrent = snap.src == e;
            if (wasCurrent) {
                // switch while it is still readable; removed from the list so it is not chosen again
                entries.remove(e);
                sw = switchTo(best(), "clocksource " + e.name + " went away");
            } else {
                entries.remove(e);
                sw = Switch.NONE;
            }
            log.info("clocksource " + e.name + " of " + e.owner + " unregistered");
            Entry ref = watchdogReference();
            if (ref != watchdogRef) {
                watchdogRef = ref;
                resetWatchdog();
            }
        } finally {
            lock.unlock();
        }
        sw.complete();
    }

    private Entry find(ClockSource cs) {
        for (Entry e : entries) {
            if (e.cs == cs) {
                return e;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- reads (lock-free)

    @Override
    public long monotonicNanos() {
        while (true) {
            long s1 = seq;
            Snapshot s = snap;
            long now = s.src.cs.read();
            if ((s1 & 1) == 0 && seq == s1) {
                return s.mono + s.elapsed(now);
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public long realtimeNanos() {
        while (true) {
            long s1 = seq;
            Snapshot s = snap;
            long now = s.src.cs.read();
            if ((s1 & 1) == 0 && seq == s1) {
                return s.mono + s.elapsed(now) + s.realOffset;
            }
            Thread.onSpinWait();
        }
    }

    /** Equal to CLOCK_MONOTONIC: Jiffy never adjusts a source's frequency (no NTP), so raw and adjusted time agree. */
    @Override
    public long rawNanos() {
        return monotonicNanos();
    }

    /** Equal to CLOCK_MONOTONIC: the machine never suspends. */
    @Override
    public long boottimeNanos() {
        return monotonicNanos();
    }

    @Override
    public long monotonicCoarseNanos() {
        return snap.mono;
    }

    @Override
    public long realtimeCoarseNanos() {
        Snapshot s = snap;
        return s.mono + s.realOffset;
    }

    @Override
    public long maxIdleNanos() {
        return snap.src.maxIdleNanos;
    }

    // ---------------------------------------------------------------- writers

    @Override
    public void updateWallTime() {
        lock.lock();
        try {
            accumulate();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setRealtime(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("realtime must not be negative (before 1970), got " + nanos + " ns");
        }
        if (nanos > MAX_SETTABLE_REALTIME_NANOS) {
            throw new IllegalArgumentException("realtime " + nanos + " ns is too late: CLOCK_REALTIME could overflow; "
                    + "the latest settable time is " + MAX_SETTABLE_REALTIME_NANOS + " ns");
        }
        long delta;
        lock.lock();
        try {
            seq++;
            try {
                Snapshot s = advanced(snap);
                long old = s.mono + s.realOffset;
                delta = nanos - old;
                snap = new Snapshot(s.src, s.cycleLast, s.mono, s.rem, nanos - s.mono);
            } finally {
                seq++;
            }
        } finally {
            lock.unlock();
        }
        log.info("realtime set to " + nanos + " ns (moved by " + delta + " ns)");
        for (ClockSetListener l : listeners) {
            try {
                l.clockWasSet(delta);
            } catch (RuntimeException | LinkageError e) {
                log.warn("clock-set listener " + l + " failed: " + e, e);
            }
        }
    }

    @Override
    public ClockSourceInfo current() {
        lock.lock();
        try {
            return info(snap.src);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ClockSourceInfo> available() {
        lock.lock();
        try {
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort(bestFirst);
            List<ClockSourceInfo> infos = new ArrayList<>(sorted.size());
            for (Entry e : sorted) {
                infos.add(info(e));
            }
            return Collections.unmodifiableList(infos);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void select(String name) {
        Switch sw;
        lock.lock();
        try {
            Entry chosen = null;
            for (Entry e : entries) {
                if (e.name.equals(name)) {
                    chosen = e;
                    break;
                }
            }
            if (chosen == null) {
                throw new IllegalArgumentException("no clocksource named '" + name + "'; available: " + names(false));
            }
            if (chosen.unstable) {
                throw new IllegalArgumentException("clocksource '" + name + "' was marked unstable by the watchdog ("
                        + chosen.unstableReason + "); stable ones: " + names(true));
            }
            userChoice = name;
            log.info("clocksource " + name + " selected by the user");
            sw = reselect("selected by the user");
        } finally {
            lock.unlock();
        }
        sw.complete();
    }

    @Override
    public void selectAutomatic() {
        Switch sw;
        lock.lock();
        try {
            if (userChoice != null) {
                log.info("clocksource selection back to automatic (was " + userChoice + ")");
            }
            userChoice = null;
            sw = reselect("automatic selection");
        } finally {
            lock.unlock();
        }
        sw.complete();
    }

    @Override
    public boolean userSelected() {
        lock.lock();
        try {
            return userChoice != null && snap.src.name.equals(userChoice) && snap.src != fallback;
        } finally {
            lock.unlock();
        }
    }

    private String names(boolean stableOnly) {
        List<String> names = entries.stream().filter(e -> !stableOnly || !e.unstable).map(e -> e.name)
                .distinct().collect(Collectors.toList());
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    // ---------------------------------------------------------------- internals (lock held)

    /** Accumulates the time elapsed on the current source into a new snapshot. */
    private void accumulate() {
        seq++;
        try {
            snap = advanced(snap);
        } finally {
            seq++;
        }
    }

    /** The snapshot {@code s} moved forward to the current counter value; call with an odd sequence. */
    private static Snapshot advanced(Snapshot s) {
        long now = s.src.cs.read();
        long delta = s.delta(now);
        long hi = Math.multiplyHigh(delta, s.src.mult);
        long lo = delta * s.src.mult;
        long lo2 = lo + s.rem;
        if (Long.compareUnsigned(lo2, lo) < 0) {
            hi++;
        }
        int shift = s.src.shift;
        long ns = (hi << (64 - shift)) | (lo2 >>> shift);
        long rem = lo2 & ((1L << shift) - 1);
        return new Snapshot(s.src, now, s.mono + ns, rem, s.realOffset);
    }

    /** The source selection wants now: the user's choice while usable, else the best by rating. */
    private Entry best() {
        if (userChoice != null) {
            for (Entry e : entries) {
                if (e.name.equals(userChoice) && !e.unstable) {
                    return e;
                }
            }
        }
        Entry best = null;
        for (Entry e : entries) {
            if (best == null || e.effectiveRating() > best.effectiveRating()) {
                best = e;
            }
        }
        return best == null ? fallback : best;
    }

    private Switch reselect(String why) {
        return switchTo(best(), why);
    }

    /**
     * Makes {@code next} current: accumulates on the old source up to now, then continues from
     * the new source's counter. Returns the driver callbacks to run once the lock is released
     * ({@link Switch#complete()}).
     */
    private Switch switchTo(Entry next, String why) {
        Entry old = snap.src;
        if (next == old) {
            return Switch.NONE;
        }
        seq++;
        try {
            Snapshot s = advanced(snap);
            snap = new Snapshot(next, next.cs.read(), s.mono, 0, s.realOffset);
        } finally {
            seq++;
        }
        log.info("clocksource switched from " + old.name + " to " + next.name + " (rating " + next.rating
                + ", owner " + next.owner + "): " + why);
        if (line != null) {
            rearm(machine.nanoTime());
        }
        return new Switch(this, old == fallback ? null : old, next == fallback ? null : next);
    }

    /** The watchdog's trusted source: the best stable source that needs no verification. */
    private Entry watchdogReference() {
        Entry ref = null;
        for (Entry e : entries) {
            if (!e.unstable && !e.mustVerify() && (ref == null || e.rating > ref.rating)) {
                ref = e;
            }
        }
        return ref;
    }

    private void resetWatchdog() {
        for (Entry e : entries) {
            e.wdValid = false;
        }
        if (watchdogRef != null) {
            for (Entry e : entries) {
                if (e.mustVerify() && !e.unstable) {
                    baseline(e, watchdogRef);
                }
            }
        }
    }

    /** Takes {@code e}'s watchdog baseline against {@code ref}: reads ref, e, ref. */
    private static void baseline(Entry e, Entry ref) {
        long w1 = ref.cs.read();
        long c = e.cs.read();
        long w2 = ref.cs.read();
        long skew = ref.conv.toNanos(Math.min((w2 - w1) & ref.mask, ref.conv.maxCycles()));
        e.wdValid = skew <= WATCHDOG_MAX_SKEW_NANOS;
        e.wdRefLast = w1;
        e.wdLast = c;
        e.wdSkew = skew;
    }

    /** Runs on the housekeeping line: accumulate, watchdog when due, re-arm. */
    private void housekeeping() {
        List<Runnable> after = new ArrayList<>(0);
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            accumulate();
            long now = machine.nanoTime();
            if (now - nextWatchdog >= 0) {
                nextWatchdog = now + watchdogIntervalNanos;
                after.addAll(watchdog());
            }
            rearm(machine.nanoTime());
        } finally {
            lock.unlock();
        }
        for (Runnable r : after) {
            r.run();
        }
    }

    /**
     * One watchdog round (the kernel's {@code clocksource_watchdog}): compares every verified
     * source's elapsed time with the trusted source's since the last round. Returns driver
     * callbacks to run outside the lock.
     */
    private List<Runnable> watchdog() {
        List<Runnable> after = new ArrayList<>(0);
        boolean stuck = markStuck(after);
        Entry ref = watchdogReference();
        if (ref != watchdogRef || ref == null) {
            if (ref != watchdogRef) {
                watchdogRef = ref;
                resetWatchdog();
            }
            if (stuck && best() != snap.src) {
                Switch sw = reselect("the watchdog found the current source stuck");
                after.add(sw::complete);
            }
            return after;
        }
        boolean lostCurrent = false;
        for (Entry e : List.copyOf(entries)) {
            if (!e.mustVerify() || e.unstable) {
                continue;
            }
            if (!e.wdValid) {
                baseline(e, ref);
                continue;
            }
            long w1 = ref.cs.read();
            long c = e.cs.read();
            long w2 = ref.cs.read();
            long skew = ref.conv.toNanos(Math.min((w2 - w1) & ref.mask, ref.conv.maxCycles()));
            long wdCycles = (w1 - e.wdRefLast) & ref.mask;
            long csCycles = (c - e.wdLast) & e.mask;
            long prevSkew = e.wdSkew;
            e.wdRefLast = w1;
            e.wdLast = c;
            e.wdSkew = skew;
            if (wdCycles == 0 && csCycles != 0) {
                e.wdValid = false; // the trusted source did not count: it cannot judge (see markStuck)
                continue;
            }
            if (skew > WATCHDOG_MAX_SKEW_NANOS || wdCycles > ref.conv.maxCycles() || csCycles > e.conv.maxCycles()) {
                e.wdValid = false; // disturbed read or an interval too long to convert: no verdict
                continue;
            }
            long wdNanos = ref.conv.toNanos(wdCycles);
            long csNanos = e.conv.toNanos(csCycles);
            if (wdNanos > Math.min(ref.maxIdleNanos, e.maxIdleNanos)) {
                continue; // a counter may have wrapped unseen since the baseline: no verdict
            }
            // the threshold is per interval; scale it to the interval actually measured (at least
            // 1 ns), plus the read uncertainty of both rounds and 1 ns of rounding per conversion
            long scaled = (long) ((double) watchdogThresholdNanos * wdNanos / watchdogIntervalNanos);
            long allowed = Math.max(1, scaled) + skew + prevSkew + 2;
            long diff = Math.abs(csNanos - wdNanos);
            if (diff > allowed) {
                String reason = String.format("clocksource watchdog: %s ran %d ns while %s ran %d ns "
                        + "(%d ns apart, %d allowed)", e.name, csNanos, ref.name, wdNanos, diff, allowed);
                e.unstable = true;
                e.unstableReason = String.format("%d ns off %s in %d ns", csNanos - wdNanos, ref.name, wdNanos);
                e.wdValid = false;
                log.warn("clocksource " + e.name + " marked unstable: " + reason, null);
                ClockSource cs = e.cs;
                after.add(() -> {
                    try {
                        cs.markUnstable(reason);
                    } catch (RuntimeException | LinkageError x) {
                        log.warn("clocksource " + e.name + " markUnstable failed: " + x, x);
                    }
                });
                lostCurrent |= snap.src == e;
            }
        }
        if (lostCurrent || stuck || best() != snap.src) {
            Switch sw = reselect("the watchdog marked the current source unstable");
            after.add(sw::complete);
        }
        return after;
    }

    /**
     * Marks unstable every stable source whose counter has not moved for at least a watchdog
     * interval of machine time although it should have counted two cycles or more in that time:
     * a CONTINUOUS counter that stands still is stuck, whether or not it is MUST_VERIFY, and even
     * when it is the watchdog's trusted source (which then can no longer demote the sources it
     * checks). Returns whether one was marked; driver callbacks go to {@code after}.
     */
    private boolean markStuck(List<Runnable> after) {
        long now = machine.nanoTime();
        boolean marked = false;
        for (Entry e : List.copyOf(entries)) {
            if (e.unstable) {
                continue;
            }
            long c = e.cs.read();
            if (c != e.progressLast) {
                e.progressLast = c;
                e.progressAt = now;
                continue;
            }
            long still = now - e.progressAt;
            double cycles = e.conv.frequencyHz() * (double) still / 1e9;
            if (still < watchdogIntervalNanos || cycles < 2 || (e.mask != -1L && cycles >= e.mask)) {
                continue; // not long enough to tell, or long enough for a narrow counter to have come round
            }
            String reason = String.format("clocksource watchdog: %s did not count for %d ns", e.name, still);
            e.unstable = true;
            e.unstableReason = String.format("stuck for %d ns", still);
            e.wdValid = false;
            log.warn("clocksource " + e.name + " marked unstable: " + reason, null);
            ClockSource cs = e.cs;
            after.add(() -> {
                try {
                    cs.markUnstable(reason);
                } catch (RuntimeException | LinkageError x) {
                    log.warn("clocksource " + e.name + " markUnstable failed: " + x, x);
                }
            });
            marked = true;
        }
        return marked;
    }

    /** Arms the housekeeping line for the earlier of the next watchdog round and max idle. */
    private void rearm(long now) {
        if (line == null) {
            return;
        }
        long idle = snap.src.maxIdleNanos;
        long at = now + Math.min(idle, watchdogIntervalNanos);
        if (at - nextWatchdog > 0) {
            at = nextWatchdog;
        }
        line.raiseAt(Math.max(at, now));
    }

    private ClockSourceInfo info(Entry e) {
        return new ClockSourceInfo(e.name, e.effectiveRating(), e.conv.frequencyHz(), ClockSource.bits(e.mask),
                e.flags, e == snap.src, e.unstable, e.owner);
    }

    private void enable(Entry e) {
        try {
            e.cs.enable();
        } catch (RuntimeException | LinkageError x) {
            log.warn("clocksource " + e.name + " enable failed: " + x, x);
        }
    }

    private void disable(Entry e) {
        try {
            e.cs.disable();
        } catch (RuntimeException | LinkageError x) {
            log.warn("clocksource " + e.name + " disable failed: " + x, x);
        }
    }

    /** Best first: effective rating, then registration order. */
    private final Comparator<Entry> bestFirst = (a, b) -> {
        int r = Integer.compare(b.effectiveRating(), a.effectiveRating());
        return r != 0 ? r : Integer.compare(entries.indexOf(a), entries.indexOf(b));
    };

    /** The driver callbacks of one switch, run after the lock is released: disable the old, enable the new. */
    private static final class Switch {
        static final Switch NONE = new Switch(null, null, null);

        private final TimekeeperCore core;
        private final Entry old;
        private final Entry next;

        Switch(TimekeeperCore core, Entry old, Entry next) {
            this.core = core;
            this.old = old;
            this.next = next;
        }

        void complete() {
            if (core == null) {
                return;
            }
            if (next != null) {
                core.enable(next);
            }
            if (old != null) {
                core.disable(old);
            }
        }
    }

    /** One registered source and the timekeeper's state about it. */
    private static final class Entry {
        final ClockSource cs;
        final String name;
        final String owner;
        final int rating;
        final long mask;
        final Set<ClockSourceFlag> flags;
        final CycleConverter conv;
        final long mult;
        final int shift;
        /** Longest delta that converts correctly, in cycles: min(mask, conv.maxCycles()). */
        final long maxCycles;
        /** {@link #maxCycles} in ns less 12.5 % (the kernel's clocks_calc_max_nsecs margin). */
        final long maxIdleNanos;

        // guarded by the core's lock
        volatile boolean unstable;
        String unstableReason;
        boolean wdValid;
        long wdLast;
        long wdRefLast;
        long wdSkew;
        /** The counter at the last watchdog round it had moved since, and the machine time of that round. */
        long progressLast;
        long progressAt;

        Entry(ClockSource cs, String owner) {
            this.cs = cs;
            this.name = cs.name();
            this.owner = owner;
            this.rating = cs.rating();
            this.mask = cs.mask();
            Set<ClockSourceFlag> f = cs.flags();
            this.flags = f == null || f.isEmpty() ? Collections.emptySet()
                    : Collections.unmodifiableSet(EnumSet.copyOf(f));
            this.conv = CycleConverter.forFrequency(cs.frequencyHz());
            this.mult = conv.mult();
            this.shift = conv.shift();
            this.maxCycles = mask == -1L ? conv.maxCycles() : Math.min(mask, conv.maxCycles());
            long max = conv.toNanos(maxCycles);
            this.maxIdleNanos = max - (max >> 3);
        }

        boolean mustVerify() {
            return flags.contains(ClockSourceFlag.MUST_VERIFY);
        }

        int effectiveRating() {
            return unstable ? 0 : rating;
        }

        @Override
        public String toString() {
            return "clocksource " + name;
        }
    }

    /**
     * What a reader needs, immutable: the source, the counter and CLOCK_MONOTONIC at the last
     * accumulation, the shifted sub-nanosecond remainder, and CLOCK_REALTIME - CLOCK_MONOTONIC.
     */
    private static final class Snapshot {
        final Entry src;
        final long cycleLast;
        final long mono;
        final long rem;
        final long realOffset;

        Snapshot(Entry src, long cycleLast, long mono, long rem, long realOffset) {
            this.src = src;
            this.cycleLast = cycleLast;
            this.mono = mono;
            this.rem = rem;
            this.realOffset = realOffset;
        }

        /** Masked delta to {@code now}, clamped to what converts without overflow. */
        long delta(long now) {
            long d = (now - cycleLast) & src.mask;
            return Long.compareUnsigned(d, src.maxCycles) > 0 ? src.maxCycles : d;
        }

        /** Nanoseconds from the last accumulation to counter value {@code now}, remainder included. */
        long elapsed(long now) {
            long delta = delta(now);
            long hi = Math.multiplyHigh(delta, src.mult);
            long lo = delta * src.mult;
            long lo2 = lo + rem;
            if (Long.compareUnsigned(lo2, lo) < 0) {
                hi++;
            }
            return (hi << (64 - src.shift)) | (lo2 >>> src.shift);
        }
    }

    /** The internal fallback source: the machine's oscillator as a 64-bit 1 GHz counter. */
    private static final class Oscillator implements ClockSource {
        private final Machine machine;

        Oscillator(Machine machine) {
            this.machine = machine;
        }

        @Override
        public String name() {
            return FALLBACK_NAME;
        }

        @Override
        public int rating() {
            return 0;
        }

        @Override
        public long read() {
            return machine.nanoTime();
        }

        @Override
        public long mask() {
            return -1L;
        }

        @Override
        public long frequencyHz() {
            return 1_000_000_000L;
        }

        @Override
        public Set<ClockSourceFlag> flags() {
            return EnumSet.of(ClockSourceFlag.CONTINUOUS);
        }
    }
}
