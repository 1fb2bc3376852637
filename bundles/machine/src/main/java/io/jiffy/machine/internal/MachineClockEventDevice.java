package io.jiffy.machine.internal;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.ClockEventFeature;
import io.jiffy.clockevent.ClockEventHandler;
import io.jiffy.clockevent.ClockEventState;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.Machine;

/**
 * The fallback clock-event device {@code machine} of one CPU (rating 50): a comparator on the
 * oscillator, counting at 1 GHz (one cycle is one nanosecond), on its own IRQ line
 * {@code machine-timer}. Oneshot events arm the line once; periodic mode re-arms it from its
 * own interrupt at previous deadline + period, so the period never drifts.
 */
final class MachineClockEventDevice implements ClockEventDevice {

    static final String NAME = "machine";
    static final String IRQ_NAME = "machine-timer";
    static final int RATING = 50;
    static final long FREQUENCY_HZ = 1_000_000_000L;
    static final long MIN_DELTA_CYCLES = 1_000;
    static final long MAX_DELTA_CYCLES = Long.MAX_VALUE / 2;
    private static final Set<ClockEventFeature> FEATURES = Collections.unmodifiableSet(
            EnumSet.of(ClockEventFeature.PERIODIC, ClockEventFeature.ONESHOT, ClockEventFeature.PERCPU));

    private final Machine machine;
    private final int cpu;
    private final IrqLine line;
    private volatile ClockEventHandler handler;
    // guarded by this
    private ClockEventState state = ClockEventState.DETACHED;
    private long period;
    private long nextPeriodic;

    /** Requests the device's IRQ line on {@code cpu} of {@code machine}. */
    MachineClockEventDevice(Machine machine, int cpu) {
        this.machine = machine;
        this.cpu = cpu;
        this.line = machine.requestIrq(IRQ_NAME, cpu, l -> interrupt());
    }

    /** Stops the device and frees its IRQ line. */
    void release() {
        line.free();
    }

    /** The device's IRQ line. */
    IrqLine line() {
        return line;
    }

    /** The current state. */
    synchronized ClockEventState state() {
        return state;
    }

    private void interrupt() {
        synchronized (this) {
            if (state == ClockEventState.PERIODIC) {
                // re-arm before the handler runs, so a handler that changes the state wins
                nextPeriodic = saturatedAdd(nextPeriodic, period);
                line.raiseAt(nextPeriodic);
            }
        }
        ClockEventHandler h = handler;
        if (h != null) {
            h.eventHandler(this);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rating() {
        return RATING;
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
        return FREQUENCY_HZ;
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
                line.cancel();
                state = newState;
            }
            default -> throw new IllegalArgumentException("setState(" + newState + "): use setStatePeriodic for PERIODIC; "
                    + "accepted are SHUTDOWN, ONESHOT and ONESHOT_STOPPED");
        }
    }

    @Override
    public synchronized void setStatePeriodic(long periodCycles) {
        if (periodCycles <= 0) {
            throw new IllegalArgumentException("setStatePeriodic: the period must be positive, got " + periodCycles + " cycles");
        }
        state = ClockEventState.PERIODIC;
        period = periodCycles;
        nextPeriodic = saturatedAdd(machine.nanoTime(), periodCycles);
        line.raiseAt(nextPeriodic);
    }

    @Override
    public synchronized boolean setNextEvent(long deltaCycles) {
        if (deltaCycles <= 0) {
            return false; // already passed: -ETIME
        }
        line.raiseAt(saturatedAdd(machine.nanoTime(), deltaCycles));
        return true;
    }

    @Override
    public void setEventHandler(ClockEventHandler handler) {
        this.handler = handler;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    @Override
    public String toString() {
        return "clockevent " + NAME + " cpu" + cpu;
    }
}
