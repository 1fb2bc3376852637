package io.jiffy.hookchain.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.jiffy.hook.HookInfo;
import io.jiffy.hook.TimerHook;

/**
 * One hook in the chain with its counters. The call counters are written only by the thread
 * running the chain (the timekeeping CPU), with opaque stores (no fence on the tick path), and
 * read by {@code hook:list}; the lockup counters are written only by the soft-lockup watchdog.
 * No allocation.
 */
final class HookEntry {

    private static final VarHandle CALLS;
    private static final VarHandle ERRORS;
    private static final VarHandle TIMED_CALLS;
    private static final VarHandle TOTAL_NANOS;
    private static final VarHandle MAX_NANOS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CALLS = l.findVarHandle(HookEntry.class, "calls", long.class);
            ERRORS = l.findVarHandle(HookEntry.class, "errors", long.class);
            TIMED_CALLS = l.findVarHandle(HookEntry.class, "timedCalls", long.class);
            TOTAL_NANOS = l.findVarHandle(HookEntry.class, "totalNanos", long.class);
            MAX_NANOS = l.findVarHandle(HookEntry.class, "maxNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long id;
    final String name;
    final int priority;
    final boolean runAlways;
    final TimerHook hook;
    final String owner;

    /** Calls started; also the number of the call running, for the soft-lockup watchdog. */
    volatile long calls;
    volatile long errors;
    /** Calls that were timed (a sample of the ticks) and their total and longest time. */
    volatile long timedCalls;
    volatile long totalNanos;
    volatile long maxNanos;
    /** Soft lockups of this hook and the longest stuck time the watchdog saw; watchdog thread only. */
    volatile long lockups;
    volatile long stuckMaxNanos;
    /** Set once the first failure was logged: later ones are only counted. */
    volatile boolean failureLogged;
    /** Set when it left the chain (a snapshot still being dispatched may hold it). */
    volatile boolean removed;
    /** The entry this one replaced (see {@link HookChain#replace}); guarded by the chain's monitor. */
    HookEntry previous;

    HookEntry(long id, String name, int priority, boolean runAlways, TimerHook hook, String owner) {
        this.id = id;
        this.name = name;
        this.priority = priority;
        this.runAlways = runAlways;
        this.hook = hook;
        this.owner = owner;
    }

    /** A call starts (the chain's thread only). */
    void started() {
        CALLS.setOpaque(this, (long) CALLS.getOpaque(this) + 1);
    }

    /** A call threw (the chain's thread only). */
    void failed() {
        ERRORS.setOpaque(this, (long) ERRORS.getOpaque(this) + 1);
    }

    /** A timed call took {@code nanos} (the chain's thread only). */
    void timed(long nanos) {
        TIMED_CALLS.setOpaque(this, (long) TIMED_CALLS.getOpaque(this) + 1);
        TOTAL_NANOS.setOpaque(this, (long) TOTAL_NANOS.getOpaque(this) + nanos);
        if (nanos > (long) MAX_NANOS.getOpaque(this)) {
            MAX_NANOS.setOpaque(this, nanos);
        }
    }

    /** A copy of its state for {@code hook:list}. */
    HookInfo info(boolean grabbed) {
        long timed = timedCalls;
        long total = totalNanos;
        return new HookInfo(id, name, priority, runAlways, grabbed, calls, errors, timed == 0 ? 0 : total / timed,
                Math.max(maxNanos, stuckMaxNanos), owner, lockups);
    }

    @Override
    public String toString() {
        return "hook " + id + " (" + name + ") of " + owner;
    }
}
