package io.jiffy.driver.shub.rtc.internal;

import java.util.Comparator;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

import io.jiffy.machine.IrqLine;
import io.jiffy.machine.Machine;
import io.jiffy.posix.Errno;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.PosixException;

/**
 * The timers of one SHub node (the kernel's {@code struct mmtimer_node}): an ordered tree of
 * armed timers by expiry, then queueing order, with the earliest cached, and comparator 1 (RTC2)
 * of the node armed for it through an interrupt line on the node's first CPU. The logic follows
 * {@code mmtimer_set_next_timer}, {@code mmtimer_setup}, {@code mmtimer_interrupt} and
 * {@code mmtimer_tasklet}:
 *
 * <ul>
 * <li><b>Arming</b> writes the comparator, then reads the counter: the <em>completion time</em>.
 *     The write is simulated to take {@code compareWriteLatencyTicks}: each write happens at the
 *     later of the previous completion and the counter, and completes that many ticks later. If
 *     the completion is past the expiry, the comparator was written behind the counter and never
 *     matches: the arming <em>missed</em>.</li>
 * <li>A missed <b>one-shot</b> timer fires at once: the tasklet delivers it on the node's CPU
 *     as soon as the failed arming has completed (at the completion time, so never before its
 *     expiry; at the current time when writes take no time).</li>
 * <li>A missed <b>interval</b> timer is retried at {@code completion + intervalRetryIncrement +
 *     2^i} for the i-th retry; the whole intervals from its expiry to that time are skipped,
 *     advancing its expiry and counting them as overruns, reported with the next delivery. After
 *     20 retries the driver gives up: it logs "mmtimer: cannot reschedule timer" and disarms the
 *     timer, then arms the next one.</li>
 * <li>The <b>interrupt</b> (comparator match, or the tasklet) delivers the earliest timer,
 *     re-queues it one interval later if it is periodic, and arms the comparator for the next.</li>
 * <li>A <b>lost</b> comparator interrupt (the {@code lostInterruptsEvery} fault) runs nothing:
 *     like the kernel, the driver has no watchdog, so the expiry is lost and the node's earliest
 *     timer stays queued, overdue. It is recovered the next time the node's timers change (a
 *     timer set or deleted on the node finds the comparator idle with a timer queued and arms it
 *     again): a one-shot timer then fires at once, an interval timer takes the missed-arming path
 *     and reports the intervals it missed as overruns.</li>
 * </ul>
 *
 * <p>Timer operations may come from any thread while the interrupt runs on the node's CPU: one
 * lock per node guards the tree and the comparator state. Expiries are delivered after the lock
 * is released, and only if the timer was not set or deleted meanwhile.
 */
final class NodeTimers {

    /** Name of the comparator interrupt lines (one per node, on the node's first CPU). */
    static final String IRQ_NAME = "sgi_rtc-cmp";
    /** Retries of a missed interval timer before the driver gives up (the kernel's {@code i > 20}). */
    static final int MAX_RETRIES = 20;
    /** The kernel's message when an interval timer cannot be re-armed. */
    static final String CANNOT_RESCHEDULE = "mmtimer: cannot reschedule timer";

    /** Tree order: expiry count, then queueing order. */
    private static final Comparator<SgiTimer> ORDER =
            Comparator.<SgiTimer>comparingLong(t -> t.expiresCount).thenComparingLong(t -> t.seq);

    private final int node;
    private final int cpu;
    private final ShubRtc rtc;
    private final long retryIncrement;
    private final long latencyTicks;
    private final long lostEvery;
    private final DriverLog log;
    private final ReentrantLock lock = new ReentrantLock();
    private final TreeSet<SgiTimer> tree = new TreeSet<>(ORDER);
    private final IrqLine line;

    // guarded by lock
    private SgiTimer next;
    private long seq;
    private boolean armed;
    private long armedCount;
    private boolean taskletPending;
    private long cursor;
    private long completion;
    private long comparatorInterrupts;
    private long lostInterrupts;
    private long givenUp;
    private boolean stopped;

    /**
     * Node {@code node} whose comparator interrupts {@code cpu}; requests its interrupt line.
     *
     * @param settings where the retry increment, the comparator write latency and the
     *                 lost-interrupt fault come from
     */
    NodeTimers(int node, int cpu, Machine machine, ShubRtc rtc, ShubRtcSettings settings, DriverLog log) {
        this.node = node;
        this.cpu = cpu;
        this.rtc = rtc;
        this.retryIncrement = settings.intervalRetryIncrement();
        this.latencyTicks = settings.compareWriteLatencyTicks();
        this.lostEvery = settings.lostInterruptsEvery();
        this.log = log;
        this.line = machine.requestIrq(IRQ_NAME, cpu, l -> interrupt());
    }

    /** The node's number. */
    int node() {
        return node;
    }

    /** The CPU its comparator interrupts. */
    int cpu() {
        return cpu;
    }

    /** The comparator's interrupt line. */
    IrqLine line() {
        return line;
    }

    /** Armed timers on this node. */
    int pending() {
        lock.lock();
        try {
            return tree.size();
        } finally {
            lock.unlock();
        }
    }

    /** Comparator interrupts that arrived (lost ones included). */
    long comparatorInterrupts() {
        lock.lock();
        try {
            return comparatorInterrupts;
        } finally {
            lock.unlock();
        }
    }

    /** Comparator interrupts lost to the {@code lostInterruptsEvery} fault. */
    long lostInterrupts() {
        lock.lock();
        try {
            return lostInterrupts;
        } finally {
            lock.unlock();
        }
    }

    /** Interval timers disarmed because they could not be rescheduled. */
    long givenUp() {
        lock.lock();
        try {
            return givenUp;
        } finally {
            lock.unlock();
        }
    }

    /** The count the comparator is armed for, or -1 when it is not armed. */
    long armedCount() {
        lock.lock();
        try {
            return armed ? armedCount : -1;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ timer operations

    /**
     * timer_settime (sgi_timer_set): disarms {@code t}, then arms it for {@code value} if that is
     * not zero. An absolute time is on CLOCK_SGI_CYCLE ({@code clockOffsetNanos} converts it to
     * the counter's scale); one already past fires at once, as the kernel's "fire the timer
     * immediately". Expiries and intervals are kept in exact nanoseconds (an interval timer does
     * not drift); an interval shorter than one tick becomes one tick. Re-programs the comparator
     * when the earliest timer changed.
     *
     * @return the previous setting
     * @throws PosixException EINVAL for a deleted timer, a stopped driver or no value
     */
    ItimerSpec set(SgiTimer t, int flags, ItimerSpec value, long clockOffsetNanos) {
        if (value == null) {
            throw new PosixException(Errno.EINVAL, "no itimerspec given");
        }
        lock.lock();
        try {
            checkUsable(t);
            ItimerSpec old = getLocked(t);
            boolean reprogram = t.queued && dequeue(t);
            t.generation++;
            t.overruns = 0;
            t.missed = false;
            t.intervalNs = 0;
            if (value.armed()) {
                long nowCount = rtc.count();
                long nowNs = rtc.nanosOf(nowCount);
                long when;
                if ((flags & PosixClocks.TIMER_ABSTIME) != 0) {
                    when = saturatedSub(value.valueNanos(), clockOffsetNanos);
                } else {
                    when = saturatedAdd(nowNs, value.valueNanos());
                }
                if (when <= nowNs) { // already due: fire at once (expires = rtc_time())
                    t.expiresNs = nowNs;
                    t.expiresCount = nowCount;
                } else {
                    t.expiresNs = when;
                    t.expiresCount = rtc.countAt(when);
                }
                long interval = value.intervalNanos();
                long tick = rtc.periodNanosCeil();
                // an interval below one tick is one tick, as the seed's rounding up to whole periods
                t.intervalNs = interval > 0 && interval < tick ? tick : interval;
                reprogram |= enqueue(t);
            }
            if (reprogram || comparatorIdle()) {
                setNextTimer();
            }
            return old;
        } finally {
            lock.unlock();
        }
    }

    /** timer_gettime (sgi_timer_get): time to the next expiry (at least 1 ns while armed) and the interval. */
    ItimerSpec get(SgiTimer t) {
        lock.lock();
        try {
            return getLocked(t);
        } finally {
            lock.unlock();
        }
    }

    /** timer_delete (sgi_timer_del): removes the timer and re-arms the comparator for the next one. */
    void delete(SgiTimer t) {
        lock.lock();
        try {
            if (t.deleted) {
                return;
            }
            t.deleted = true;
            t.generation++;
            boolean reprogram = t.queued && dequeue(t);
            if (!stopped && (reprogram || comparatorIdle())) {
                setNextTimer();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops every timer and frees the interrupt line: nothing stays armed. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            for (SgiTimer t : tree) {
                t.queued = false;
                t.generation++;
            }
            tree.clear();
            next = null;
            armed = false;
            taskletPending = false;
            line.free();
        } finally {
            lock.unlock();
        }
    }

    private void checkUsable(SgiTimer t) {
        if (t.deleted) {
            throw new PosixException(Errno.EINVAL, "the CLOCK_SGI_CYCLE timer was deleted");
        }
        if (stopped) {
            throw new PosixException(Errno.EINVAL, "CLOCK_SGI_CYCLE is gone: the SHub RTC driver stopped");
        }
    }

    private ItimerSpec getLocked(SgiTimer t) {
        if (!t.queued) {
            return ItimerSpec.DISARMED;
        }
        long remaining = t.expiresNs - rtc.nanosOf(rtc.count());
        return new ItimerSpec(Math.max(1, remaining), t.intervalNs);
    }

    // ------------------------------------------------------------------ the tree

    /** Queues {@code t}; returns whether it became the earliest (mmtimer_add_list). */
    private boolean enqueue(SgiTimer t) {
        t.seq = ++seq;
        tree.add(t);
        t.queued = true;
        if (next == null || ORDER.compare(t, next) < 0) {
            next = t;
            return true;
        }
        return false;
    }

    /** Unqueues {@code t}; returns whether it was the earliest. */
    private boolean dequeue(SgiTimer t) {
        tree.remove(t);
        t.queued = false;
        if (next == t) {
            next = tree.isEmpty() ? null : tree.first();
            return true;
        }
        return false;
    }

    /** A timer is queued but neither the comparator nor the tasklet will deliver it (a lost interrupt). */
    private boolean comparatorIdle() {
        return next != null && !armed && !taskletPending;
    }

    // ------------------------------------------------------------------ the comparator

    /** mmtimer_set_next_timer: arms the comparator for the earliest timer, handling missed armings. */
    private void setNextTimer() {
        cursor = rtc.count();
        for (;;) {
            SgiTimer x = next;
            if (x == null) {
                disarm();
                return;
            }
            if (x.intervalNs == 0) {
                if (!setup(x.expiresCount)) {
                    x.missed = true; // late setup: fire now
                    scheduleTasklet();
                }
                return;
            }
            long expires = x.expiresCount;
            int i = 0;
            boolean gaveUp = false;
            while (!setup(expires)) {
                i++;
                expires = saturatedAdd(saturatedAdd(completion, retryIncrement), 1L << i);
                // the intervals that will have passed by the retry are overruns
                long skipped = (rtc.nanosOf(expires) - x.expiresNs) / x.intervalNs;
                if (skipped > 0) {
                    dequeue(x);
                    x.overruns = saturatedAdd(x.overruns, skipped);
                    x.expiresNs = saturatedAdd(x.expiresNs, saturatedMul(skipped, x.intervalNs));
                    x.expiresCount = rtc.countAt(x.expiresNs);
                    enqueue(x);
                }
                if (i > MAX_RETRIES) {
                    log.error(CANNOT_RESCHEDULE + " (node " + node + ": the comparator was armed too late "
                            + (MAX_RETRIES + 1) + " times; the interval timer is disarmed)");
                    dequeue(x);
                    x.generation++;
                    x.overruns = 0;
                    givenUp++;
                    gaveUp = true;
                    break;
                }
            }
            if (!gaveUp) {
                return;
            }
        }
    }

    /**
     * mmtimer_setup: writes the comparator at the later of the previous completion and the
     * counter, the write completing {@code compareWriteLatencyTicks} later; succeeds (and arms
     * the interrupt line for the match) if the completion is not past {@code expires}. The
     * seed's second chance, an interrupt already pending, cannot happen here: the comparator
     * value takes effect when the write completes, and a counter already past it never matches.
     */
    private boolean setup(long expires) {
        long now = rtc.count();
        if (now > cursor) {
            cursor = now;
        }
        completion = saturatedAdd(cursor, latencyTicks);
        cursor = completion;
        if (completion <= expires) {
            armed = true;
            armedCount = expires;
            long at = rtc.counter().nanosWhen(expires);
            if (at >= 0) {
                line.raiseAt(at);
            } else if (!taskletPending) {
                line.cancel(); // a stuck counter never matches
            }
            return true;
        }
        // written behind the counter: it never matches
        armed = false;
        if (!taskletPending) {
            line.cancel();
        }
        return false;
    }

    /** No timer left: the comparator and the tasklet are both idle. */
    private void disarm() {
        armed = false;
        taskletPending = false;
        line.cancel();
    }

    /**
     * tasklet_schedule after a missed one-shot arming: the tasklet runs on the node's CPU as soon
     * as the failed arming has completed, at the completion time (at once when the comparator
     * write takes no time), so the timer fires at once yet never before its expiry. The line's
     * comparator, which the missed write left unused, carries the tasklet.
     */
    private void scheduleTasklet() {
        taskletPending = true;
        long at = rtc.counter().nanosWhen(completion);
        if (at >= 0) {
            line.raiseAt(at);
        } else {
            line.raise(); // a stuck counter never gets there: run it now
        }
    }

    /**
     * The node's interrupt (mmtimer_interrupt, then mmtimer_tasklet): on a comparator match or a
     * scheduled tasklet, delivers the earliest timer, re-queues it one interval later if it is
     * periodic, and arms the comparator for the next one.
     */
    private void interrupt() {
        SgiTimer fired = null;
        long generation = 0;
        int overruns = 0;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            long now = rtc.count();
            boolean tasklet = taskletPending;
            taskletPending = false;
            boolean match = armed && now >= armedCount;
            if (match) {
                armed = false;
                comparatorInterrupts++;
                if (lostEvery > 0 && comparatorInterrupts % lostEvery == 0) {
                    lostInterrupts++;
                    match = false; // the interrupt never reaches the CPU
                }
            }
            if (!match && !tasklet) {
                return; // spurious (a stale arming) or lost
            }
            SgiTimer x = next;
            if (x != null && (match || x.missed || x.expiresCount <= now)) {
                dequeue(x);
                fired = x;
                generation = x.generation;
                overruns = (int) Math.min(Integer.MAX_VALUE, x.overruns);
                x.overruns = 0;
                x.missed = false;
                if (x.intervalNs > 0) {
                    x.expiresNs = saturatedAdd(x.expiresNs, x.intervalNs);
                    x.expiresCount = rtc.countAt(x.expiresNs);
                    enqueue(x);
                }
            }
            setNextTimer();
        } finally {
            lock.unlock();
        }
        if (fired != null && fired.generation == generation) {
            try {
                fired.expiry.expired(overruns);
            } catch (RuntimeException e) {
                log.error("mmtimer: a CLOCK_SGI_CYCLE timer's expiry on node " + node + " failed: " + e);
            }
        }
    }

    // ------------------------------------------------------------------ arithmetic

    static long saturatedAdd(long a, long b) {
        long s = a + b;
        if (((a ^ s) & (b ^ s)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return s;
    }

    static long saturatedSub(long a, long b) {
        long d = a - b;
        if (((a ^ b) & (a ^ d)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return d;
    }

    static long saturatedMul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if (hi != (lo >> 63)) {
            return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return lo;
    }

    @Override
    public String toString() {
        return "mmtimer node " + node + " (cpu " + cpu + ")";
    }
}
