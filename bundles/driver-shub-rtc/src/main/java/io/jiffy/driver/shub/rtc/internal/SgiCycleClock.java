package io.jiffy.driver.shub.rtc.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.jiffy.machine.Machine;
import io.jiffy.posix.ClockId;
import io.jiffy.posix.Errno;
import io.jiffy.posix.PosixClock;
import io.jiffy.posix.PosixClockTimer;
import io.jiffy.posix.PosixException;

/**
 * CLOCK_SGI_CYCLE (id 10), the mmtimer's POSIX clock ({@code sgi_clock} of the seed):
 * {@code counter x period + offset}, settable, with timers on the SHub comparators.
 *
 * <p>Unlike the seed, time is exact: {@link ShubRtc#nanosOf} converts the unmasked count (no
 * 55-bit wrap, no truncated integer period), and {@link #setTime} sets a nanosecond offset so
 * that the clock reads the set value and advances from it (the seed's clock_set mixed seconds
 * into nanoseconds). {@link #getTime()} is lock-free and allocation-free.
 *
 * <p>Nodes: the machine is modelled as SHub nodes of {@value #CPUS_PER_NODE} CPUs each (as on
 * SHub1 Altix blades), node {@code n} holding CPUs {@code 2n} and {@code 2n+1}; a node's
 * comparator interrupts its first CPU. A timer belongs to the node of the CPU that created it
 * ({@link Machine#currentCpu()}), node 0 when created outside CPU context.
 */
final class SgiCycleClock implements PosixClock {

    /** The clock's id. */
    static final int ID = ClockId.CLOCK_SGI_CYCLE;
    /** The clock's name. */
    static final String NAME = "CLOCK_SGI_CYCLE";
    /** The latest time {@link #setTime} accepts: 30 years before a long of nanoseconds overflows. */
    static final long MAX_SETTABLE_NANOS = Long.MAX_VALUE - 30L * 365 * 86_400 * 1_000_000_000L;
    /** CPUs per SHub node. */
    static final int CPUS_PER_NODE = 2;

    private final Machine machine;
    private final ShubRtc rtc;
    private final List<NodeTimers> nodes;
    private volatile long offsetNanos;
    private volatile boolean stopped;

    /** The clock over {@code rtc}, with one {@link NodeTimers} (and interrupt line) per node of {@code machine}. */
    SgiCycleClock(Machine machine, ShubRtc rtc, ShubRtcSettings settings, DriverLog log) {
        this.machine = machine;
        this.rtc = rtc;
        int count = (machine.cpus() + CPUS_PER_NODE - 1) / CPUS_PER_NODE;
        NodeTimers[] n = new NodeTimers[count];
        for (int i = 0; i < count; i++) {
            n[i] = new NodeTimers(i, i * CPUS_PER_NODE, machine, rtc, settings, log);
        }
        this.nodes = Collections.unmodifiableList(Arrays.asList(n));
    }

    /** The node of {@code cpu}; node 0 for -1 (outside CPU context). */
    static int nodeOf(int cpu) {
        return cpu < 0 ? 0 : cpu / CPUS_PER_NODE;
    }

    /** The nodes, by number. */
    List<NodeTimers> nodes() {
        return nodes;
    }

    /** The offset added to the counter's time (changed by {@link #setTime}). */
    long offsetNanos() {
        return offsetNanos;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** clock_gettime: {@code floor(count * 10^9 / f) + offset}, exact. */
    @Override
    public long getTime() {
        return rtc.nanosOf(rtc.count()) + offsetNanos;
    }

    /**
     * clock_settime: from now the clock reads {@code nanos} and advances with the counter.
     * Armed timers keep their counter expiry (as in the seed, which stored expiries as counts).
     *
     * @throws PosixException EINVAL for a negative time, or one so late that the clock could
     *                        overflow (later than 30 years before a long of nanoseconds ends, as
     *                        Linux's settimeofday limit)
     */
    @Override
    public void setTime(long nanos) {
        if (nanos < 0) {
            throw new PosixException(Errno.EINVAL, NAME + " cannot be set to a negative time: " + nanos);
        }
        if (nanos > MAX_SETTABLE_NANOS) {
            throw new PosixException(Errno.EINVAL, NAME + " cannot be set to " + nanos + " ns: it could overflow; "
                    + "the latest settable time is " + MAX_SETTABLE_NANOS + " ns");
        }
        offsetNanos = nanos - rtc.nanosOf(rtc.count());
    }

    @Override
    public boolean settable() {
        return true;
    }

    /** clock_getres: one counter period in ns, rounded up (40 ns at 25 MHz), at least 1. */
    @Override
    public long getResolution() {
        return rtc.periodNanosCeil();
    }

    @Override
    public boolean hasTimers() {
        return true;
    }

    /**
     * timer_create: a disarmed timer on the node of the calling CPU.
     *
     * @throws PosixException EINVAL once the driver stopped
     */
    @Override
    public PosixClockTimer createTimer(Expiry expiry) {
        Objects.requireNonNull(expiry, "expiry");
        if (stopped) {
            throw new PosixException(Errno.EINVAL, NAME + " is gone: the SHub RTC driver stopped");
        }
        int node = Math.min(nodeOf(machine.currentCpu()), nodes.size() - 1);
        return new SgiTimer(nodes.get(node), this, expiry);
    }

    /** Stops every node: drops the timers and frees the comparator interrupt lines. */
    void stop() {
        stopped = true;
        for (NodeTimers n : nodes) {
            n.stop();
        }
    }

    @Override
    public String toString() {
        return NAME + " (" + ID + ")";
    }
}
