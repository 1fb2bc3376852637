package io.jiffy.hookchain.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.jiffy.hook.HookBusyException;
import io.jiffy.hook.HookInfo;
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
 */
final class HookChain {

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

    /** Removes a hook, releasing the grab if it held it; false if it was already gone. */
    synchronized boolean remove(HookEntry e) {
        if (hooks.remove(e.id) != e) {
            return false;
        }
        e.removed = true;
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
        HookEntry g = s.grabber();
        HookEntry[] next = s.rest();
        if (g != null && call(g, tick)) {
            next = s.restAlways();
        }
        for (HookEntry e : next) {
            call(e, tick);
        }
    }

    /** Calls one hook, timing and counting it; returns its "done", false if it threw or left the chain. */
    private boolean call(HookEntry e, Tick tick) {
        if (e.removed) {
            return false;
        }
        long t0 = System.nanoTime();
        boolean done = false;
        boolean failed = false;
        try {
            done = e.hook.onTick(tick);
        } catch (RuntimeException | LinkageError ex) {
            failed = true;
            if (!e.failureLogged) {
                e.failureLogged = true;
                log.error("timer " + e + " threw " + ex + "; further failures are only counted", ex);
            }
        }
        long took = System.nanoTime() - t0;
        // single writer (the timekeeping CPU): plain read-modify-write of volatile fields is safe
        e.calls = e.calls + 1;
        if (failed) {
            e.errors = e.errors + 1;
        }
        e.totalNanos = e.totalNanos + took;
        if (took > e.maxNanos) {
            e.maxNanos = took;
        }
        return done;
    }
}
