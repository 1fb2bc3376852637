package io.jiffy.machine.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.LongUnaryOperator;

import io.jiffy.machine.IrqHandler;
import io.jiffy.machine.IrqInfo;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.Machine;

/**
 * The simulated board itself: oscillator, CPUs and interrupt lines, in real or virtual time.
 * A plain Java object (no OSGi), started with {@link #start()} and stopped with
 * {@link #shutdown()}; the OSGi components only own and expose it.
 *
 * <p><b>Queues.</b> Each CPU has one queue of pending interrupts ordered by (time, arming
 * sequence), guarded by the CPU object's monitor. Each line owns two queue entries: its
 * comparator ({@link IrqLine#raiseAt}) and its pending software raise ({@link IrqLine#raise});
 * re-arming moves the comparator entry, a second raise while one is pending is coalesced
 * (one pending bit, as in an interrupt controller). The arming sequence is one global counter
 * taken when an entry is queued.
 *
 * <p><b>Real mode.</b> The oscillator is {@link System#nanoTime()} since construction. Each CPU
 * is a daemon thread {@code jiffy-cpu<N>} that parks until {@code spinThresholdNanos} before
 * its earliest deadline, spins the rest, and runs due handlers one at a time: handlers of one
 * CPU never overlap. Arming an entry that becomes the CPU's earliest wakes its thread.
 *
 * <p><b>Virtual mode.</b> Time is a volatile long moved only by {@link #advance}/{@link #advanceTo}:
 * the caller's thread repeatedly takes the earliest due entry over all CPUs (ties: lower CPU
 * index, then arming sequence), sets the time to it and runs its handler acting as that CPU.
 *
 * <p>Public (in a private package) so that other modules' unit tests can run on a real
 * virtual machine without a framework: {@code new MachineCore(true, 2, 0)} then {@link #start()}.
 */
public final class MachineCore implements Machine {

    /** Owner recorded on lines requested through the {@link Machine} methods of the core itself. */
    static final String KERNEL_OWNER = "io.jiffy.machine";

    /** Queue order: time, then the global arming sequence. */
    private static final Comparator<Event> ORDER =
            Comparator.<Event>comparingLong(e -> e.when).thenComparingLong(e -> e.seq);

    private enum State { NEW, RUNNING, SHUT_DOWN }

    private final boolean virtual;
    private final long spinThresholdNanos;
    private final Cpu[] cpus;
    private final ConcurrentSkipListMap<Integer, Line> lines = new ConcurrentSkipListMap<>();
    private final AtomicInteger nextIrq = new AtomicInteger();
    private final long bootNanos = System.nanoTime();
    private volatile State state = State.NEW;
    private volatile BiConsumer<String, Throwable> errorLog = (message, error) -> { };

    /** Global arming sequence: orders interrupts armed for one instant (the tie rule after the CPU index). */
    private final AtomicLong armSeq = new AtomicLong();

    // virtual mode
    private volatile long virtualNow;
    private final ReentrantLock advanceLock = new ReentrantLock();
    private volatile Thread advancingThread;
    private int dispatchCpu = -1; // read and written only by advancingThread

    /**
     * @param virtual            virtual time (moved by advance) instead of the host clock
     * @param cpus               number of CPUs, 1..64
     * @param spinThresholdNanos real mode: the last stretch before a deadline that a CPU spins
     *                           instead of parking, 0 or more
     */
    public MachineCore(boolean virtual, int cpus, long spinThresholdNanos) {
        if (cpus < 1 || cpus > MachineSettings.MAX_CPUS) {
            throw new IllegalArgumentException("cpus must be 1.." + MachineSettings.MAX_CPUS + ", got " + cpus);
        }
        if (spinThresholdNanos < 0) {
            throw new IllegalArgumentException("spinThresholdNanos must be >= 0, got " + spinThresholdNanos);
        }
        this.virtual = virtual;
        this.spinThresholdNanos = spinThresholdNanos;
        this.cpus = new Cpu[cpus];
        for (int i = 0; i < cpus; i++) {
            this.cpus[i] = new Cpu(i);
        }
    }

    /** Where handler failures and shutdown problems are reported (one line each); no-op by default. */
    public void setErrorLog(BiConsumer<String, Throwable> errorLog) {
        this.errorLog = Objects.requireNonNull(errorLog);
    }

    /** Powers the board on: in real mode starts one thread per CPU. */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("machine already " + (state == State.RUNNING ? "started" : "shut down"));
        }
        state = State.RUNNING;
        if (!virtual) {
            for (Cpu cpu : cpus) {
                cpu.thread = new CpuThread(this, cpu);
                cpu.thread.start();
            }
        }
    }

    /**
     * Powers the board off: nothing armed runs after this returns. In real mode stops and joins
     * the CPU threads (a handler still running is waited for); in virtual mode later advances are
     * refused. Pending interrupts are dropped. Idempotent.
     */
    public void shutdown() {
        synchronized (this) {
            if (state == State.SHUT_DOWN) {
                return;
            }
            state = State.SHUT_DOWN;
        }
        for (Cpu cpu : cpus) {
            synchronized (cpu) {
                for (Event e : cpu.queue) {
                    e.queued = false;
                    if (e.comparator) {
                        e.line.armedAt = -1;
                    }
                }
                cpu.queue.clear();
                cpu.epoch++;
            }
            if (cpu.thread != null) {
                LockSupport.unpark(cpu.thread);
            }
        }
        for (Cpu cpu : cpus) {
            Thread t = cpu.thread;
            if (t == null || t == Thread.currentThread()) {
                continue;
            }
            try {
                t.join(10_000);
                if (t.isAlive()) {
                    errorLog.accept("CPU thread " + t.getName() + " did not stop within 10 s: an interrupt handler is stuck", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // a virtual advance in progress on another thread sees SHUT_DOWN and stops at its next entry
        advanceLock.lock();
        advanceLock.unlock();
    }

    // ---------------------------------------------------------------- Machine

    @Override
    public int cpus() {
        return cpus.length;
    }

    @Override
    public long nanoTime() {
        return virtual ? virtualNow : System.nanoTime() - bootNanos;
    }

    @Override
    public boolean isVirtual() {
        return virtual;
    }

    @Override
    public int currentCpu() {
        Thread t = Thread.currentThread();
        if (virtual) {
            return t == advancingThread ? dispatchCpu : -1;
        }
        return t instanceof CpuThread c && c.core == this ? c.cpu.index : -1;
    }

    @Override
    public Line requestIrq(String name, int cpu, IrqHandler handler) {
        return requestIrq(name, cpu, handler, KERNEL_OWNER, null);
    }

    /**
     * Allocates a line as {@link Machine#requestIrq} does, recording its owner.
     *
     * @param owner symbolic name of the bundle that requested it
     * @param token identifies the requester for {@link #freeAll(Object)}; may be null
     */
    Line requestIrq(String name, int cpu, IrqHandler handler, String owner, Object token) {
        if (name == null || handler == null || owner == null) {
            throw new IllegalArgumentException("requestIrq: name, handler and owner must not be null");
        }
        if (cpu < 0 || cpu >= cpus.length) {
            throw new IllegalArgumentException("requestIrq(" + name + "): no CPU " + cpu + ", CPUs are 0.." + (cpus.length - 1));
        }
        Line line = new Line(nextIrq.getAndIncrement(), name, cpus[cpu], handler, owner, token);
        lines.put(line.number, line);
        return line;
    }

    /** Frees every line requested with {@code token}; returns how many were freed. */
    int freeAll(Object token) {
        int n = 0;
        for (Line line : lines.values()) {
            if (line.token == token) {
                line.free();
                n++;
            }
        }
        return n;
    }

    @Override
    public List<IrqInfo> interrupts() {
        List<IrqInfo> infos = new ArrayList<>(lines.size());
        for (Line l : lines.values()) {
            infos.add(new IrqInfo(l.number, l.name, l.cpu.index, l.count, l.armedAt, l.owner));
        }
        return Collections.unmodifiableList(infos);
    }

    @Override
    public void advance(long nanos) {
        checkAdvance();
        if (nanos < 0) {
            throw new IllegalArgumentException("advance: cannot run time backwards by " + nanos + " ns");
        }
        advance(now -> {
            long target = now + nanos;
            if (target < now) {
                throw new IllegalArgumentException("advance: " + nanos + " ns from " + now + " ns overflows the oscillator");
            }
            return target;
        });
    }

    @Override
    public void advanceTo(long machineNanos) {
        checkAdvance();
        advance(now -> {
            if (machineNanos < now) {
                throw new IllegalArgumentException("advanceTo: " + machineNanos
                        + " ns lies in the past, machine time is already " + now + " ns");
            }
            return machineNanos;
        });
    }

    private void checkAdvance() {
        if (!virtual) {
            throw new IllegalStateException("advance: the machine runs in real time; only a virtual machine "
                    + "(" + MODE_PROPERTY + "=virtual) can be advanced");
        }
        if (Thread.currentThread() == advancingThread) {
            throw new IllegalStateException("advance: called from an interrupt handler; time can only be "
                    + "advanced from outside interrupt context");
        }
    }

    /** The virtual dispatch loop; {@code targetFromNow} computes the target from the current time under the lock. */
    private void advance(LongUnaryOperator targetFromNow) {
        advanceLock.lock();
        try {
            if (state != State.RUNNING) {
                throw new IllegalStateException("advance: the machine is " + (state == State.NEW ? "not started" : "shut down"));
            }
            long target = targetFromNow.applyAsLong(virtualNow);
            advancingThread = Thread.currentThread();
            try {
                Event next;
                while (state == State.RUNNING && (next = takeEarliest(target)) != null) {
                    virtualNow = Math.max(next.takenAt, virtualNow);
                    dispatchCpu = next.line.cpu.index;
                    try {
                        deliver(next);
                    } finally {
                        dispatchCpu = -1;
                    }
                }
                if (state == State.RUNNING) {
                    virtualNow = target;
                }
            } finally {
                advancingThread = null;
            }
        } finally {
            advanceLock.unlock();
        }
    }

    /**
     * Removes and returns the earliest entry due by {@code target} over all CPUs, or null.
     * Ties in (effective) time go to the lowest CPU index; within a CPU the queue order decides.
     * Virtual mode only.
     */
    private Event takeEarliest(long target) {
        for (;;) {
            Cpu best = null;
            Event bestEvent = null;
            long bestTime = 0;
            long bestSeq = 0;
            long now = virtualNow;
            for (Cpu cpu : cpus) {
                synchronized (cpu) {
                    if (cpu.queue.isEmpty()) {
                        continue;
                    }
                    Event first = cpu.queue.first();
                    long t = Math.max(first.when, now); // an arming raced with the advance: never run time backwards
                    if (t <= target && (best == null || t < bestTime)) { // strict: the lower CPU keeps a tie
                        best = cpu;
                        bestEvent = first;
                        bestTime = t;
                        bestSeq = first.seq;
                    }
                }
            }
            if (best == null) {
                return null;
            }
            synchronized (best) {
                // re-check: another thread may have cancelled or re-armed it meanwhile
                if (bestEvent.queued && bestEvent.seq == bestSeq && best.queue.first() == bestEvent) {
                    take(best, bestEvent);
                    bestEvent.takenAt = bestTime;
                    return bestEvent;
                }
            }
        }
    }

    // ---------------------------------------------------------------- arming

    /**
     * Queues {@code e} at {@code when} on its CPU, moving it if already queued, and takes the next
     * arming sequence number. For a comparator, {@code armedAt} is what {@link IrqLine#armedAt()} reports.
     */
    private void arm(Event e, long when, long armedAt) {
        Cpu cpu = e.line.cpu;
        boolean wake;
        synchronized (cpu) {
            if (e.line.freed || state == State.SHUT_DOWN) {
                return;
            }
            if (e.queued) {
                cpu.queue.remove(e);
            }
            e.when = when;
            e.seq = armSeq.getAndIncrement();
            cpu.queue.add(e);
            e.queued = true;
            if (e.comparator) {
                e.line.armedAt = armedAt;
            }
            wake = cpu.queue.first() == e;
            if (wake) {
                cpu.epoch++;
            }
        }
        if (wake && cpu.thread != null) {
            LockSupport.unpark(cpu.thread);
        }
    }

    /** Software raise: queued at the current time unless one is already pending (coalesced). */
    private void raise(Line line) {
        Cpu cpu = line.cpu;
        synchronized (cpu) {
            if (line.soft.queued) {
                return;
            }
            arm(line.soft, nanoTime(), -1); // re-entrant monitor
        }
    }

    private void raiseAt(Line line, long machineNanos) {
        // virtual mode: a time already past fires at the current time, never earlier (time never
        // runs backwards); armedAt() still reports the requested time
        long when = virtual ? Math.max(machineNanos, virtualNow) : machineNanos;
        arm(line.timer, when, machineNanos);
    }

    private boolean cancel(Line line) {
        synchronized (line.cpu) {
            boolean pending = false;
            if (line.timer.queued) {
                line.cpu.queue.remove(line.timer);
                line.timer.queued = false;
                pending = true;
            }
            if (line.soft.queued) {
                line.cpu.queue.remove(line.soft);
                line.soft.queued = false;
                pending = true;
            }
            line.armedAt = -1;
            return pending;
        }
    }

    /** Removes {@code e} from the queue of {@code cpu}; caller holds the CPU monitor. */
    private static void take(Cpu cpu, Event e) {
        cpu.queue.remove(e);
        e.queued = false;
        if (e.comparator) {
            e.line.armedAt = -1; // the comparator matched: disarmed, the handler may re-arm it
        }
    }

    /** Runs one interrupt: counts it and calls the handler, catching what it throws. */
    private void deliver(Event e) {
        Line line = e.line;
        if (line.freed) {
            return; // freed between being taken from the queue and now
        }
        line.count++; // single writer: the line's CPU (real) or the advancing thread (virtual)
        try {
            line.handler.handle(line);
        } catch (Throwable t) {
            line.errors++;
            if (line.errors == 1) {
                errorLog.accept("irq " + line.number + " '" + line.name + "' on cpu" + line.cpu.index
                        + " (owner " + line.owner + "): handler threw " + t + "; further errors of this line are only counted", t);
            }
        }
    }

    /** Handler failures counted on the lines still allocated. */
    long handlerErrors() {
        long n = 0;
        for (Line l : lines.values()) {
            n += l.errors;
        }
        return n;
    }

    // ---------------------------------------------------------------- real-mode CPU loop

    private void runCpu(Cpu cpu) {
        while (state == State.RUNNING) {
            Event due = null;
            long deadline = Long.MAX_VALUE;
            int epoch;
            synchronized (cpu) {
                epoch = cpu.epoch;
                if (!cpu.queue.isEmpty()) {
                    Event first = cpu.queue.first();
                    if (first.when <= nanoTime()) { // plain comparison: armed times may be any long
                        take(cpu, first);
                        due = first;
                    } else {
                        deadline = first.when;
                    }
                }
            }
            if (due != null) {
                deliver(due);
                continue;
            }
            if (deadline == Long.MAX_VALUE) {
                LockSupport.park(this);
                continue;
            }
            long wait = deadline - nanoTime();
            if (wait > spinThresholdNanos) {
                LockSupport.parkNanos(this, wait - spinThresholdNanos);
            } else {
                // the last stretch: spin for precision, unless something earlier is armed meanwhile
                while (nanoTime() < deadline && cpu.epoch == epoch) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    // ---------------------------------------------------------------- parts

    /** One CPU: its queue of pending interrupts and, in real mode, its thread. */
    private static final class Cpu {
        final int index;
        /** Pending entries in (when, seq) order; guarded by this. */
        final TreeSet<Event> queue = new TreeSet<>(ORDER);
        /** Bumped when a new earliest entry is queued: ends a spin early. */
        volatile int epoch;
        volatile CpuThread thread;

        Cpu(int index) {
            this.index = index;
        }
    }

    /** The thread of one CPU in real mode; {@link #currentCpu()} recognises it by type. */
    private static final class CpuThread extends Thread {
        final MachineCore core;
        final Cpu cpu;

        CpuThread(MachineCore core, Cpu cpu) {
            super("jiffy-cpu" + cpu.index);
            this.core = core;
            this.cpu = cpu;
            setDaemon(true);
        }

        @Override
        public void run() {
            core.runCpu(cpu);
        }
    }

    /** A queue entry: a line's comparator match or its pending software raise. Mutated only under its CPU's monitor while not queued. */
    private static final class Event {
        final Line line;
        final boolean comparator;
        long when;
        long seq;
        boolean queued;
        /** Virtual mode: the time it was taken at (its time, or the current time if that was later). */
        long takenAt;

        Event(Line line, boolean comparator) {
            this.line = line;
            this.comparator = comparator;
        }
    }

    /** An interrupt line: the kernel's {@code irq_desc} with one comparator and one pending bit. */
    final class Line implements IrqLine {
        final int number;
        final String name;
        final Cpu cpu;
        final IrqHandler handler;
        final String owner;
        final Object token;
        final Event timer = new Event(this, true);
        final Event soft = new Event(this, false);
        volatile long armedAt = -1;
        volatile long count;
        volatile boolean freed;
        long errors;

        Line(int number, String name, Cpu cpu, IrqHandler handler, String owner, Object token) {
            this.number = number;
            this.name = name;
            this.cpu = cpu;
            this.handler = handler;
            this.owner = owner;
            this.token = token;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int cpu() {
            return cpu.index;
        }

        @Override
        public void raise() {
            if (!freed) {
                MachineCore.this.raise(this);
            }
        }

        @Override
        public void raiseAt(long machineNanos) {
            if (!freed) {
                MachineCore.this.raiseAt(this, machineNanos);
            }
        }

        @Override
        public boolean cancel() {
            return !freed && MachineCore.this.cancel(this);
        }

        @Override
        public long armedAt() {
            return armedAt;
        }

        /** Cancels and releases the line; a handler of it already running may still complete. */
        @Override
        public void free() {
            synchronized (cpu) {
                if (freed) {
                    return;
                }
                MachineCore.this.cancel(this);
                freed = true;
            }
            lines.remove(number, this);
        }

        @Override
        public long count() {
            return count;
        }

        @Override
        public String toString() {
            return "irq " + number + " " + name + " cpu" + cpu.index;
        }
    }
}
