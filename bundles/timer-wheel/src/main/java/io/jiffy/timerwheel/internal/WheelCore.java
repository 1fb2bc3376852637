package io.jiffy.timerwheel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import io.jiffy.timer.TimerFunction;
import io.jiffy.timer.TimerInfo;
import io.jiffy.timer.TimerLockup;
import io.jiffy.timer.TimerStats;

/**
 * The timer wheel without OSGi: one {@link WheelBase} per CPU, driven by
 * {@link #runTimers(int, long)} (the timer softirq after each tick of that CPU). Unit tests
 * drive it directly; the {@link TimerWheelComponent} drives it from the tick.
 */
final class WheelCore {

    private static final VarHandle LAST_JIFFIES;

    static {
        try {
            LAST_JIFFIES = MethodHandles.lookup().findVarHandle(WheelCore.class, "lastJiffies", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WheelBase[] bases;
    private final WheelLog log;
    private final AtomicLong ids = new AtomicLong();
    /** The highest jiffies any CPU has run its timers for: a plain volatile (read on an arm of an empty base). */
    private volatile long lastJiffies;
    /** The latest soft lockup, or null; written by the watchdog thread only. */
    private volatile TimerLockup lastLockup;
    /** The soft-lockup threshold in force, 0 when no watchdog runs; for display. */
    private volatile long softLockupThresholdNanos;

    /**
     * @param cpus          the number of CPUs, one base each
     * @param startJiffies  the jiffies now: every base's clock starts there
     */
    WheelCore(int cpus, long startJiffies, WheelLog log) {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1, got " + cpus);
        }
        this.log = Objects.requireNonNull(log);
        this.lastJiffies = startJiffies;
        bases = new WheelBase[cpus];
        for (int i = 0; i < cpus; i++) {
            bases[i] = new WheelBase(this, i, startJiffies);
        }
    }

    int cpus() {
        return bases.length;
    }

    WheelLog log() {
        return log;
    }

    /** The highest jiffies any CPU has run its timers for. */
    long lastJiffies() {
        return lastJiffies;
    }

    /** timer_setup: a new inactive timer on {@code cpu} owned by {@code owner}. */
    TimerImpl newTimer(TimerFunction function, int cpu, Owner owner) {
        Objects.requireNonNull(function, "function");
        return new TimerImpl(ids.incrementAndGet(), base(cpu), function, owner);
    }

    /** run_timer_softirq on {@code cpu}: runs every timer of that CPU due by {@code jiffies}, in order. */
    void runTimers(int cpu, long jiffies) {
        long last = lastJiffies;
        while (jiffies > last) {
            long witness = (long) LAST_JIFFIES.compareAndExchange(this, last, jiffies);
            if (witness == last) {
                break;
            }
            last = witness;
        }
        base(cpu).run(jiffies);
    }

    /** get_next_timer_interrupt: when {@code cpu} must next run its timers, or Long.MAX_VALUE. */
    long nextEventJiffies(int cpu) {
        return base(cpu).nextEventJiffies();
    }

    /** Deletes every timer of {@code owner} on every CPU; returns how many were pending. */
    int cancelAll(Owner owner) {
        int n = 0;
        for (WheelBase b : bases) {
            n += b.cancel(owner);
        }
        return n;
    }

    /** Every pending timer, by CPU then expiry. */
    List<TimerInfo> pending(long now) {
        List<TimerInfo> out = new ArrayList<>();
        for (WheelBase b : bases) {
            b.pending(now, out);
        }
        out.sort(Comparator.comparingInt(TimerInfo::cpu).thenComparingLong(TimerInfo::expires)
                .thenComparingLong(TimerInfo::id));
        return out;
    }

    List<TimerStats> stats() {
        List<TimerStats> out = new ArrayList<>(bases.length);
        for (WheelBase b : bases) {
            out.add(b.stats());
        }
        return out;
    }

    /**
     * One soft-lockup watchdog sample of every CPU at host time {@code hostNanos}; see
     * {@link WheelBase#watch}. Called by the {@link SoftLockupWatchdog} thread (and by tests).
     */
    void watch(long hostNanos, long thresholdNanos) {
        for (WheelBase b : bases) {
            b.watch(hostNanos, thresholdNanos);
        }
    }

    /** A call stuck longer than the threshold: logged once when {@code first}, and the latest lockup. */
    void lockupSeen(TimerLockup l, boolean first) {
        lastLockup = l;
        if (first) {
            log.warn(softLockupMessage(l));
        }
    }

    /** A reported call ended: the latest lockup (if still that one) is marked over. */
    void lockupOver(TimerLockup l) {
        TimerLockup last = lastLockup;
        if (last != null && last.cpu() == l.cpu() && last.timerId() == l.timerId()) {
            lastLockup = l;
        }
    }

    /** The kernel's line: {@code BUG: soft lockup - CPU#0 stuck for 25ms! [timer 7 of com.example: its function]}. */
    static String softLockupMessage(TimerLockup l) {
        return "BUG: soft lockup - CPU#" + l.cpu() + " stuck for " + stuckFor(l.stuckNanos()) + "! [timer " + l.timerId()
                + " of " + l.owner() + ": " + l.function() + "]";
    }

    /** Whole milliseconds below a second, whole seconds above (the kernel prints %us). */
    static String stuckFor(long nanos) {
        long ms = nanos / 1_000_000L;
        return ms < 1_000 ? ms + "ms" : ms / 1_000 + "s";
    }

    TimerLockup lastLockup() {
        return lastLockup;
    }

    long softLockupThresholdNanos() {
        return softLockupThresholdNanos;
    }

    void softLockupThresholdNanos(long nanos) {
        softLockupThresholdNanos = nanos;
    }

    WheelBase base(int cpu) {
        if (cpu < 0 || cpu >= bases.length) {
            throw new IllegalArgumentException("no CPU " + cpu + ": CPUs are 0.." + (bases.length - 1));
        }
        return bases[cpu];
    }
}
