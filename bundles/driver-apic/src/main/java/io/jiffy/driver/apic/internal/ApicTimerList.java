package io.jiffy.driver.apic.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.jiffy.clocksource.CycleConverter;
import io.jiffy.driver.apic.ApicTimer;
import io.jiffy.driver.apic.ApicTimerCallback;
import io.jiffy.driver.apic.ApicTimerInfo;
import io.jiffy.driver.apic.ApicTimerStats;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.Machine;
import io.jiffy.machine.OscillatorCounter;

/**
 * The APIC timer list of the seed: one-shot timers with an absolute TSC deadline, kept per CPU
 * in a list sorted by expiry (deadline, then adding order), with the CPU's TSC-deadline
 * comparator armed for the first one. Plain Java; the DS components publish it.
 *
 * <p><b>The comparator.</b> Each CPU has its own IRQ line {@value #IRQ_NAME}, separate from the
 * {@code lapic-timer} line of the {@link Lapic} clock-event device. Real hardware has one
 * local APIC timer per CPU, used either as a countdown (the tick) or in TSC-deadline mode; this
 * model gives the timer list its own comparator so that the tick device and the timer list
 * never re-program each other's interrupt (the kernel avoids that conflict by running hrtimers
 * on top of the tick device; the seed's timer list owned the APIC outright). Its interrupt is
 * delivered the configured {@link IrqDelay} after the TSC reaches the armed value.
 *
 * <p><b>Latency correction.</b> Interrupts arrive late by the interrupt latency. The list
 * learns it: for every interrupt it measures how long after the armed TSC value the handler
 * ran, and keeps an exponentially weighted mean (weight 1/{@value #CORRECTION_WEIGHT}) of it,
 * the CPU's correction, at most {@value #MAX_CORRECTION_NANOS} ns. The comparator is armed that
 * much before the first deadline, but never before now. The timer the interrupt was armed for
 * fires, and so does every later timer whose deadline is less than half the correction away
 * (waiting for another interrupt would make it later than firing it now makes it early). With
 * a steady latency the firing error falls below 1 µs within a few dozen timers.
 *
 * <p><b>Errors.</b> A timer's error is the TSC when its callback is called minus its deadline,
 * in nanoseconds (positive: late); each timer records its own, each CPU keeps statistics.
 *
 * <p><b>Ownership.</b> Every timer records an owner token (the bundle-scoped service instance
 * that added it); {@link #cancelOwner(Object)} cancels all of an owner's timers when the
 * bundle releases the service.
 *
 * <p>Locks: one monitor per CPU for its list, statistics and comparator; callbacks run outside
 * it, in interrupt context on the CPU, in deadline order. A stuck TSC never reaches a future
 * deadline: such timers stay pending (the comparator is left disarmed).
 */
final class ApicTimerList {

    /** The name of the TSC-deadline interrupt line on each CPU. */
    static final String IRQ_NAME = "apic-deadline";
    /** The correction moves by 1/{@value} of each observed error. */
    static final int CORRECTION_WEIGHT = 8;
    /** The correction never exceeds this (an outlier such as a long host pause must not make every timer early). */
    static final long MAX_CORRECTION_NANOS = 1_000_000L;
    /** Deadlines given as a delay are at most this many cycles ahead, so the list's ordering modulo 2^64 holds. */
    static final long MAX_DELAY_CYCLES = 1L << 62;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int PENDING = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;

    private final Machine machine;
    private final OscillatorCounter tsc;
    private final CycleConverter conv;
    private final ApicLog log;
    private final PerCpu[] cpus;
    private final AtomicLong ids = new AtomicLong();
    /** Deadlines are ordered by their distance from this TSC value (modulo 2^64). */
    private final long orderBase;
    private volatile boolean stopped;

    /**
     * Requests the deadline line of every CPU.
     *
     * @param delays the interrupt delay of each CPU's deadline line
     */
    ApicTimerList(Machine machine, OscillatorCounter tsc, IntFunction<IrqDelay> delays, ApicLog log) {
        this.machine = machine;
        this.tsc = tsc;
        this.conv = CycleConverter.forFrequency(tsc.frequencyHz());
        this.log = log;
        this.orderBase = tsc.count();
        this.cpus = new PerCpu[machine.cpus()];
        for (int c = 0; c < cpus.length; c++) {
            PerCpu pc = new PerCpu(c, delays.apply(c));
            pc.line = machine.requestIrq(IRQ_NAME, c, l -> interrupt(pc));
            cpus[c] = pc;
        }
    }

    // ---------------------------------------------------------------- operations

    /** The number of CPUs. */
    int cpus() {
        return cpus.length;
    }

    /** The TSC the deadlines are in. */
    OscillatorCounter tsc() {
        return tsc;
    }

    /**
     * Adds a timer due when the TSC reaches {@code deadlineTsc}.
     *
     * @param owner symbolic name of the adding bundle, for listings
     * @param token identifies the adder for {@link #cancelOwner(Object)}
     */
    ApicTimer addAt(int cpu, long deadlineTsc, ApicTimerCallback callback, String owner, Object token) {
        if (cpu < 0 || cpu >= cpus.length) {
            throw new IllegalArgumentException("no CPU " + cpu + ", CPUs are 0.." + (cpus.length - 1));
        }
        if (callback == null) {
            throw new IllegalArgumentException("the timer's callback must not be null");
        }
        PerCpu pc = cpus[cpu];
        Entry e = new Entry(ids.incrementAndGet(), pc, deadlineTsc, callback, owner, token);
        synchronized (pc) {
            if (stopped) {
                throw new IllegalStateException("the APIC timer list has stopped (the x86 driver is being removed)");
            }
            pc.queue.add(e);
            if (pc.queue.first() == e) {
                arm(pc);
            }
        }
        return e;
    }

    /** Adds a timer due {@code delayNanos} from now (the delay in TSC cycles rounded up, at most 2^62 cycles). */
    ApicTimer addAfter(int cpu, long delayNanos, ApicTimerCallback callback, String owner, Object token) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("the delay must be 0 ns or more, got " + delayNanos + " ns");
        }
        long cycles = Math.min(conv.toCycles(delayNanos), MAX_DELAY_CYCLES);
        return addAt(cpu, tsc.count() + cycles, callback, owner, token);
    }

    /** Cancels every pending timer added with {@code token}; returns how many. */
    int cancelOwner(Object token) {
        int n = 0;
        for (PerCpu pc : cpus) {
            synchronized (pc) {
                boolean headGone = false;
                Iterator<Entry> it = pc.queue.iterator();
                boolean first = true;
                while (it.hasNext()) {
                    Entry e = it.next();
                    if (e.token == token) {
                        it.remove();
                        e.state = CANCELLED;
                        headGone |= first;
                        n++;
                    }
                    first = false;
                }
                if (headGone && !stopped) {
                    arm(pc);
                }
            }
        }
        return n;
    }

    /** Cancels everything and frees every CPU's deadline line; nothing fires afterwards. Idempotent. */
    void shutdown() {
        stopped = true;
        for (PerCpu pc : cpus) {
            synchronized (pc) {
                for (Entry e : pc.queue) {
                    e.state = CANCELLED;
                }
                pc.queue.clear();
                pc.armedFor = null;
                pc.armedDelivery = Long.MAX_VALUE;
            }
            pc.line.free();
        }
    }

    /** Every pending timer, by CPU then deadline. */
    List<ApicTimerInfo> pending() {
        List<ApicTimerInfo> infos = new ArrayList<>();
        for (PerCpu pc : cpus) {
            synchronized (pc) {
                long now = tsc.count();
                for (Entry e : pc.queue) {
                    infos.add(new ApicTimerInfo(e.id, pc.cpu, e.deadline, Math.max(0, toNanos(e.deadline - now)), e.owner));
                }
            }
        }
        return Collections.unmodifiableList(infos);
    }

    /** Statistics per CPU. */
    List<ApicTimerStats> stats() {
        List<ApicTimerStats> stats = new ArrayList<>(cpus.length);
        for (PerCpu pc : cpus) {
            synchronized (pc) {
                long n = pc.fired;
                stats.add(new ApicTimerStats(pc.cpu, pc.queue.size(), n, Math.round(pc.correctionNanos), pc.lastError,
                        n == 0 ? 0 : Math.round((double) pc.sumError / n), n == 0 ? 0 : Math.round((double) pc.sumAbsError / n),
                        pc.maxAbsError, pc.callbackErrors));
            }
        }
        return Collections.unmodifiableList(stats);
    }

    /** The correction of {@code cpu} in ns, with its fraction. */
    double correctionNanos(int cpu) {
        PerCpu pc = cpus[cpu];
        synchronized (pc) {
            return pc.correctionNanos;
        }
    }

    /** The machine time the deadline line of {@code cpu} is armed for, -1 when disarmed. */
    long armedAt(int cpu) {
        return cpus[cpu].line.armedAt();
    }

    private boolean cancel(Entry e) {
        PerCpu pc = e.home;
        synchronized (pc) {
            if (e.state != PENDING) {
                return false;
            }
            boolean wasFirst = pc.queue.first() == e;
            pc.queue.remove(e);
            e.state = CANCELLED;
            if (wasFirst && !stopped) {
                arm(pc);
            }
            return true;
        }
    }

    // ---------------------------------------------------------------- the comparator

    /**
     * Arms the deadline comparator of {@code pc} for its first timer, the correction early but
     * never before now; disarms it when the list is empty. Under pc's monitor.
     */
    private void arm(PerCpu pc) {
        if (pc.queue.isEmpty()) {
            disarm(pc);
            return;
        }
        Entry first = pc.queue.first();
        long now = tsc.count();
        long at = first.deadline - conv.toCycles(Math.round(pc.correctionNanos));
        if (at - now < 0) {
            at = now; // never arm before now: the interrupt comes at once (plus its latency)
        }
        long hardware = tsc.nanosWhen(at);
        if (hardware < 0) {
            disarm(pc); // a stuck TSC never gets there
            return;
        }
        pc.armedFor = first;
        pc.armedTsc = at;
        pc.armedDelivery = pc.delay.deliveryAfter(hardware);
        pc.line.raiseAt(pc.armedDelivery);
    }

    private static void disarm(PerCpu pc) {
        pc.line.cancel();
        pc.armedFor = null;
        pc.armedDelivery = Long.MAX_VALUE;
    }

    /** The deadline interrupt of one CPU: learn the latency, take the due timers, re-arm, run their callbacks. */
    private void interrupt(PerCpu pc) {
        long nowNanos = machine.nanoTime();
        long nowTsc = tsc.count();
        List<Entry> due = new ArrayList<>(2);
        synchronized (pc) {
            if (stopped) {
                return;
            }
            // an interrupt for the current arming (not one overtaken by a re-arming while on its way)
            boolean genuine = pc.armedFor != null && nowNanos >= pc.armedDelivery;
            Entry armedFor = genuine ? pc.armedFor : null;
            if (genuine) {
                learn(pc, toNanos(nowTsc - pc.armedTsc));
            }
            long soon = conv.toCycles(Math.round(pc.correctionNanos)) / 2;
            while (!pc.queue.isEmpty()) {
                Entry f = pc.queue.first();
                if (f != armedFor && f.deadline - nowTsc > soon) {
                    break;
                }
                pc.queue.pollFirst();
                long error = toNanos(nowTsc - f.deadline);
                f.error = error;
                f.state = FIRED;
                record(pc, error);
                due.add(f);
            }
            arm(pc);
        }
        for (Entry e : due) {
            try {
                e.callback.expired(e);
            } catch (RuntimeException | LinkageError | AssertionError x) {
                synchronized (pc) {
                    pc.callbackErrors++;
                }
                log.warn("APIC timer " + e.id + " of " + e.owner + " on cpu" + pc.cpu + ": callback threw " + x, x);
            }
        }
    }

    /** Moves the correction 1/8 of the way towards the latency just observed, within 0..max. Under pc's monitor. */
    private static void learn(PerCpu pc, long observedNanos) {
        double c = pc.correctionNanos + (observedNanos - pc.correctionNanos) / CORRECTION_WEIGHT;
        pc.correctionNanos = Math.max(0, Math.min(MAX_CORRECTION_NANOS, c));
    }

    private static void record(PerCpu pc, long error) {
        pc.fired++;
        pc.lastError = error;
        pc.sumError += error;
        long abs = Math.abs(error);
        pc.sumAbsError += abs;
        pc.maxAbsError = Math.max(pc.maxAbsError, abs);
    }

    /** Signed TSC cycles to nanoseconds, rounded to nearest, saturating. */
    private long toNanos(long cycles) {
        long hz = conv.frequencyHz();
        long whole;
        try {
            whole = Math.multiplyExact(cycles / hz, NANOS_PER_SECOND);
        } catch (ArithmeticException overflow) {
            return cycles < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        // |remainder| < hz <= 1 THz: its share of a second is below 10^9 ns, exact enough as a double
        long part = Math.round((double) (cycles % hz) * NANOS_PER_SECOND / hz);
        long r = whole + part;
        return ((whole ^ r) & (part ^ r)) < 0 ? (cycles < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    // ---------------------------------------------------------------- parts

    /** One CPU: its sorted list, its comparator and what it learned. Guarded by its own monitor. */
    private final class PerCpu {
        final int cpu;
        final IrqDelay delay;
        final TreeSet<Entry> queue;
        IrqLine line;
        Entry armedFor;
        long armedTsc;
        long armedDelivery = Long.MAX_VALUE;
        double correctionNanos;
        long fired;
        long lastError;
        long sumError;
        long sumAbsError;
        long maxAbsError;
        long callbackErrors;

        PerCpu(int cpu, IrqDelay delay) {
            this.cpu = cpu;
            this.delay = delay;
            this.queue = new TreeSet<>(Comparator.<Entry>comparingLong(e -> e.deadline - orderBase).thenComparingLong(e -> e.id));
        }
    }

    /** One timer. */
    private final class Entry implements ApicTimer {
        final long id;
        final PerCpu home;
        final long deadline;
        final ApicTimerCallback callback;
        final String owner;
        final Object token;
        volatile int state = PENDING;
        volatile long error;

        Entry(long id, PerCpu home, long deadline, ApicTimerCallback callback, String owner, Object token) {
            this.id = id;
            this.home = home;
            this.deadline = deadline;
            this.callback = callback;
            this.owner = owner;
            this.token = token;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public int cpu() {
            return home.cpu;
        }

        @Override
        public long deadlineTsc() {
            return deadline;
        }

        @Override
        public boolean pending() {
            return state == PENDING;
        }

        @Override
        public boolean fired() {
            return state == FIRED;
        }

        @Override
        public long errorNanos() {
            return error;
        }

        @Override
        public boolean cancel() {
            return ApicTimerList.this.cancel(this);
        }

        @Override
        public String toString() {
            return "APIC timer " + id + " cpu" + home.cpu + " deadline " + deadline + " (" + owner + ")";
        }
    }
}
