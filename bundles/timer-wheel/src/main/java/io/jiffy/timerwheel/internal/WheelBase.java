package io.jiffy.timerwheel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

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
 *
 * <p>The lock: arming and cancelling take it twice per timer, so it is a light one of its own
 * rather than a {@code ReentrantLock} (see {@link #lock()}): one compare-and-set to take it, a
 * release store to drop it, a short spin and then a park only when it is contended; reentrant, as
 * the {@code ReentrantLock} was. delSync and cancel wait for a running function on a list of
 * sleepers kept under the lock (see {@link #awaitIdle()}), which replaces the lock's condition.
 */
final class WheelBase {

    static final int TVR_BITS = 8;
    static final int TVN_BITS = 6;
    static final int TVR_SIZE = 1 << TVR_BITS;
    static final int TVN_SIZE = 1 << TVN_BITS;
    static final int TVR_MASK = TVR_SIZE - 1;
    static final int TVN_MASK = TVN_SIZE - 1;
    /** {@link TimerImpl#slot} of the work list, and of a timer that is not pending. */
    static final int WORK = TVR_SIZE + 4 * TVN_SIZE;
    static final int NONE = -1;

    /** Spins on a held lock before queueing to park (about the length of a few critical sections). */
    private static final int LOCK_SPINS = 128;
    /** Looks at the lock after queueing, before parking (see {@link #lockSlow}). */
    private static final int QUEUED_SPINS = 64;
    /** Park bounds of a queued locker; an unlock unparks it, the bound only caps a missed wake-up. */
    private static final long PARK_MIN_NANOS = 50_000L;
    private static final long PARK_MAX_NANOS = 1_000_000L;

    private static final VarHandle HOLDER;

    static {
        try {
            HOLDER = MethodHandles.lookup().findVarHandle(WheelBase.class, "holder", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int cpu;
    private final WheelCore core;

    // the base lock (see lock()): the holder, its re-entries, the threads queued to park
    /**
     * The id of the thread holding the lock, 0 when free (thread ids start at 1). A number, not the
     * Thread: a reference CAS into an old object would pay G1's card-marking barrier and its fence.
     */
    @SuppressWarnings("unused") // through HOLDER too
    private volatile long holder;
    /** Re-entries beyond the first by the owner; guarded by the lock. */
    private int holds;
    /** lockQueue's size, read by every unlock: non-zero when someone may be parked on the lock. */
    private volatile int lockQueued;
    /** Threads parked (or about to park) on the lock; guarded by its own monitor, touched only when contended. */
    private final ArrayDeque<Thread> lockQueue = new ArrayDeque<>();

    // waiting for a running function (delSync, cancel): guarded by the lock
    /** Threads in {@link #awaitIdle()} not yet woken; only the first {@code sleeperCount} are set. */
    private Thread[] sleepers = new Thread[2];
    private int sleeperCount;
    /** Moved on (under the lock) each time a function returns while someone sleeps; read by the sleepers. */
    private volatile long idleGen;

    private final Slot[] tv1 = new Slot[TVR_SIZE];
    /** tvn[0..3] = tv2..tv5. */
    private final Slot[][] tvn = new Slot[4][TVN_SIZE];
    private final long[] tv1Bits = new long[TVR_SIZE / 64];
    private final long[] tvnBits = new long[4];
    /** The timers of the slot being expired (the kernel's work_list); its occupancy bit is never read. */
    private final Slot work = new Slot(WORK, -1, 0, new long[1], 0);
    /** Every slot by its id ({@link TimerImpl#slot}): tv1, tv2..tv5, the work list. */
    private final Slot[] slots = new Slot[WORK + 1];

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
            tv1[i] = slots[i] = new Slot(i, 0, i, tv1Bits, i >>> 6);
        }
        for (int l = 0; l < 4; l++) {
            for (int i = 0; i < TVN_SIZE; i++) {
                int id = TVR_SIZE + l * TVN_SIZE + i;
                tvn[l][i] = slots[id] = new Slot(id, l + 1, i, tvnBits, l);
            }
        }
        slots[WORK] = work;
    }

    // ------------------------------------------------------------------ timer operations

    void add(TimerImpl t, long expires) {
        lock();
        try {
            checkOwner(t);
            if (t.slot != NONE) {
                throw new IllegalStateException(t + " is already pending (expires " + t.expires + ")");
            }
            adds++;
            arm(t, expires);
        } finally {
            unlock();
        }
    }

    boolean mod(TimerImpl t, long expires) {
        lock();
        try {
            checkOwner(t);
            mods++;
            int old = t.slot;
            if (old == NONE) {
                arm(t, expires);
                return false;
            }
            if (t.next == null && (pending > 1 || expiring)) {
                // the last of its slot, and no clock catch-up as the base does not empty: when it
                // goes to the same slot it stays where it is, with its new (highest) arming number
                t.seq = ++armSeq;
                Slot s = place(t, expires);
                if (s.id != old) {
                    detach(t);
                    append(t, s);
                }
                return true;
            }
            detach(t);
            arm(t, expires);
            return true;
        } finally {
            unlock();
        }
    }

    boolean del(TimerImpl t) {
        lock();
        try {
            if (t.slot == NONE) {
                return false;
            }
            detach(t);
            dels++;
            return true;
        } finally {
            unlock();
        }
    }

    /**
     * del_timer_sync: while the function runs on another thread, waits without touching the timer
     * (try_to_del_timer_sync returns -1 and the kernel retries), then deletes it if pending. So an
     * arming made meanwhile is replaced by the function's own mod, which reports it pending, and
     * the result is that of the final deletion: every arming is reported exactly once.
     */
    boolean delSync(TimerImpl t) {
        lock();
        try {
            for (;;) {
                // from its own function (or, in virtual time, from the thread running it): don't wait
                if (running != t || runningThread == Thread.currentThread()) {
                    if (t.slot == NONE) {
                        return false;
                    }
                    detach(t);
                    dels++;
                    return true;
                }
                awaitIdle();
            }
        } finally {
            unlock();
        }
    }

    boolean pending(TimerImpl t) {
        lock();
        try {
            return t.slot != NONE;
        } finally {
            unlock();
        }
    }

    long expires(TimerImpl t) {
        lock();
        try {
            return t.expires;
        } finally {
            unlock();
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
        append(t, place(t, expires));
    }

    /** Appends a detached timer (its links are null) to {@code s}. */
    private void append(TimerImpl t, Slot s) {
        TimerImpl last = s.tail;
        if (last == null) {
            s.head = t;
            setBit(s);
        } else {
            t.prev = last;
            last.next = t;
        }
        s.tail = t;
        t.slot = s.id;
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
        // tv2 below 1 << 14, tv3 below 1 << 20, tv4 below 1 << 26, tv5 up to MAX_TIMEOUT (< 1 << 32):
        // the level from idx's bit length (9..32)
        int l = (64 - Long.numberOfLeadingZeros(idx) - (TVR_BITS + 1)) / TVN_BITS;
        return tvn[l][(int) ((e >>> (TVR_BITS + l * TVN_BITS)) & TVN_MASK)];
    }

    /** Re-places a cascaded timer, inserting it at its place by arming number. */
    private void replace(TimerImpl t) {
        Slot s = place(t, t.expires);
        TimerImpl after = s.tail;
        while (after != null && after.seq > t.seq) {
            after = after.prev;
        }
        TimerImpl before = after == null ? s.head : after.next;
        t.prev = after;
        t.next = before;
        if (after == null) {
            s.head = t;
        } else {
            after.next = t;
        }
        if (before == null) {
            s.tail = t;
        } else {
            before.prev = t;
        }
        t.slot = s.id;
        setBit(s);
    }

    /** Unlinks a pending timer; its links and slot are cleared. */
    private void detach(TimerImpl t) {
        Slot s = slots[t.slot];
        TimerImpl before = t.prev;
        TimerImpl after = t.next;
        if (before == null) {
            s.head = after;
        } else {
            before.next = after;
            t.prev = null;
        }
        if (after == null) {
            s.tail = before;
        } else {
            after.prev = before;
            t.next = null;
        }
        t.slot = NONE;
        if (before == null && after == null) {
            clearBit(s);
        }
        pending--;
    }

    private static void setBit(Slot s) {
        s.bits[s.word] |= s.mask;
    }

    private static void clearBit(Slot s) {
        s.bits[s.word] &= ~s.mask;
    }

    /** cascade(): moves every timer of slot {@code index} of tv(level+1) down; returns the index. */
    private int cascade(int level, int index) {
        Slot s = tvn[level - 1][index];
        TimerImpl n = s.head;
        s.head = null;
        s.tail = null;
        clearBit(s);
        while (n != null) {
            TimerImpl t = n;
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
        lock();
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
                    work.head = s.head;
                    work.tail = s.tail;
                    s.head = null;
                    s.tail = null;
                    clearBit(s);
                    for (TimerImpl n = work.head; n != null; n = n.next) {
                        n.slot = WORK;
                    }
                    while (work.head != null) {
                        expire(work.head);
                    }
                }
            } finally {
                expiring = false;
            }
        } finally {
            unlock();
        }
    }

    private void expire(TimerImpl t) {
        detach(t);
        expired++;
        running = t;
        runningThread = Thread.currentThread();
        Throwable failure = null;
        unlock();
        try {
            t.function.run(t);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            failure = e;
            if (!t.errorLogged) {
                t.errorLogged = true;
                core.log().error(t + " failed: its function threw " + e + "; further failures of this timer are only counted", e);
            }
        } finally {
            lock();
            running = null;
            runningThread = null;
            if (failure != null) {
                errors++;
            }
            if (sleeperCount > 0) {
                signalIdle();
            }
        }
    }

    /** The jiffy by which this CPU must run its timers (a firing or a cascade), Long.MAX_VALUE when empty. */
    long nextEventJiffies() {
        lock();
        try {
            return pending == 0 ? Long.MAX_VALUE : nextEvent();
        } finally {
            unlock();
        }
    }

    /** Deletes every timer of {@code owner} and waits until none of its functions runs on another thread. */
    int cancel(Owner owner) {
        lock();
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
                awaitIdle();
            }
            return n;
        } finally {
            unlock();
        }
    }

    private int cancelIn(Slot s, Owner owner) {
        int n = 0;
        TimerImpl node = s.head;
        while (node != null) {
            TimerImpl t = node;
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
        lock();
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
            unlock();
        }
    }

    private void collect(Slot s, long now, List<TimerInfo> out) {
        for (TimerImpl t = s.head; t != null; t = t.next) {
            out.add(new TimerInfo(t.id, cpu, t.expires, Math.max(0, t.expires - now), String.valueOf(t.function), t.owner.name));
        }
    }

    TimerStats stats() {
        lock();
        try {
            return new TimerStats(cpu, adds, mods, dels, expired, cascades, errors, pending, lockups);
        } finally {
            unlock();
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
        lock();
        try {
            r = running;
            serial = expired;
        } finally {
            unlock();
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
            lock();
            try {
                lockups++;
            } finally {
                unlock();
            }
            core.lockupSeen(l, true);
        } else {
            core.lockupSeen(l, false);
        }
    }

    private TimerLockup lockup(TimerImpl t, long stuckNanos, boolean ongoing) {
        return new TimerLockup(cpu, t.id, String.valueOf(t.function), t.owner.name, stuckNanos, ongoing);
    }

    // ------------------------------------------------------------------ the base lock

    /**
     * Takes the base lock: a compare-and-set of the holder from 0 to this thread's id (acquire), or
     * one more hold if this thread has it already. When another thread holds it, {@link #lockSlow}
     * spins briefly, then queues and parks until an {@link #unlock} wakes it. Not interruptible;
     * an interrupt is kept for the caller.
     */
    private void lock() {
        long me = Thread.currentThread().getId();
        long h = (long) HOLDER.compareAndExchangeAcquire(this, 0L, me);
        if (h != 0L) {
            if (h == me) {
                holds++;
            } else {
                lockSlow(me);
            }
        }
    }

    /** Drops one hold of the base lock: the last one by a release store, then wakes a queued thread if any. */
    private void unlock() {
        if (holds != 0) {
            holds--;
            return;
        }
        HOLDER.setRelease(this, 0L);
        if (lockQueued != 0) {
            wakeLocker();
        }
    }

    private boolean tryLock(long me) {
        return holder == 0L && HOLDER.compareAndSet(this, 0L, me);
    }

    /**
     * The contended lock: spin, then queue and park until woken. An unlock reads the queue's size
     * right after its release store, with no fence between them, so an unlock that ran while we
     * queued may have read it as empty and woken no one; its store is nevertheless on its way: a
     * queued thread looks at the lock again for a while before parking, and parks with a bound
     * (growing from {@value #PARK_MIN_NANOS} to {@value #PARK_MAX_NANOS} ns), so such a miss costs
     * at most a bounded delay, never a hang.
     */
    private void lockSlow(long me) {
        Thread self = Thread.currentThread();
        for (int i = 0; i < LOCK_SPINS; i++) {
            Thread.onSpinWait();
            if (tryLock(me)) {
                return;
            }
        }
        boolean interrupted = false;
        long parkNanos = PARK_MIN_NANOS;
        try {
            for (;;) {
                synchronized (lockQueue) {
                    if (!lockQueue.contains(self)) {
                        lockQueue.addLast(self);
                        lockQueued = lockQueue.size();
                    }
                }
                for (int i = 0; i < QUEUED_SPINS; i++) {
                    if (tryLock(me)) {
                        return;
                    }
                    Thread.onSpinWait();
                }
                LockSupport.parkNanos(this, parkNanos);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
                if (tryLock(me)) {
                    return;
                }
                parkNanos = Math.min(parkNanos << 1, PARK_MAX_NANOS);
            }
        } finally {
            synchronized (lockQueue) {
                if (lockQueue.remove(self)) {
                    lockQueued = lockQueue.size();
                }
            }
            if (interrupted) {
                self.interrupt();
            }
        }
    }

    /** Wakes the longest queued thread (it queues again if it loses the lock to another). */
    private void wakeLocker() {
        Thread next;
        synchronized (lockQueue) {
            next = lockQueue.pollFirst();
            lockQueued = lockQueue.size();
        }
        if (next != null) {
            LockSupport.unpark(next);
        }
    }

    /**
     * With the lock held: drops it (every hold, as a condition wait does), sleeps until a running
     * function returns ({@link #signalIdle}), and takes it back. The caller checks again what it
     * waits for. Not interruptible; an interrupt is kept for the caller. Counted in {@link #waiters}
     * from going to sleep until the lock is taken back.
     */
    private void awaitIdle() {
        Thread me = Thread.currentThread();
        if (sleeperCount == sleepers.length) {
            sleepers = Arrays.copyOf(sleepers, sleepers.length * 2);
        }
        sleepers[sleeperCount++] = me;
        long gen = idleGen;
        int saved = holds;
        holds = 0;
        waiters++;
        boolean interrupted = false;
        try {
            unlock();
            while (idleGen == gen) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            lock();
            holds = saved;
            waiters--;
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    /** With the lock held, a function having returned: wakes every sleeper of {@link #awaitIdle}. */
    private void signalIdle() {
        idleGen = idleGen + 1;
        for (int i = 0; i < sleeperCount; i++) {
            LockSupport.unpark(sleepers[i]);
            sleepers[i] = null;
        }
        sleeperCount = 0;
    }

    // ------------------------------------------------------------------ for tests

    /** Threads waiting in delSync or cancel; for tests. */
    int waiters() {
        lock();
        try {
            return waiters;
        } finally {
            unlock();
        }
    }

    /** The base clock (the next jiffy to expire); for tests. */
    long clk() {
        lock();
        try {
            return clk;
        } finally {
            unlock();
        }
    }
}
