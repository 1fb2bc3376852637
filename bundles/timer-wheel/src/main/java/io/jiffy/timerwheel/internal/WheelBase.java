package io.jiffy.timerwheel.internal;

import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.jiffy.timer.TimerInfo;
import io.jiffy.timer.TimerLockup;
import io.jiffy.timer.TimerStats;
import io.jiffy.timer.TimerWheel;

/**
 * The wheel of one CPU (the kernel's {@code tvec_base}, pre-4.8 {@code kernel/timer.c}): the
 * base clock {@code clk} (timer_jiffies, the next jiffy to expire), tv1 with 256 slots and
 * tv2..tv5 with 64 each, one lock, and the counters.
 *
 * <p>Placement is {@code internal_add_timer}: the slot follows from {@code expires - clk}; a
 * past expiry goes to the current tv1 slot; more than {@link TimerWheel#MAX_TIMEOUT} ahead is
 * capped to {@code clk + MAX_TIMEOUT}. Expiry is {@code __run_timers}: when the tv1 index wraps
 * the next slot of tv2 is cascaded (and of tv3 when tv2's index wraps, ...), then the tv1 slot's
 * timers run one by one with the lock dropped around each function.
 *
 * <p>Order within one jiffy: by arming number (the order of the add/mod calls on this base).
 * Every slot is kept sorted by it: a direct arm appends (it has the highest number), a cascaded
 * timer is inserted at its place.
 *
 * <p>Catching up: the loop never walks empty jiffies. It jumps {@code clk} straight to the next
 * jiffy where something happens (a non-empty tv1 slot, or a boundary whose cascade slot is
 * non-empty), found from per-level occupancy bitmaps, so catching up costs in proportion to the
 * pending timers, not to the jiffies elapsed; that is exactly what walking every jiffy would do.
 *
 * <p>Soft lockups: {@code running} and {@code expired} (the number of the call) are kept under
 * the lock anyway; the watchdog thread samples them ({@link #watch}) and reports a call that is
 * still the same after more than the threshold. The expiry path does no extra work for it. No
 * lock is held while a function runs, so a stuck function stops only its own CPU's timers.
 */
final class WheelBase {

    static final int TVR_BITS = 8;
    static final int TVN_BITS = 6;
    static final int TVR_SIZE = 1 << TVR_BITS;
    static final int TVN_SIZE = 1 << TVN_BITS;
    static final int TVR_MASK = TVR_SIZE - 1;
    static final int TVN_MASK = TVN_SIZE - 1;

    final int cpu;
    private final WheelCore core;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();

    private final Slot[] tv1 = new Slot[TVR_SIZE];
    /** tvn[0..3] = tv2..tv5. */
    private final Slot[][] tvn = new Slot[4][TVN_SIZE];
    private final long[] tv1Bits = new long[TVR_SIZE / 64];
    private final long[] tvnBits = new long[4];
    /** The timers of the slot being expired (the kernel's work_list). */
    private final Slot work = new Slot(-1, 0);

    /** The next jiffy to expire (timer_jiffies). */
    private long clk;
    private long armSeq;
    private boolean expiring;
    /** The timer whose function runs now (running_timer) and the thread running it. */
    private TimerImpl running;
    private Thread runningThread;
    private int waiters;

    private long adds;
    private long mods;
    private long dels;
    private long expired;
    private long cascades;
    private long errors;
    private long pending;
    private long lockups;

    // soft-lockup watchdog state: touched only by the watchdog thread
    private TimerImpl seenRunning;
    private long seenSerial;
    private long seenSince;
    private long seenStuck;
    private boolean seenReported;

    WheelBase(WheelCore core, int cpu, long startJiffies) {
        this.core = core;
        this.cpu = cpu;
        this.clk = startJiffies;
        for (int i = 0; i < TVR_SIZE; i++) {
            tv1[i] = new Slot(0, i);
        }
        for (int l = 0; l < 4; l++) {
            for (int i = 0; i < TVN_SIZE; i++) {
                tvn[l][i] = new Slot(l + 1, i);
            }
        }
    }

    // ------------------------------------------------------------------ timer operations

    void add(TimerImpl t, long expires) {
        lock.lock();
        try {
            checkOwner(t);
            if (t.slot != null) {
                throw new IllegalStateException(t + " is already pending (expires " + t.expires + ")");
            }
            adds++;
            arm(t, expires);
        } finally {
            lock.unlock();
        }
    }

    boolean mod(TimerImpl t, long expires) {
        lock.lock();
        try {
            checkOwner(t);
            mods++;
            boolean was = t.slot != null;
            if (was) {
                detach(t);
            }
            arm(t, expires);
            return was;
        } finally {
            lock.unlock();
        }
    }

    boolean del(TimerImpl t) {
        lock.lock();
        try {
            if (t.slot == null) {
                return false;
            }
            detach(t);
            dels++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * del_timer_sync: while the function runs on another thread, waits without touching the timer
     * (try_to_del_timer_sync returns -1 and the kernel retries), then deletes it if pending. So an
     * arming made meanwhile is replaced by the function's own mod, which reports it pending, and
     * the result is that of the final deletion: every arming is reported exactly once.
     */
    boolean delSync(TimerImpl t) {
        lock.lock();
        try {
            for (;;) {
                // from its own function (or, in virtual time, from the thread running it): don't wait
                if (running != t || runningThread == Thread.currentThread()) {
                    if (t.slot == null) {
                        return false;
                    }
                    detach(t);
                    dels++;
                    return true;
                }
                waiters++;
                try {
                    idle.awaitUninterruptibly();
                } finally {
                    waiters--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    boolean pending(TimerImpl t) {
        lock.lock();
        try {
            return t.slot != null;
        } finally {
            lock.unlock();
        }
    }

    long expires(TimerImpl t) {
        lock.lock();
        try {
            return t.expires;
        } finally {
            lock.unlock();
        }
    }

    private static void checkOwner(TimerImpl t) {
        if (t.owner.closed) {
            throw new IllegalStateException(t + " cannot be armed: " + t.owner.name + " no longer uses the timer wheel");
        }
    }

    // ------------------------------------------------------------------ the wheel

    /** Arms a detached timer with a new (highest) arming number: appended to its slot. */
    private void arm(TimerImpl t, long expires) {
        if (pending == 0 && !expiring) {
            // an empty base may have lagged (an idle CPU): catch its clock up (catchup_timer_jiffies)
            long seen = core.lastJiffies();
            if (clk < seen) {
                clk = seen;
            }
        }
        t.seq = ++armSeq;
        Slot s = place(t, expires);
        Node last = s.prev;
        t.prev = last;
        t.next = s;
        last.next = t;
        s.prev = t;
        t.slot = s;
        setBit(s);
        pending++;
    }

    /** internal_add_timer: the slot for {@code expires} from {@code clk}; sets the (capped) expiry. */
    private Slot place(TimerImpl t, long expires) {
        long c = clk;
        if (expires < c) {
            t.expires = expires;
            return tv1[(int) (c & TVR_MASK)];
        }
        long e = expires;
        long idx = e - c;
        if (idx > TimerWheel.MAX_TIMEOUT) {
            idx = TimerWheel.MAX_TIMEOUT;
            e = c + TimerWheel.MAX_TIMEOUT;
        }
        t.expires = e;
        if (idx < TVR_SIZE) {
            return tv1[(int) (e & TVR_MASK)];
        }
        for (int l = 0; l < 3; l++) {
            if (idx < 1L << (TVR_BITS + (l + 1) * TVN_BITS)) {
                return tvn[l][(int) ((e >>> (TVR_BITS + l * TVN_BITS)) & TVN_MASK)];
            }
        }
        return tvn[3][(int) ((e >>> (TVR_BITS + 3 * TVN_BITS)) & TVN_MASK)];
    }

    /** Re-places a cascaded timer, inserting it at its place by arming number. */
    private void replace(TimerImpl t) {
        Slot s = place(t, t.expires);
        Node after = s.prev;
        while (after != s && ((TimerImpl) after).seq > t.seq) {
            after = after.prev;
        }
        Node before = after.next;
        t.prev = after;
        t.next = before;
        after.next = t;
        before.prev = t;
        t.slot = s;
        setBit(s);
    }

    private void detach(TimerImpl t) {
        Slot s = t.slot;
        t.prev.next = t.next;
        t.next.prev = t.prev;
        t.prev = null;
        t.next = null;
        t.slot = null;
        if (s.isEmpty()) {
            clearBit(s);
        }
        pending--;
    }

    private void setBit(Slot s) {
        if (s.level == 0) {
            tv1Bits[s.index >>> 6] |= 1L << s.index;
        } else if (s.level > 0) {
            tvnBits[s.level - 1] |= 1L << s.index;
        }
    }

    private void clearBit(Slot s) {
        if (s.level == 0) {
            tv1Bits[s.index >>> 6] &= ~(1L << s.index);
        } else if (s.level > 0) {
            tvnBits[s.level - 1] &= ~(1L << s.index);
        }
    }

    /** cascade(): moves every timer of slot {@code index} of tv(level+1) down; returns the index. */
    private int cascade(int level, int index) {
        Slot s = tvn[level - 1][index];
        Node n = s.next;
        s.next = s;
        s.prev = s;
        clearBit(s);
        while (n != s) {
            TimerImpl t = (TimerImpl) n;
            n = n.next;
            replace(t);
            cascades++;
        }
        return index;
    }

    private int index(long c, int level) {
        return (int) ((c >>> (TVR_BITS + (level - 1) * TVN_BITS)) & TVN_MASK);
    }

    /**
     * The first jiffy at or after {@code clk} at which walking the wheel would do anything: a
     * non-empty tv1 slot fires, or a boundary cascades a non-empty slot. Long.MAX_VALUE when empty.
     */
    private long nextEvent() {
        long c = clk;
        return levelEvents(c, nextTv1(c));
    }

    /** The first non-empty tv1 slot in circular order from clk's index, as a jiffy; Long.MAX_VALUE if none. */
    private long nextTv1(long c) {
        int i = (int) (c & TVR_MASK);
        int w = i >>> 6;
        long bits = tv1Bits[w] & (-1L << (i & 63));
        if (bits != 0) {
            return c + (w * 64 + Long.numberOfTrailingZeros(bits) - i);
        }
        for (int k = 1; k <= 4; k++) {
            int ww = (w + k) & 3;
            long b = tv1Bits[ww];
            if (k == 4) {
                b &= ~(-1L << (i & 63)); // back in i's word: only the slots before i
            }
            if (b != 0) {
                int s = ww * 64 + Long.numberOfTrailingZeros(b);
                return c + ((s - i) & TVR_MASK);
            }
        }
        return Long.MAX_VALUE;
    }

    private long levelEvents(long c, long best) {
        for (int l = 1; l <= 4; l++) {
            long bits = tvnBits[l - 1];
            if (bits == 0) {
                continue;
            }
            int shift = TVR_BITS + (l - 1) * TVN_BITS;
            long unit = 1L << shift;
            long b0 = (c + unit - 1) & -unit;
            int idx0 = (int) ((b0 >>> shift) & TVN_MASK);
            int k = Long.numberOfTrailingZeros(Long.rotateRight(bits, idx0));
            best = Math.min(best, b0 + k * unit);
        }
        return best;
    }

    /** __run_timers: expires every timer due by {@code jiffies}, functions outside the lock. */
    void run(long jiffies) {
        lock.lock();
        try {
            if (expiring) {
                return; // already expiring on this base (re-entered): that run catches up
            }
            expiring = true;
            try {
                while (clk <= jiffies) {
                    long next = pending == 0 ? Long.MAX_VALUE : nextEvent();
                    if (next > jiffies) {
                        clk = jiffies + 1;
                        break;
                    }
                    clk = next;
                    int index = (int) (clk & TVR_MASK);
                    if (index == 0 && cascade(1, index(clk, 1)) == 0 && cascade(2, index(clk, 2)) == 0
                            && cascade(3, index(clk, 3)) == 0) {
                        cascade(4, index(clk, 4));
                    }
                    clk++;
                    Slot s = tv1[index];
                    if (s.isEmpty()) {
                        continue;
                    }
                    // list_replace_init(slot, work_list)
                    work.next = s.next;
                    work.prev = s.prev;
                    work.next.prev = work;
                    work.prev.next = work;
                    s.next = s;
                    s.prev = s;
                    clearBit(s);
                    for (Node n = work.next; n != work; n = n.next) {
                        ((TimerImpl) n).slot = work;
                    }
                    while (!work.isEmpty()) {
                        expire((TimerImpl) work.next);
                    }
                }
            } finally {
                expiring = false;
            }
        } finally {
            lock.unlock();
        }
    }

    private void expire(TimerImpl t) {
        detach(t);
        expired++;
        running = t;
        runningThread = Thread.currentThread();
        Throwable failure = null;
        lock.unlock();
        try {
            t.function.run(t);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            failure = e;
            if (!t.errorLogged) {
                t.errorLogged = true;
                core.log().error(t + " failed: its function threw " + e + "; further failures of this timer are only counted", e);
            }
        } finally {
            lock.lock();
            running = null;
            runningThread = null;
            if (failure != null) {
                errors++;
            }
            if (waiters > 0) {
                idle.signalAll();
            }
        }
    }

    /** The jiffy by which this CPU must run its timers (a firing or a cascade), Long.MAX_VALUE when empty. */
    long nextEventJiffies() {
        lock.lock();
        try {
            return pending == 0 ? Long.MAX_VALUE : nextEvent();
        } finally {
            lock.unlock();
        }
    }

    /** Deletes every timer of {@code owner} and waits until none of its functions runs on another thread. */
    int cancel(Owner owner) {
        lock.lock();
        try {
            int n = cancelIn(work, owner);
            for (Slot s : tv1) {
                n += cancelIn(s, owner);
            }
            for (Slot[] level : tvn) {
                for (Slot s : level) {
                    n += cancelIn(s, owner);
                }
            }
            while (running != null && running.owner == owner && runningThread != Thread.currentThread()) {
                waiters++;
                try {
                    idle.awaitUninterruptibly();
                } finally {
                    waiters--;
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    private int cancelIn(Slot s, Owner owner) {
        int n = 0;
        Node node = s.next;
        while (node != s) {
            TimerImpl t = (TimerImpl) node;
            node = node.next;
            if (t.owner == owner) {
                detach(t);
                dels++;
                n++;
            }
        }
        return n;
    }

    /** Adds a row per pending timer to {@code out}. */
    void pending(long now, List<TimerInfo> out) {
        lock.lock();
        try {
            collect(work, now, out);
            for (Slot s : tv1) {
                collect(s, now, out);
            }
            for (Slot[] level : tvn) {
                for (Slot s : level) {
                    collect(s, now, out);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void collect(Slot s, long now, List<TimerInfo> out) {
        for (Node n = s.next; n != s; n = n.next) {
            TimerImpl t = (TimerImpl) n;
            out.add(new TimerInfo(t.id, cpu, t.expires, Math.max(0, t.expires - now), String.valueOf(t.function), t.owner.name));
        }
    }

    TimerStats stats() {
        lock.lock();
        try {
            return new TimerStats(cpu, adds, mods, dels, expired, cascades, errors, pending, lockups);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One soft-lockup watchdog sample at host time {@code hostNanos} (the watchdog thread only):
     * a function call seen running at an earlier sample, and still the same call now more than
     * {@code thresholdNanos} later, is reported once (a warning, the CPU's lockup count, the
     * core's last lockup); while it stays stuck the last lockup's time is updated, and when it
     * ends it is marked over.
     */
    void watch(long hostNanos, long thresholdNanos) {
        TimerImpl r;
        long serial;
        lock.lock();
        try {
            r = running;
            serial = expired;
        } finally {
            lock.unlock();
        }
        if (r == null || r != seenRunning || serial != seenSerial) {
            if (seenReported) {
                core.lockupOver(lockup(seenRunning, seenStuck, false));
            }
            seenRunning = r;
            seenSerial = serial;
            seenSince = hostNanos;
            seenStuck = 0;
            seenReported = false;
            return;
        }
        seenStuck = hostNanos - seenSince;
        if (seenStuck <= thresholdNanos) {
            return;
        }
        TimerLockup l = lockup(r, seenStuck, true);
        if (!seenReported) {
            seenReported = true;
            lock.lock();
            try {
                lockups++;
            } finally {
                lock.unlock();
            }
            core.lockupSeen(l, true);
        } else {
            core.lockupSeen(l, false);
        }
    }

    private TimerLockup lockup(TimerImpl t, long stuckNanos, boolean ongoing) {
        return new TimerLockup(cpu, t.id, String.valueOf(t.function), t.owner.name, stuckNanos, ongoing);
    }

    /** Threads waiting in delSync or cancel; for tests. */
    int waiters() {
        lock.lock();
        try {
            return waiters;
        } finally {
            lock.unlock();
        }
    }

    /** The base clock (the next jiffy to expire); for tests. */
    long clk() {
        lock.lock();
        try {
            return clk;
        } finally {
            lock.unlock();
        }
    }
}
