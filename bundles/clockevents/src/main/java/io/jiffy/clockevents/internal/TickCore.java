package io.jiffy.clockevents.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.ClockEventInfo;
import io.jiffy.clockevent.ClockEventState;
import io.jiffy.clockevent.HrTimerCallback;
import io.jiffy.clockevent.HrTimerClock;
import io.jiffy.clockevent.HrTimerRestart;
import io.jiffy.clockevent.TickListener;
import io.jiffy.clockevent.TickMode;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.hook.TimerHookChain;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.Machine;

/**
 * The tick core without OSGi (the kernel's {@code clockevents.c}, {@code tick-common.c},
 * {@code tick-sched.c} and {@code hrtimer.c} in one object): device registry and per-CPU tick
 * device selection with hand-over, programming with clamping and the -ETIME retry, jiffies
 * derived from CLOCK_MONOTONIC, the emulated periodic or tickless tick on oneshot devices, and
 * the hrtimer queues. The DS component owns one; tests drive one over a virtual machine.
 *
 * <p>A device can lose an interrupt (a fault the lapic and MIPS drivers simulate): a oneshot
 * device is then never programmed again and its CPU's tick would stop. Each CPU therefore has a
 * backstop, one machine IRQ line ({@value #BACKSTOP_IRQ}) that looks now and then whether the
 * programmed event is overdue and, if so, handles it as the device would have (see
 * {@link #BACKSTOP_PERIOD_NANOS}).
 *
 * <p>Locks: the registry monitor (this) for device changes, then a {@link CpuBase} monitor for
 * that CPU's queues and device; nothing is held while callbacks, listeners or hooks run.
 */
final class TickCore {

    /** Give up raising the minimum delta beyond this (the kernel's MIN_DELTA_LIMIT, 5 ms). */
    static final long MIN_DELTA_LIMIT_NANOS = 5_000_000L;
    /** Programming attempts with the minimum delta before it is raised. */
    static final int MIN_DELTA_TRIES = 3;

    /** Name of each CPU's backstop line in irq:list. */
    static final String BACKSTOP_IRQ = "tick-backstop";
    /**
     * How often, at most, the backstop of a CPU looks at its tick device: every 100 ms of machine
     * time while the device is programmed for events less than that apart (a busy CPU: 10
     * interrupts a second, each a few comparisons); for a longer sleep it looks once, just after
     * that event's {@link #MISSED_MARGIN_NANOS deadline}; with nothing programmed (tickless idle,
     * or a device in periodic state) it is not armed at all. A lost event thus stalls its CPU's
     * tick for at most this period plus the margin (150 ms); jiffies, counted from time, catch up
     * exactly on the recovered tick.
     */
    static final long BACKSTOP_PERIOD_NANOS = 100_000_000L;
    /**
     * How far past the programmed time (or the time it was programmed, if later) an event may
     * still arrive before the backstop counts it as missed: far above what a working device adds
     * (the minimum delta, at most {@link #MIN_DELTA_LIMIT_NANOS}, and its interrupt latency), so a
     * device that is merely late is not reported. A sleep adds 1/32 of its length, for a device
     * oscillator and a clocksource that disagree by up to 3%.
     */
    static final long MISSED_MARGIN_NANOS = 50_000_000L;

    private final Machine machine;
    private final Timekeeper timekeeper;
    private final CoreLog log;
    private final CpuBase[] bases;

    private volatile TickMode mode;
    private volatile JiffyClock clock;
    private final AtomicLong jiffies = new AtomicLong();
    private volatile int timekeepingCpu = -1;
    private volatile boolean highRes = true;
    private volatile boolean running;

    /** Registered devices; guarded by this. */
    private final List<DeviceEntry> devices = new ArrayList<>();
    private volatile TickListener[] listeners = new TickListener[0];
    private final Map<TickListener, Boolean> failedListeners = new IdentityHashMap<>();
    private volatile TimerHookChain chain;
    /** Whether the chain lists (or was seen to run) our do_timer / update_process_times hooks. */
    private volatile boolean chainRunsDoTimer;
    private volatile boolean chainRunsProcessTimes;
    /** The bundle whose hooks count as ours in {@link #checkChain}; null: any owner (tests). */
    private volatile String hookOwner;
    private final AtomicLong hrSeq = new AtomicLong();
    private final AtomicLong listenerErrors = new AtomicLong();
    private final AtomicLong hrtimerErrors = new AtomicLong();
    private final AtomicLong hookErrors = new AtomicLong();
    /**
     * Events each device missed as a tick device since it was last reported (on leaving a CPU);
     * a device is in it from its first miss (logged once) until it is removed. Guarded by itself.
     */
    private final Map<DeviceEntry, Long> missed = new IdentityHashMap<>();
    /** Devices the core gave up programming once (logged once); guarded by itself. */
    private final Map<DeviceEntry, Boolean> gaveUp = new IdentityHashMap<>();

    TickCore(Machine machine, Timekeeper timekeeper, int hz, TickMode mode, CoreLog log) {
        this.machine = machine;
        this.timekeeper = timekeeper;
        this.log = log;
        this.mode = mode;
        this.clock = new JiffyClock(0, 0, hz);
        this.bases = new CpuBase[machine.cpus()];
        for (int c = 0; c < bases.length; c++) {
            bases[c] = new CpuBase(c, this);
        }
    }

    // ------------------------------------------------------------------ life cycle

    /** Starts the tick: jiffies 0 now, tick devices chosen among the registered devices. */
    synchronized void start() {
        long now = monotonicNanos();
        clock = new JiffyClock(now, 0, clock.hz());
        jiffies.set(0);
        for (CpuBase b : bases) {
            synchronized (b) {
                b.nextTick = clock.time(1);
                b.backstopAt = CpuBase.BACKSTOP_PARKED; // armed by the first programming
                if (b.backstop == null) {
                    try {
                        b.backstop = machine.requestIrq(BACKSTOP_IRQ, b.cpu, line -> backstop(b));
                    } catch (RuntimeException ex) {
                        log.warn("cpu" + b.cpu + ": no " + BACKSTOP_IRQ + " line (" + ex
                                + "): a lost event of its tick device will not be recovered");
                    }
                }
            }
        }
        running = true;
        reassign();
    }

    /** Stops the tick: every tick device shut down, every hrtimer dropped. */
    synchronized void stop() {
        running = false;
        for (CpuBase b : bases) {
            detach(b);
            synchronized (b) {
                for (HrTimerImpl t : b.monotonic) {
                    t.queuedOn = null;
                }
                for (HrTimerImpl t : b.realtime) {
                    t.queuedOn = null;
                }
                b.monotonic.clear();
                b.realtime.clear();
            }
            IrqLine line;
            synchronized (b) {
                line = b.backstop;
                b.backstop = null;
                b.backstopAt = CpuBase.BACKSTOP_PARKED;
            }
            if (line != null) {
                line.free();
            }
        }
        timekeepingCpu = -1;
    }

    /** Changes HZ and mode while running; jiffies continue from their current value. */
    synchronized void reconfigure(int hz, TickMode newMode) {
        if (hz == clock.hz() && newMode == mode) {
            return;
        }
        long now = monotonicNanos();
        updateJiffies(now);
        long j = jiffies.get();
        clock = new JiffyClock(clock.time(j), j, hz);
        mode = newMode;
        for (CpuBase b : bases) {
            synchronized (b) {
                b.nextTick = clock.time(clock.index(now) + 1);
                DeviceEntry e = b.device;
                if (e != null) {
                    if (e.oneshot) {
                        b.programmedFor = Long.MAX_VALUE;
                        reprogram(b, now);
                    } else {
                        setPeriodic(e);
                    }
                }
            }
        }
        updateHighRes();
        log.info("tick reconfigured: HZ " + hz + ", " + modeName(newMode));
    }

    // ------------------------------------------------------------------ registry

    /** A device service arrived. */
    synchronized void addDevice(ClockEventDevice device, String owner, long order) {
        DeviceEntry entry;
        try {
            entry = new DeviceEntry(device, owner, order);
        } catch (RuntimeException e) {
            log.error("clock-event device of " + owner + " refused: " + e.getMessage(), null);
            return;
        }
        if (entry.cpu >= bases.length || entry.cpu < -1) {
            log.warn("clock-event device " + entry.name + " of " + owner + " is for CPU " + entry.cpu
                    + ", the machine has CPUs 0.." + (bases.length - 1) + ": not used");
        } else if (!entry.oneshot && !entry.periodic) {
            log.warn("clock-event device " + entry.name + " of " + owner + " has neither ONESHOT nor PERIODIC: not used");
        }
        devices.add(entry);
        if (running) {
            reassign();
        }
    }

    /** A device service is going away: if it is a tick device, the tick is handed over first. */
    synchronized void removeDevice(ClockEventDevice device) {
        DeviceEntry entry = find(device);
        if (entry == null) {
            return;
        }
        devices.remove(entry);
        if (running) {
            reassign();
        }
        if (entry.tickOf >= 0) {
            detach(bases[entry.tickOf]);
        }
        entry.state = ClockEventState.DETACHED;
        synchronized (gaveUp) {
            gaveUp.remove(entry);
        }
        synchronized (missed) {
            missed.remove(entry);
        }
    }

    private DeviceEntry find(ClockEventDevice device) {
        for (DeviceEntry e : devices) {
            if (e.device == device) {
                return e;
            }
        }
        return null;
    }

    /** Whether {@code e} can be the tick device of {@code cpu}. */
    private boolean usable(DeviceEntry e, int cpu) {
        return (e.cpu == cpu || e.cpu == -1) && (e.oneshot || e.periodic);
    }

    /** Whether {@code a} is a better tick device for {@code cpu} than {@code b}: local, then rating, then older. */
    private static boolean better(DeviceEntry a, DeviceEntry b, int cpu) {
        if (b == null) {
            return true;
        }
        boolean al = a.cpu == cpu;
        boolean bl = b.cpu == cpu;
        if (al != bl) {
            return al;
        }
        if (a.rating != b.rating) {
            return a.rating > b.rating;
        }
        return a.order < b.order;
    }

    /** Chooses every CPU's tick device and hands over where the choice changed. Under this. */
    private void reassign() {
        DeviceEntry[] chosen = new DeviceEntry[bases.length];
        List<DeviceEntry> usedGlobal = new ArrayList<>();
        for (int c = 0; c < bases.length; c++) {
            DeviceEntry best = null;
            for (DeviceEntry e : devices) {
                if (usable(e, c) && !usedGlobal.contains(e) && better(e, best, c)) {
                    best = e;
                }
            }
            chosen[c] = best;
            if (best != null && best.cpu == -1) {
                usedGlobal.add(best);
            }
        }
        // first release every device that leaves a CPU (a global one may move to another CPU) ...
        for (int c = 0; c < bases.length; c++) {
            if (bases[c].device != chosen[c]) {
                detach(bases[c]);
            }
        }
        // ... then set up the new ones, continuing each CPU's tick where it was
        for (int c = 0; c < bases.length; c++) {
            if (chosen[c] != null && bases[c].device != chosen[c]) {
                attach(bases[c], chosen[c]);
            }
        }
        int tk = -1;
        for (int c = 0; c < bases.length && tk < 0; c++) {
            if (chosen[c] != null) {
                tk = c;
            }
        }
        if (tk != timekeepingCpu) {
            timekeepingCpu = tk;
            if (tk >= 0) {
                log.info("timekeeping CPU is now cpu" + tk);
            }
        }
        updateHighRes();
    }

    private void updateHighRes() {
        boolean hr = true;
        for (CpuBase b : bases) {
            DeviceEntry e = b.device;
            if (e != null && !e.oneshot) {
                hr = false;
            }
        }
        highRes = hr;
    }

    /** Shuts down the tick device of {@code b}, if any (clockevents_exchange_device, old half). */
    private void detach(CpuBase b) {
        synchronized (b) {
            DeviceEntry e = b.device;
            if (e == null) {
                return;
            }
            b.device = null;
            b.programmedFor = Long.MAX_VALUE;
            e.tickOf = -1;
            try {
                e.device.setEventHandler(null);
                e.device.setState(ClockEventState.SHUTDOWN);
            } catch (RuntimeException ex) {
                log.warn("clock-event device " + e + " of " + e.owner + " failed to shut down: " + ex);
            }
            e.state = ClockEventState.SHUTDOWN;
            Long n;
            synchronized (missed) {
                n = missed.replace(e, 0L); // still known: a later miss is counted, not logged again
            }
            if (n != null && n > 0) {
                log.info("clockevents: " + e.name + " on cpu" + b.cpu + " missed " + n + " event(s) as its tick device, "
                        + "all recovered by the backstop");
            }
        }
    }

    /** Makes {@code e} the tick device of {@code b}: the next tick continues from the last one (tick_next_period). */
    private void attach(CpuBase b, DeviceEntry e) {
        synchronized (b) {
            b.device = e;
            e.tickOf = b.cpu;
            try {
                e.device.setEventHandler(b.handler);
                if (e.oneshot) {
                    setState(e, ClockEventState.ONESHOT);
                    b.programmedFor = Long.MAX_VALUE;
                    reprogram(b, monotonicNanos());
                } else {
                    setPeriodic(e);
                }
            } catch (RuntimeException ex) {
                log.error("clock-event device " + e + " of " + e.owner + " failed to start as the tick device of cpu"
                        + b.cpu + ": " + ex, ex);
            }
            log.info("cpu" + b.cpu + ": tick device " + e.name + " (rating " + e.rating + ", "
                    + (e.oneshot ? "oneshot" : "periodic") + ") of " + e.owner);
        }
    }

    private void setState(DeviceEntry e, ClockEventState s) {
        e.device.setState(s);
        e.state = s;
    }

    private void setPeriodic(DeviceEntry e) {
        e.device.setStatePeriodic(e.cyclesFor(clock.periodNanos()));
        e.state = ClockEventState.PERIODIC;
    }

    // ------------------------------------------------------------------ programming

    /**
     * Programs the device of {@code b} for the earlier of the next tick and the first hrtimer
     * (hrtimer_force_reprogram / tick_program_event). Under b's monitor.
     */
    private void reprogram(CpuBase b, long now) {
        DeviceEntry e = b.device;
        if (e == null || !e.oneshot) {
            return;
        }
        long next = Math.min(b.nextTick, firstExpiry(b, now));
        b.programmedFor = next;
        b.programmedAt = now;
        b.armed = program(e, next, now);
        // the backstop: armed when it is parked or would look much later than this event's deadline
        // (never on a running tick: it then looks within a period anyway); a compare and no lock
        if (next != Long.MAX_VALUE && b.backstopAt != CpuBase.BACKSTOP_LOOKING
                && b.backstopAt - BACKSTOP_PERIOD_NANOS > missedAfter(b)) {
            armBackstop(b, now);
        }
    }

    /** The first hrtimer expiry of {@code b} on CLOCK_MONOTONIC, MAX when none. Under b's monitor. */
    private long firstExpiry(CpuBase b, long now) {
        long next = Long.MAX_VALUE;
        if (!b.monotonic.isEmpty()) {
            next = b.monotonic.first().expires;
        }
        if (!b.realtime.isEmpty()) {
            long offset = timekeeper.realtimeNanos() - now;
            next = Math.min(next, saturatedAdd(b.realtime.first().expires, -offset));
        }
        return next;
    }

    /**
     * clockevents_program_event: ns to cycles at the device's frequency, clamped to
     * [min, max] delta; -ETIME is retried with the minimum delta. MAX stops the device.
     *
     * @return whether the device is armed (or stopped on purpose)
     */
    boolean program(DeviceEntry e, long expires, long now) {
        if (expires == Long.MAX_VALUE) {
            if (e.state != ClockEventState.ONESHOT_STOPPED) {
                setState(e, ClockEventState.ONESHOT_STOPPED);
            }
            return true;
        }
        if (e.state == ClockEventState.ONESHOT_STOPPED) {
            setState(e, ClockEventState.ONESHOT);
        }
        long delta = expires - now;
        if (delta <= 0) {
            return programMinDelta(e);
        }
        delta = Math.max(Math.min(delta, e.maxDeltaNanos), e.minDeltaNanos);
        if (e.device.setNextEvent(e.cyclesFor(delta))) {
            return true;
        }
        return programMinDelta(e);
    }

    /**
     * clockevents_program_min_delta: a few tries with the minimum delta, then the minimum is
     * raised by half (one log line) and tried again, up to {@link #MIN_DELTA_LIMIT_NANOS}.
     */
    private boolean programMinDelta(DeviceEntry e) {
        for (int i = 0;;) {
            e.retries.incrementAndGet();
            if (e.device.setNextEvent(e.cyclesFor(e.minDeltaNanos))) {
                return true;
            }
            if (++i >= MIN_DELTA_TRIES) {
                if (e.minDeltaNanos >= MIN_DELTA_LIMIT_NANOS) {
                    boolean first;
                    synchronized (gaveUp) {
                        first = gaveUp.put(e, Boolean.TRUE) == null;
                    }
                    if (first) { // the backstop retries now and then: once is enough in the log
                        log.error("clock-event device " + e + " of " + e.owner + ": reprogramming failure, giving up "
                                + "(minimum delta already " + e.minDeltaNanos + " ns); further failures are only "
                                + "counted in its retries", null);
                    }
                    return false;
                }
                long raised = Math.min(MIN_DELTA_LIMIT_NANOS, e.minDeltaNanos + Math.max(1, e.minDeltaNanos / 2));
                log.warn("clock-event device " + e + " of " + e.owner + " keeps reporting -ETIME: minimum delta raised from "
                        + e.minDeltaNanos + " ns to " + raised + " ns");
                e.minDeltaNanos = raised;
                i = 0;
            }
        }
    }

    // ------------------------------------------------------------------ the interrupt

    /** The event handler of every tick device: tick work when due, expired hrtimers, reprogramming. */
    void interrupt(CpuBase b, ClockEventDevice device) {
        DeviceEntry e = b.device;
        if (e == null || e.device != device || !running) {
            return; // a stale event from a device being handed over
        }
        e.events.incrementAndGet();
        handleEvent(b, e);
    }

    /**
     * What an event of {@code e}, the tick device of {@code b}, does (tick_handle_periodic /
     * hrtimer_interrupt): tick work when due, expired hrtimers, reprogramming; also run by the
     * backstop for an event that never came. An event with nothing due (a late one after the
     * backstop did its work) only reprograms the device.
     */
    private void handleEvent(CpuBase b, DeviceEntry e) {
        long now = monotonicNanos();
        long nextTick;
        synchronized (b) {
            nextTick = b.nextTick;
        }
        boolean periodicDevice = !e.oneshot;
        if (periodicDevice || now >= nextTick) {
            tickWork(b, now);
            long next = nextTickAfter(b, now, periodicDevice);
            synchronized (b) {
                b.nextTick = next;
            }
        } else if (mode == TickMode.TICKLESS) {
            updateJiffies(now); // tick_nohz_update_jiffies: a wake-up catches jiffies up
        }
        runHrtimers(b, now);
        if (!periodicDevice) {
            synchronized (b) {
                if (b.device == e) {
                    reprogram(b, monotonicNanos());
                }
            }
        }
    }

    // ------------------------------------------------------------------ the backstop

    /**
     * CLOCK_MONOTONIC time after which the programmed event of {@code b} counts as missed: the
     * programmed time, or the time of programming if that was later (an event already due is
     * armed with the minimum delta), plus the margin. Under b's monitor, something programmed.
     */
    private static long missedAfter(CpuBase b) {
        long sleep = b.programmedFor - b.programmedAt;
        long expected = sleep > 0 ? b.programmedFor : b.programmedAt;
        return saturatedAdd(expected, MISSED_MARGIN_NANOS + (sleep > 0 ? sleep >> 5 : 0));
    }

    /**
     * Arms the backstop of {@code b} for its next look: a period from now, or just after the
     * programmed event's deadline if that is later; parks it when nothing is programmed. Under
     * b's monitor.
     */
    private void armBackstop(CpuBase b, long now) {
        IrqLine line = b.backstop;
        DeviceEntry e = b.device;
        if (line == null || !running || e == null || !e.oneshot || b.programmedFor == Long.MAX_VALUE) {
            b.backstopAt = CpuBase.BACKSTOP_PARKED; // re-armed by the next programming (reprogram)
            return;
        }
        long at = Math.max(saturatedAdd(now, BACKSTOP_PERIOD_NANOS), saturatedAdd(missedAfter(b), 1));
        b.backstopAt = at;
        line.raiseAt(saturatedAdd(machine.nanoTime(), at - now));
    }

    /**
     * The backstop line's handler, on the CPU of {@code b} (so serialized with the tick device's
     * handler when its interrupt is delivered there, as for every PERCPU device): when the
     * programmed event is overdue, it handles it as {@link #interrupt} would have; then it
     * re-arms itself. Takes b's monitor, as reprogramming does.
     */
    private void backstop(CpuBase b) {
        DeviceEntry e;
        long now;
        long due;
        boolean wasArmed;
        synchronized (b) {
            now = monotonicNanos();
            b.backstopAt = CpuBase.BACKSTOP_LOOKING; // reprogramming meanwhile leaves the re-arming to us
            e = b.device;
            if (!running || e == null || !e.oneshot || b.programmedFor == Long.MAX_VALUE
                    || now <= missedAfter(b)) {
                armBackstop(b, now);
                return;
            }
            due = b.programmedFor;
            wasArmed = b.armed;
        }
        if (wasArmed) {
            missedEvent(b, e, due, now);
        } // else: the core gave up programming the device (logged once): the backstop drives this CPU's tick
        handleEvent(b, e);
        synchronized (b) {
            if (b.backstopAt == CpuBase.BACKSTOP_LOOKING) {
                armBackstop(b, monotonicNanos());
            }
        }
    }

    /** Counts an event {@code e} missed on {@code b}; the first of each device is logged. */
    private void missedEvent(CpuBase b, DeviceEntry e, long due, long now) {
        b.missedEvents++; // single writer: this CPU's backstop
        Long before;
        synchronized (missed) {
            before = missed.put(e, 1L);
            if (before != null) {
                missed.put(e, before + 1);
            }
        }
        if (before == null) {
            log.warn("clockevents: " + e.name + " on cpu" + b.cpu + " missed its event at " + millis(due)
                    + " (CLOCK_MONOTONIC; " + millis(now - due) + " overdue); recovered by the backstop; further "
                    + "misses of this device are only counted");
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    /** tick_sched_handle: do_timer on the timekeeping CPU (through the hook chain if there is one), then the listeners. */
    private void tickWork(CpuBase b, long now) {
        b.inTickWork = true;
        try {
            tickWorkOn(b, now);
        } finally {
            b.inTickWork = false;
        }
    }

    private void tickWorkOn(CpuBase b, long now) {
        int cpu = b.cpu;
        if (cpu == timekeepingCpu) {
            TimerHookChain ch = chain;
            if (ch != null) {
                CpuBase.TickState t = b.tick;
                t.now = now;
                t.doTimerRan = false;
                t.processTimesRan = false;
                try {
                    ch.run(t);
                } catch (RuntimeException | LinkageError ex) {
                    if (hookErrors.getAndIncrement() == 0) {
                        log.error("timer-hook chain failed on cpu" + cpu + "; further failures are only counted", ex);
                    }
                }
                // only when our hooks are not (yet) in the chain does the tick run them itself: a
                // chain that lists them and skipped them (a grabber returned done) is obeyed
                if (!t.doTimerRan && !chainRunsDoTimer) {
                    doTimer(now);
                }
                if (!t.processTimesRan && !chainRunsProcessTimes) {
                    updateProcessTimes(b);
                }
            } else {
                doTimer(now);
                updateProcessTimes(b);
            }
        } else {
            if (mode == TickMode.TICKLESS || dutyCpuStuck(now)) {
                updateJiffies(now);
            }
            updateProcessTimes(b);
        }
        long j = jiffies.get();
        for (TickListener l : listeners) {
            try {
                l.tick(cpu, j);
            } catch (RuntimeException | LinkageError ex) {
                listenerFailed(l, "tick", ex);
            }
        }
    }

    private void listenerFailed(TickListener l, String what, Throwable ex) {
        listenerErrors.incrementAndGet();
        boolean first;
        synchronized (failedListeners) {
            first = failedListeners.put(l, Boolean.TRUE) == null;
        }
        if (first) {
            log.error("tick listener " + l + " failed in " + what + "; further failures are only counted", ex);
        }
    }

    /**
     * Whether the timekeeping CPU is stuck inside its tick work (a timer function or hook that
     * does not return) while jiffies fall behind by two ticks or more: then the other CPUs move
     * jiffies on, so their wheels keep firing. A duty CPU that merely skipped do_timer (a grabber
     * returned done) is not inside its tick work and is obeyed.
     */
    private boolean dutyCpuStuck(long now) {
        int tk = timekeepingCpu;
        return tk >= 0 && tk < bases.length && bases[tk].inTickWork && clock.index(now) - jiffies.get() >= 2;
    }

    /** do_timer: jiffies from elapsed time, then the wall-time update. */
    void doTimer(long now) {
        updateJiffies(now);
        try {
            timekeeper.updateWallTime();
        } catch (RuntimeException ex) {
            log.error("update_wall_time failed", ex);
        }
    }

    /** The do_timer hook of the chain. */
    void doTimerHook(io.jiffy.hook.Tick tick) {
        if (tick instanceof CpuBase.TickState t) {
            t.doTimerRan = true;
            if (!chainRunsDoTimer) {
                chainRunsDoTimer = true; // the chain runs it: from now on a skip is the chain's decision
            }
        }
        doTimer(tick.nowNanos());
    }

    /** The update_process_times hook of the chain. */
    void processTimesHook(io.jiffy.hook.Tick tick) {
        if (tick instanceof CpuBase.TickState t) {
            t.processTimesRan = true;
            if (!chainRunsProcessTimes) {
                chainRunsProcessTimes = true;
            }
        }
        int cpu = tick.cpu();
        if (cpu >= 0 && cpu < bases.length) {
            updateProcessTimes(bases[cpu]);
        }
    }

    private static void updateProcessTimes(CpuBase b) {
        b.ticks++;
    }

    /**
     * tick_do_update_jiffies64: jiffies = the ticks elapsed by {@code now}, so a late or handed-over
     * tick catches up exactly. Returns the ticks added.
     */
    long updateJiffies(long now) {
        long target = clock.index(now);
        for (;;) {
            long cur = jiffies.get();
            if (target <= cur) {
                return 0;
            }
            if (jiffies.compareAndSet(cur, target)) {
                return target - cur;
            }
        }
    }

    /** When the tick work of {@code b} must run next: the next tick, or in tickless mode the next listener event bounded by max idle. */
    private long nextTickAfter(CpuBase b, long now, boolean periodicDevice) {
        JiffyClock c = clock;
        long j = c.index(now);
        long nextPeriodic = c.time(j + 1);
        if (mode == TickMode.PERIODIC || periodicDevice) {
            return nextPeriodic;
        }
        long lj = Long.MAX_VALUE;
        for (TickListener l : listeners) {
            try {
                lj = Math.min(lj, l.nextEventJiffies(b.cpu));
            } catch (RuntimeException | LinkageError ex) {
                listenerFailed(l, "nextEventJiffies", ex);
                lj = Math.min(lj, j + 1); // keep ticking for it
            }
        }
        long wake = lj == Long.MAX_VALUE ? Long.MAX_VALUE : c.time(Math.max(lj, j + 1));
        long maxIdle = timekeeper.maxIdleNanos();
        if (maxIdle > 0 && maxIdle < Long.MAX_VALUE) {
            long limit = saturatedAdd(now, maxIdle);
            long li = c.index(limit);
            // wake on a tick boundary within max idle, or at max idle if that is shorter than a tick
            wake = Math.min(wake, li > j ? c.time(li) : limit);
        }
        return wake;
    }

    // ------------------------------------------------------------------ hrtimers

    /** Runs the expired hrtimers of {@code b} in expiry order (__hrtimer_run_queues). */
    private void runHrtimers(CpuBase b, long now) {
        long entrySeq = hrSeq.get();
        long realNow = timekeeper.realtimeNanos();
        for (;;) {
            HrTimerImpl t;
            synchronized (b) {
                t = firstDue(b, now, realNow, entrySeq);
                if (t == null) {
                    return;
                }
                (t.realtimeBase ? b.realtime : b.monotonic).remove(t);
                t.queuedOn = null;
                t.runningThread = Thread.currentThread();
            }
            HrTimerRestart restart;
            try {
                restart = t.callback.expired(t);
            } catch (RuntimeException | LinkageError ex) {
                restart = HrTimerRestart.NORESTART;
                hrtimerErrors.incrementAndGet();
                if (t.errors++ == 0) {
                    log.error("hrtimer callback of " + t.owner + " on cpu" + b.cpu + " threw " + ex
                            + "; further errors of this timer are only counted", ex);
                }
            }
            synchronized (b) {
                if (restart == HrTimerRestart.RESTART && t.queuedOn == null) {
                    insert(b, t);
                }
                t.runningThread = null;
            }
        }
    }

    /** The earliest due timer of either base, queued before this interrupt began; null if none. */
    private static HrTimerImpl firstDue(CpuBase b, long now, long realNow, long entrySeq) {
        HrTimerImpl m = b.monotonic.isEmpty() ? null : b.monotonic.first();
        if (m != null && (m.expires > now || m.seq > entrySeq)) {
            m = null;
        }
        HrTimerImpl r = b.realtime.isEmpty() ? null : b.realtime.first();
        if (r != null && (r.expires > realNow || r.seq > entrySeq)) {
            r = null;
        }
        if (m == null || r == null) {
            return m == null ? r : m;
        }
        long rm = saturatedAdd(r.expires, now - realNow);
        if (rm != m.expires) {
            return rm < m.expires ? r : m;
        }
        return r.seq < m.seq ? r : m;
    }

    /** Removes {@code t} from its queue; returns whether it was queued. Caller holds t's monitor. */
    boolean dequeue(HrTimerImpl t) {
        CpuBase b = t.queuedOn;
        if (b == null) {
            return false;
        }
        synchronized (b) {
            if (t.queuedOn != b) {
                return false;
            }
            (t.realtimeBase ? b.realtime : b.monotonic).remove(t);
            t.queuedOn = null;
            return true;
        }
    }

    /** Queues {@code t} (hrtimer_start): on the current CPU in CPU context, else on its home CPU. */
    void enqueue(HrTimerImpl t, long expires, boolean realtimeBase) {
        if (!running) {
            throw new IllegalStateException("hrtimer start: the tick is not running");
        }
        int cpu = machine.currentCpu();
        if (cpu < 0 || cpu >= bases.length) {
            cpu = t.homeCpu;
        }
        CpuBase b = bases[cpu];
        synchronized (b) {
            t.expires = expires;
            t.realtimeBase = realtimeBase;
            insert(b, t);
            long now = monotonicNanos();
            long mono = realtimeBase ? saturatedAdd(expires, now - timekeeper.realtimeNanos()) : expires;
            if (mono < b.programmedFor) {
                reprogram(b, now); // it became the earliest event of that CPU
            }
        }
    }

    private void insert(CpuBase b, HrTimerImpl t) {
        t.seq = hrSeq.incrementAndGet();
        (t.realtimeBase ? b.realtime : b.monotonic).add(t);
        t.queuedOn = b;
    }

    /** A new hrtimer owned by {@code owner}. */
    HrTimerImpl newTimer(HrTimerClock clock, int cpu, HrTimerCallback callback, String owner) {
        if (cpu < 0 || cpu >= bases.length) {
            throw new IllegalArgumentException("hrtimer: no CPU " + cpu + ", CPUs are 0.." + (bases.length - 1));
        }
        return new HrTimerImpl(this, clock, cpu, callback, owner);
    }

    /** clock_was_set: absolute REALTIME timers are re-evaluated on every CPU (retrigger_next_event). */
    void clockWasSet(long deltaNanos) {
        if (!running) {
            return;
        }
        long now = monotonicNanos();
        for (CpuBase b : bases) {
            synchronized (b) {
                if (!b.realtime.isEmpty()) {
                    reprogram(b, now);
                }
            }
        }
    }

    /** hrtimer_resolution: 1 ns with oneshot tick devices (high-resolution mode), else the tick period. */
    long resolutionNanos() {
        return highRes ? 1 : clock.periodNanos();
    }

    // ------------------------------------------------------------------ whiteboard

    /** Adds a tick listener (copy on write: the tick path reads a snapshot). */
    synchronized void addListener(TickListener l) {
        TickListener[] a = Arrays.copyOf(listeners, listeners.length + 1);
        a[a.length - 1] = l;
        listeners = a;
    }

    synchronized void removeListener(TickListener l) {
        List<TickListener> a = new ArrayList<>(Arrays.asList(listeners));
        a.remove(l);
        listeners = a.toArray(new TickListener[0]);
        synchronized (failedListeners) {
            failedListeners.remove(l);
        }
    }

    void setChain(TimerHookChain c) {
        chain = c;
        checkChain();
    }

    /** Names the bundle whose do_timer / update_process_times hooks are the core's. */
    void setHookOwner(String owner) {
        hookOwner = owner;
    }

    /**
     * Looks once (when the chain or our hooks are bound, never per tick) whether the chain lists
     * our do_timer and update_process_times hooks; until it does the tick runs them itself.
     */
    void checkChain() {
        TimerHookChain c = chain;
        boolean doTimer = false;
        boolean processTimes = false;
        if (c != null) {
            try {
                String owner = hookOwner;
                for (io.jiffy.hook.HookInfo h : c.hooks()) {
                    if (owner == null || owner.equals(h.owner())) {
                        doTimer |= TickComponent.DO_TIMER.equals(h.name());
                        processTimes |= TickComponent.UPDATE_PROCESS_TIMES.equals(h.name());
                    }
                }
            } catch (RuntimeException ex) {
                log.warn("timer-hook chain: listing its hooks failed (" + ex + "); the tick runs do_timer itself");
            }
        }
        chainRunsDoTimer = doTimer;
        chainRunsProcessTimes = processTimes;
    }

    TimerHookChain chain() {
        return chain;
    }

    // ------------------------------------------------------------------ queries

    int hz() {
        return clock.hz();
    }

    TickMode mode() {
        return mode;
    }

    /** Jiffies; in tickless mode caught up from time first, since a sleeping CPU does not count them. */
    long jiffiesNow() {
        if (mode == TickMode.TICKLESS && running) {
            updateJiffies(monotonicNanos());
        }
        return jiffies.get();
    }

    int timekeepingCpu() {
        return timekeepingCpu;
    }

    int cpus() {
        return bases.length;
    }

    ClockEventInfo tickDevice(int cpu) {
        if (cpu < 0 || cpu >= bases.length) {
            return null;
        }
        DeviceEntry e = bases[cpu].device;
        return e == null ? null : e.info();
    }

    synchronized List<ClockEventInfo> devices() {
        List<ClockEventInfo> infos = new ArrayList<>();
        for (DeviceEntry e : devices) {
            infos.add(e.info());
        }
        infos.sort(Comparator.comparingInt(ClockEventInfo::cpu).thenComparing(
                Comparator.comparingInt(ClockEventInfo::rating).reversed()));
        return infos;
    }

    /** The registry entry of {@code device}, for tests. */
    synchronized DeviceEntry entry(ClockEventDevice device) {
        return find(device);
    }

    /** Ticks handled on {@code cpu}. */
    long ticks(int cpu) {
        return bases[cpu].ticks;
    }

    /** Events the tick devices of {@code cpu} missed and the backstop recovered. */
    long missedEvents(int cpu) {
        return bases[cpu].missedEvents;
    }

    long listenerErrors() {
        return listenerErrors.get();
    }

    long hrtimerErrors() {
        return hrtimerErrors.get();
    }

    long monotonicNanos() {
        return timekeeper.monotonicNanos();
    }

    long realtimeNanos() {
        return timekeeper.realtimeNanos();
    }

    /** CLOCK_REALTIME minus CLOCK_MONOTONIC now. */
    long realtimeOffset() {
        long m = timekeeper.monotonicNanos();
        return timekeeper.realtimeNanos() - m;
    }

    static String modeName(TickMode m) {
        return m == TickMode.TICKLESS ? "tickless" : "periodic";
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    static long saturatedMul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return lo;
        }
        return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
}
