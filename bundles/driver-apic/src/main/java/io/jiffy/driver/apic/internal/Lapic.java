package io.jiffy.driver.apic.internal;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.ClockEventFeature;
import io.jiffy.clockevent.ClockEventHandler;
import io.jiffy.clockevent.ClockEventState;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.Machine;
import io.jiffy.machine.OscillatorCounter;

/**
 * The local APIC timer of one CPU as the {@code lapic} clock-event device (the kernel's
 * {@code lapic_clockevent}): PERIODIC, ONESHOT, C3STOP and PERCPU, rating 100.
 *
 * <p>The register model: the timer counts down a 32-bit initial-count register (TMICT) on the
 * bus clock divided by the divide configuration (100 MHz / 16 = 6.25 MHz by default; that divided
 * clock is an {@link OscillatorCounter}), and interrupts when the count reaches zero. In periodic
 * mode it reloads the initial count by itself and keeps interrupting every period, the period
 * measured from the previous expiry so it never drifts; in oneshot mode it interrupts once.
 * Writing a delta arms a oneshot countdown; SHUTDOWN and ONESHOT_STOPPED stop the count.
 * Deltas are clamped to [{@value #MIN_DELTA_CYCLES}, {@value #MAX_DELTA_CYCLES}] as the
 * kernel's {@code lapic_clockevent} declares; a delta of 0 or less is reported as already passed
 * (nothing is armed).
 *
 * <p>The interrupt is the device's own IRQ line {@value #IRQ_NAME} on its CPU, delivered the
 * configured {@link IrqDelay} after the count reached zero. The simulated "lost interrupts"
 * fault swallows every n-th interrupt before it reaches the handler (a periodic countdown
 * carries on regardless, as the hardware does).
 */
final class Lapic implements ClockEventDevice {

    /** The device's name, as in the kernel. */
    static final String NAME = "lapic";
    /** The name of its interrupt line on each CPU. */
    static final String IRQ_NAME = "lapic-timer";
    /** Smallest programmable delta, in timer cycles (the kernel's min_delta_ticks 0xF). */
    static final long MIN_DELTA_CYCLES = 0xF;
    /** Largest programmable delta, in timer cycles (the kernel's max_delta_ticks 0x7FFFFFFF). */
    static final long MAX_DELTA_CYCLES = 0x7FFF_FFFFL;
    /** The initial-count register is 32 bits wide. */
    static final long COUNT_REGISTER_MASK = 0xFFFF_FFFFL;
    private static final Set<ClockEventFeature> FEATURES = Collections.unmodifiableSet(EnumSet.of(
            ClockEventFeature.PERIODIC, ClockEventFeature.ONESHOT, ClockEventFeature.C3STOP, ClockEventFeature.PERCPU));

    private final Machine machine;
    private final int cpu;
    private final int rating;
    private final OscillatorCounter clock;
    private final IrqDelay delay;
    private final long lostEvery;
    private final ApicLog log;
    private final IrqLine line;
    private volatile ClockEventHandler handler;
    private volatile long events;
    private volatile long lost;

    // guarded by this
    private ClockEventState state = ClockEventState.DETACHED;
    private boolean periodic;
    private long initialCount;
    private long startCount;
    private long target;
    private long deliveryAt = Long.MAX_VALUE;
    private long interrupts;
    private boolean released;

    /**
     * The lapic of {@code cpu}: requests its IRQ line there.
     *
     * @param timerHz   the divided bus clock, bus frequency / divisor
     * @param lostEvery every n-th interrupt is lost; 0 for none
     */
    Lapic(Machine machine, int cpu, long timerHz, int rating, IrqDelay delay, long lostEvery, ApicLog log) {
        this.machine = machine;
        this.cpu = cpu;
        this.rating = rating;
        this.clock = new OscillatorCounter(machine, timerHz, 64);
        this.delay = delay;
        this.lostEvery = lostEvery;
        this.log = log;
        this.line = machine.requestIrq(IRQ_NAME, cpu, l -> interrupt());
    }

    /** Stops the timer and frees its IRQ line (driver removal). */
    void release() {
        synchronized (this) {
            stop();
            released = true;
            state = ClockEventState.DETACHED;
        }
        handler = null;
        line.free();
    }

    /** Its IRQ line. */
    IrqLine line() {
        return line;
    }

    /** The state the core last set. */
    synchronized ClockEventState state() {
        return state;
    }

    /** The initial-count register (TMICT): the count the timer was last started with, 0 when stopped. */
    synchronized long initialCount() {
        return initialCount;
    }

    /** The current-count register (TMCCT): counts down from the initial count, 0 once a oneshot expired. */
    synchronized long currentCount() {
        if (initialCount == 0) {
            return 0;
        }
        long elapsed = clock.count() - startCount;
        if (periodic) {
            return initialCount - Long.remainderUnsigned(elapsed, initialCount);
        }
        return Math.max(0, initialCount - elapsed);
    }

    /** Interrupts delivered to the handler. */
    long events() {
        return events;
    }

    /** Interrupts swallowed by the simulated lost-interrupt fault. */
    long lost() {
        return lost;
    }

    /** Runs on the lapic-timer line of this CPU. */
    private void interrupt() {
        boolean deliver;
        long n;
        synchronized (this) {
            if (released || machine.nanoTime() < deliveryAt) {
                return; // re-armed or stopped while this interrupt was on its way: the old expiry is void
            }
            if (periodic) {
                // the hardware reloads by itself: the next period counts from this expiry, not from now
                target += initialCount;
                arm();
            } else {
                deliveryAt = Long.MAX_VALUE;
            }
            n = ++interrupts;
            deliver = lostEvery == 0 || n % lostEvery != 0;
        }
        if (!deliver) {
            if (++lost == 1) {
                log.warn("lapic cpu" + cpu + ": simulated fault: interrupt " + n + " lost (every " + lostEvery
                        + (lostEvery == 1 ? "" : "th") + " is lost; further losses are only counted)", null);
            }
            return;
        }
        events++;
        ClockEventHandler h = handler;
        if (h != null) {
            h.eventHandler(this); // outside the lock: the core re-programs this device from here
        }
    }

    /** Arms the line for the time the count reaches {@link #target}, plus the IRQ delay. Under this. */
    private void arm() {
        deliveryAt = delay.deliveryAfter(clock.nanosWhen(target));
        line.raiseAt(deliveryAt);
    }

    /** Stops the countdown (TMICT = 0). Under this. */
    private void stop() {
        line.cancel();
        deliveryAt = Long.MAX_VALUE;
        initialCount = 0;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rating() {
        return rating;
    }

    @Override
    public Set<ClockEventFeature> features() {
        return FEATURES;
    }

    @Override
    public int cpu() {
        return cpu;
    }

    @Override
    public long frequencyHz() {
        return clock.frequencyHz();
    }

    @Override
    public long minDeltaCycles() {
        return MIN_DELTA_CYCLES;
    }

    @Override
    public long maxDeltaCycles() {
        return MAX_DELTA_CYCLES;
    }

    @Override
    public synchronized void setState(ClockEventState newState) {
        switch (newState) {
            case SHUTDOWN, ONESHOT, ONESHOT_STOPPED -> {
                stop();
                periodic = false;
                state = newState;
            }
            default -> throw new IllegalArgumentException("setState(" + newState + "): use setStatePeriodic for PERIODIC; "
                    + "accepted are SHUTDOWN, ONESHOT and ONESHOT_STOPPED");
        }
    }

    /**
     * Periodic mode: loads {@code periodCycles} into the initial-count register (capped at the
     * register's 32 bits) and interrupts every period until the state changes.
     */
    @Override
    public synchronized void setStatePeriodic(long periodCycles) {
        if (periodCycles <= 0) {
            throw new IllegalArgumentException("setStatePeriodic: the period must be positive, got " + periodCycles + " cycles");
        }
        if (released) {
            return;
        }
        periodic = true;
        initialCount = Math.min(periodCycles, COUNT_REGISTER_MASK);
        startCount = clock.count();
        target = startCount + initialCount;
        state = ClockEventState.PERIODIC;
        arm();
    }

    /**
     * Writes the initial-count register in oneshot mode (the kernel's {@code lapic_next_event}):
     * the timer interrupts once, {@code deltaCycles} (clamped to the device's range) from now.
     * Leaves periodic mode if the device was in it.
     */
    @Override
    public synchronized boolean setNextEvent(long deltaCycles) {
        if (deltaCycles <= 0) {
            return false; // already passed: -ETIME, nothing armed
        }
        if (released) {
            return true;
        }
        periodic = false;
        state = ClockEventState.ONESHOT;
        initialCount = Math.max(MIN_DELTA_CYCLES, Math.min(MAX_DELTA_CYCLES, deltaCycles));
        startCount = clock.count();
        target = startCount + initialCount;
        arm();
        return true;
    }

    @Override
    public void setEventHandler(ClockEventHandler handler) {
        this.handler = handler;
    }

    @Override
    public String toString() {
        return "clockevent " + NAME + " cpu" + cpu;
    }
}
