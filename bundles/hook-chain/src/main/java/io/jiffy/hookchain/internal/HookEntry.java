package io.jiffy.hookchain.internal;

import io.jiffy.hook.HookInfo;
import io.jiffy.hook.TimerHook;

/**
 * One hook in the chain with its counters. The counters are written only by the thread running
 * the chain (the timekeeping CPU) and read by {@code hook:list}: volatile longs, no allocation.
 */
final class HookEntry {

    final long id;
    final String name;
    final int priority;
    final boolean runAlways;
    final TimerHook hook;
    final String owner;

    volatile long calls;
    volatile long errors;
    volatile long totalNanos;
    volatile long maxNanos;
    /** Set once the first failure was logged: later ones are only counted. */
    volatile boolean failureLogged;
    /** Set when it left the chain (a snapshot still being dispatched may hold it). */
    volatile boolean removed;

    HookEntry(long id, String name, int priority, boolean runAlways, TimerHook hook, String owner) {
        this.id = id;
        this.name = name;
        this.priority = priority;
        this.runAlways = runAlways;
        this.hook = hook;
        this.owner = owner;
    }

    /** A copy of its state for {@code hook:list}. */
    HookInfo info(boolean grabbed) {
        long c = calls;
        long total = totalNanos;
        return new HookInfo(id, name, priority, runAlways, grabbed, c, errors, c == 0 ? 0 : total / c, maxNanos, owner);
    }

    @Override
    public String toString() {
        return "hook " + id + " (" + name + ") of " + owner;
    }
}
