package io.jiffy.hookchain.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.jiffy.hook.HookBusyException;
import io.jiffy.hook.HookInfo;
import io.jiffy.hook.HookLockup;
import io.jiffy.hook.HookRegistration;
import io.jiffy.hook.Tick;
import io.jiffy.hook.TimerHook;

/**
 * The timer-hook chain without OSGi (the 2005 proposal's {@code register_timer_hook},
 * {@code timer_hook_grab} and the hook loop in {@code do_timer}, with its rough edges fixed):
 * hooks in priority order, ties in registration order, at most one grabber that runs first
 * (once per tick) and, when it returns done, lets only the run_always hooks run after it.
 *
 * <p>Changes take the monitor and republish an immutable {@link Snapshot} through a volatile
 * field; {@link #run} reads that snapshot and takes no lock and allocates nothing.
 *
 * <p>Cost per hook on the tick path: a volatile read ({@code removed}) and two plain-cost stores
 * (the call count, opaque; the running hook, release) around the call. Timing is sampled: one
 * tick in {@value #TIMING_SAMPLE} (the first included) is timed with {@link System#nanoTime()} for
 * the mean and max of {@code hook:list}, since timing every call would cost two clock reads per
 * hook, several times the whole dispatch. Calls longer than the soft-lockup threshold are found
 * by the watchdog instead ({@link #watch}), which samples the running hook from its own thread.
 */
final class HookChain {

    /** One tick in this many is timed. A power of two. */
    static final int TIMING_SAMPLE = 64;

    private static final VarHandle RUNNING;

    static {
        try {
            RUNNING = MethodHandles.lookup().findVarHandle(HookChain.class, "running", HookEntry.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Run order: higher priority first, then registration order (ids grow). */
    static final Comparator<HookEntry> ORDER =
            Comparator.<HookEntry>comparingInt(e -> e.priority).reversed().thenComparingLong(e -> e.id);

    /** What {@link #run} reads: the grabber, and the others in run order (all, and the run_always ones). */
    record Snapshot(HookEntry grabber, HookEntry[] rest, HookEntry[] restAlways) {
    }

    private static final HookEntry[] NONE = new HookEntry[0];

    private final ChainLog log;
    /** Every hook by id; guarded by this. */
    private final Map<Long, HookEntry> hooks = new HashMap<>();
    private long nextId = 1;
    private HookEntry grabber;
    private volatile Snapshot snapshot = new Snapshot(null, NONE, NONE);

    /** Ticks run so far: picks the timed ones. The chain's thread only. */
    private long ticks;
    /** The hook being called now, or null between ticks: written (release) by the chain's thread, read by the watchdog. */
    @SuppressWarnings("unused") // through RUNNING
    private volatile HookEntry running;
    /** The tick being run (its CPU names the stuck CPU); the chain's thread writes it once per tick. */
    private volatile Tick runningTick;

    // soft-lockup watchdog state: touched only by the watchdog thread
    private HookEntry seenRunning;
    private long seenSerial;
    private long seenSince;
    private long seenStuck;
    private boolean seenReported;
    private int seenCpu;
    private volatile HookLockup lastLockup;
    private volatile long softLockupThresholdNanos;

    HookChain(ChainLog log) {
        this.log = Objects.requireNonNull(log);
    }

    // ------------------------------------------------------------------ changes

    /** Adds a hook of bundle {@code owner}; it runs from the next tick on. */
    synchronized HookEntry add(String name, int priority, boolean runAlways, TimerHook hook, String owner) {
        Objects.requireNonNull(hook, "hook");
        String n = name == null || name.isBlank() ? hook.getClass().getName() : name;
        HookEntry e = new HookEntry(nextId++, n, priority, runAlways, hook, owner == null ? "?" : owner);
        hooks.put(e.id, e);
        publish();
        return e;
    }

    /**
     * Replaces {@code old} (null: none) by a new hook in one publication, so that no tick runs
     * both or neither (a whiteboard hook whose ranking or flags changed). The new hook has a new
     * id; a grab held by {@code old} is released. A tick already running with the previous
     * snapshot may still call {@code old}, once, as it would have anyway.
     */
    synchronized HookEntry replace(HookEntry old, String name, int priority, boolean runAlways, TimerHook hook, String owner) {
        Objects.requireNonNull(hook, "hook");
        if (old != null && hooks.remove(old.id) == old) {
            old.previous = null;
            if (grabber == old) {
                grabber = null;
                log.info("timer-hook chain: " + old + " released the grab (re-registered)");
            }
        } else {
            old = null;
        }
        String n = name == null || name.isBlank() ? hook.getClass().getName() : name;
        HookEntry e = new HookEntry(nextId++, n, priority, runAlways, hook, owner == null ? "?" : owner);
        e.previous = old;
        hooks.put(e.id, e);
        publish();
        return e;
    }

    /** Removes a hook, releasing the grab if it held it; false if it was already gone. */
    synchronized boolean remove(HookEntry e) {
        if (hooks.remove(e.id) != e) {
            return false;
        }
        e.removed = true;
        HookEntry before = e.previous;
        if (before != null) {
            before.removed = true; // the entry it replaced, in case a late tick still holds it
            e.previous = null;
        }
        if (grabber == e) {
            grabber = null;
            log.info("timer-hook chain: " + e + " released the grab (unregistered)");
        }
        publish();
        return true;
    }

    /** A registration handle for {@code e}. */
    HookRegistration registration(HookEntry e) {
        return new HookRegistration() {
            @Override
            public long id() {
                return e.id;
            }

            @Override
            public void unregister() {
                remove(e);
            }

            @Override
            public String toString() {
                return "registration of " + e;
            }
        };
    }

    /** timer_hook_grab: hook {@code id} runs first from the next tick on; EBUSY if another holds the chain. */
    synchronized void grab(long id) {
        HookEntry e = find(id);
        if (grabber == e) {
            return;
        }
        if (grabber != null) {
            throw new HookBusyException(grabber.id);
        }
        grabber = e;
        publish();
        log.info("timer-hook chain grabbed by " + e);
    }

    /** Releases the grab of hook {@code id}; false, with a warning, if it is not the grabber. */
    synchronized boolean ungrab(long id) {
        HookEntry e = find(id);
        if (grabber != e) {
            log.warn("timer-hook chain: ungrab of " + e + " refused: "
                    + (grabber == null ? "the chain is not grabbed" : "it is grabbed by " + grabber));
            return false;
        }
        grabber = null;
        publish();
        log.info("timer-hook chain released by " + e);
        return true;
    }

    private HookEntry find(long id) {
        HookEntry e = hooks.get(id);
        if (e == null) {
            throw new IllegalArgumentException("no timer hook with id " + id);
        }
        return e;
    }

    private void publish() {
        List<HookEntry> rest = new ArrayList<>(hooks.size());
        for (HookEntry e : hooks.values()) {
            if (e != grabber) {
                rest.add(e);
            }
        }
        rest.sort(ORDER);
        HookEntry[] all = rest.toArray(NONE);
        HookEntry[] always = Arrays.stream(all).filter(e -> e.runAlways).toArray(HookEntry[]::new);
        snapshot = new Snapshot(grabber, all, always);
    }

    // ------------------------------------------------------------------ queries

    /** Every hook in run order, the grabber first, with its counters. */
    List<HookInfo> hooks() {
        Snapshot s = snapshot;
        List<HookInfo> out = new ArrayList<>(s.rest().length + 1);
        if (s.grabber() != null) {
            out.add(s.grabber().info(true));
        }
        for (HookEntry e : s.rest()) {
            out.add(e.info(false));
        }
        return out;
    }

    /** The current snapshot, for tests. */
    Snapshot snapshot() {
        return snapshot;
    }

    // ------------------------------------------------------------------ the tick

    /** Runs the chain for one tick: no lock, no allocation. */
    void run(Tick tick) {
        Snapshot s = snapshot;
        boolean timed = (ticks++ & (TIMING_SAMPLE - 1)) == 0;
        if (runningTick != tick) {
            runningTick = tick; // the tick core reuses one instance: written once
        }
        HookEntry g = s.grabber();
        HookEntry[] next = s.rest();
        if (g != null && call(g, tick, timed)) {
            next = s.restAlways();
        }
        for (HookEntry e : next) {
            call(e, tick, timed);
        }
        RUNNING.setRelease(this, null);
    }

    /** Calls one hook, counting it (and timing it on a timed tick); returns its "done", false if it threw or left the chain. */
    private boolean call(HookEntry e, Tick tick, boolean timed) {
        if (e.removed) {
            return false;
        }
        e.started();
        RUNNING.setRelease(this, e);
        long t0 = timed ? System.nanoTime() : 0;
        boolean done = false;
        try {
            done = e.hook.onTick(tick);
        } catch (RuntimeException | LinkageError ex) {
            e.failed();
            if (!e.failureLogged) {
                e.failureLogged = true;
                log.error("timer " + e + " threw " + ex + "; further failures are only counted", ex);
            }
        }
        if (timed) {
            e.timed(System.nanoTime() - t0);
        }
        return done;
    }

    // ------------------------------------------------------------------ soft lockups

    /**
     * One soft-lockup watchdog sample at host time {@code hostNanos} (the watchdog thread only):
     * a hook call seen running at an earlier sample, and still the same call (same hook, same
     * call number) now more than {@code thresholdNanos} later, is reported once (a warning, the
     * hook's lockup count, the last lockup); while it stays stuck the last lockup's time is
     * updated, and when it ends it is marked over.
     */
    void watch(long hostNanos, long thresholdNanos) {
        HookEntry e = (HookEntry) RUNNING.getAcquire(this);
        long serial = e == null ? 0 : e.calls;
        if (e == null || e != seenRunning || serial != seenSerial) {
            if (seenReported) {
                lockupOver(new HookLockup(seenCpu, seenRunning.id, seenRunning.name, seenRunning.owner, seenStuck, false));
            }
            seenRunning = e;
            seenSerial = serial;
            seenSince = hostNanos;
            seenStuck = 0;
            seenReported = false;
            Tick t = runningTick;
            seenCpu = t == null ? -1 : t.cpu();
            return;
        }
        seenStuck = hostNanos - seenSince;
        if (seenStuck <= thresholdNanos) {
            return;
        }
        if (seenStuck > e.stuckMaxNanos) {
            e.stuckMaxNanos = seenStuck;
        }
        HookLockup l = new HookLockup(seenCpu, e.id, e.name, e.owner, seenStuck, true);
        lastLockup = l;
        if (!seenReported) {
            seenReported = true;
            e.lockups = e.lockups + 1; // single writer: this thread
            log.warn(softLockupMessage(l));
        }
    }

    private void lockupOver(HookLockup l) {
        HookLockup last = lastLockup;
        if (last != null && last.hookId() == l.hookId() && last.ongoing()) {
            lastLockup = l;
        }
    }

    /** The kernel's line: {@code BUG: soft lockup - CPU#0 stuck for 25ms! [hook 3 (speaker) of com.example]}. */
    static String softLockupMessage(HookLockup l) {
        long ms = l.stuckNanos() / 1_000_000L;
        return "BUG: soft lockup - CPU#" + l.cpu() + " stuck for " + (ms < 1_000 ? ms + "ms" : ms / 1_000 + "s") + "! [hook "
                + l.hookId() + " (" + l.name() + ") of " + l.owner() + "]";
    }

    /** The latest soft lockup, or null. */
    HookLockup lastLockup() {
        return lastLockup;
    }

    /** The threshold in force, 0 when no watchdog runs; for display. */
    long softLockupThresholdNanos() {
        return softLockupThresholdNanos;
    }

    void softLockupThresholdNanos(long nanos) {
        softLockupThresholdNanos = nanos;
    }
}
