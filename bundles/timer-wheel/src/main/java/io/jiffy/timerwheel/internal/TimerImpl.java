package io.jiffy.timerwheel.internal;

import io.jiffy.timer.Timer;
import io.jiffy.timer.TimerFunction;

/**
 * A wheel timer (the kernel's {@code struct timer_list}): an intrusive list node carrying its
 * expiry, its arming number and its owner. It stays on the base it was made for; every
 * operation takes that base's lock only and allocates nothing.
 *
 * <p>The lists are null-terminated and the slot is kept as a number: every non-null reference
 * stored into an old object costs a card-marking barrier with a fence under G1, and arming and
 * cancelling store as few as a doubly-linked list allows (3 to append, 1 to unlink the last).
 */
final class TimerImpl implements Timer {

    final long id;
    final WheelBase base;
    final TimerFunction function;
    final Owner owner;

    /** Neighbours in its slot (null at the ends, and both null when not pending). Guarded by the base lock. */
    TimerImpl prev;
    TimerImpl next;
    /** The id of the slot (or work list) holding the timer; {@link WheelBase#NONE} when not pending. Guarded by the base lock. */
    int slot = WheelBase.NONE;
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
