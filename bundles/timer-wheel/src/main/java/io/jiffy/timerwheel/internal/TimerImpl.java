package io.jiffy.timerwheel.internal;

import io.jiffy.timer.Timer;
import io.jiffy.timer.TimerFunction;

/**
 * A wheel timer (the kernel's {@code struct timer_list}): an intrusive list node carrying its
 * expiry, its arming number and its owner. It stays on the base it was made for; every
 * operation takes that base's lock only and allocates nothing.
 */
final class TimerImpl extends Node implements Timer {

    final long id;
    final WheelBase base;
    final TimerFunction function;
    final Owner owner;

    /** The slot (or work list) holding the timer; null when not pending. Guarded by the base lock. */
    Slot slot;
    /** Expiry as armed (capped to clk + MAX_TIMEOUT). Guarded by the base lock. */
    long expires;
    /** Arming number on its base: orders timers that fire in the same jiffy. Guarded by the base lock. */
    long seq;
    /** Whether a failure of the function was logged; only the expiring thread touches it. */
    boolean errorLogged;

    TimerImpl(long id, WheelBase base, TimerFunction function, Owner owner) {
        this.id = id;
        this.base = base;
        this.function = function;
        this.owner = owner;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public void add(long expires) {
        base.add(this, expires);
    }

    @Override
    public boolean mod(long expires) {
        return base.mod(this, expires);
    }

    @Override
    public boolean del() {
        return base.del(this);
    }

    @Override
    public boolean delSync() {
        return base.delSync(this);
    }

    @Override
    public boolean pending() {
        return base.pending(this);
    }

    @Override
    public long expires() {
        return base.expires(this);
    }

    @Override
    public int cpu() {
        return base.cpu;
    }

    @Override
    public String toString() {
        return "timer " + id + " of " + owner.name + " on cpu" + base.cpu;
    }
}
