package io.jiffy.clockevents.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.jiffy.clocksource.CycleConverter;
import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.ClockEventFeature;
import io.jiffy.clockevent.ClockEventHandler;
import io.jiffy.clockevent.ClockEventState;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.Machine;

/**
 * A clock-event device for tests over one IRQ line of the virtual machine, modelled on the
 * machine bundle's device: a comparator counting at {@code frequencyHz}. It can report -ETIME the
 * first {@link #etimeTimes} times, or for every delta below {@link #etimeBelowCycles}; and lose
 * interrupts as the lapic and MIPS drivers can ({@link #loseInterrupt}, {@link #loseEvery}): the
 * line fires, the handler is not called, nothing is re-armed; or deliver a lost one late
 * ({@link #deliverLostLate}).
 */
final class TestDevice implements ClockEventDevice {

    private final Machine machine;
    private final String name;
    private final int cpu;
    private final int rating;
    private final Set<ClockEventFeature> features;
    private final long frequencyHz;
    private final long minDelta;
    private final long maxDelta;
    final IrqLine line;
    volatile ClockEventHandler handler;
    volatile ClockEventState state = ClockEventState.DETACHED;
    final List<Long> programmed = new ArrayList<>();
    /** Deltas outside [min, max] that the core passed: must stay empty. */
    final List<Long> violations = new ArrayList<>();
    int etimeTimes;
    long etimeBelowCycles;
    long etimeReported;
    /** The ordinal (1 = first) of the one interrupt to lose; 0 for none. */
    volatile long loseInterrupt;
    /** Lose every n-th interrupt; 0 for none. */
    volatile long loseEvery;
    /** Interrupts taken on the line, and lost. */
    long taken;
    long lost;
    private IrqLine late;
    private long lateByNanos;
    private long period;
    private long nextPeriodic;

    TestDevice(Machine machine, String name, int cpu, int irqCpu, int rating, long frequencyHz, long minDelta, long maxDelta,
            ClockEventFeature... features) {
        this.machine = machine;
        this.name = name;
        this.cpu = cpu;
        this.rating = rating;
        this.frequencyHz = frequencyHz;
        this.minDelta = minDelta;
        this.maxDelta = maxDelta;
        this.features = features.length == 0 ? EnumSet.noneOf(ClockEventFeature.class) : EnumSet.of(features[0], features);
        this.line = machine.requestIrq(name + "-timer", irqCpu, l -> interrupt());
    }

    /** A per-CPU oneshot device at 1 GHz, min delta 1000 cycles. */
    static TestDevice oneshot(Machine machine, String name, int cpu, int rating) {
        return new TestDevice(machine, name, cpu, cpu, rating, 1_000_000_000L, 1_000, Long.MAX_VALUE / 4,
                ClockEventFeature.ONESHOT, ClockEventFeature.PERCPU);
    }

    /** A lost interrupt is not lost but delivered {@code nanos} late, on a second line of the same CPU. */
    TestDevice deliverLostLate(long nanos, int irqCpu) {
        lateByNanos = nanos;
        late = machine.requestIrq(name + "-late", irqCpu, l -> deliver());
        return this;
    }

    private void interrupt() {
        synchronized (this) {
            if (state == ClockEventState.PERIODIC) {
                nextPeriodic += CycleConverter.nanosWhen(period, frequencyHz);
                line.raiseAt(nextPeriodic);
            }
            long n = ++taken;
            if (n == loseInterrupt || (loseEvery > 0 && n % loseEvery == 0)) {
                lost++;
                if (late != null) {
                    late.raiseAt(machine.nanoTime() + lateByNanos);
                }
                return;
            }
        }
        deliver();
    }

    private void deliver() {
        ClockEventHandler h = handler;
        if (h != null) {
            h.eventHandler(this);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int rating() {
        return rating;
    }

    @Override
    public Set<ClockEventFeature> features() {
        return features;
    }

    @Override
    public int cpu() {
        return cpu;
    }

    @Override
    public long frequencyHz() {
        return frequencyHz;
    }

    @Override
    public long minDeltaCycles() {
        return minDelta;
    }

    @Override
    public long maxDeltaCycles() {
        return maxDelta;
    }

    @Override
    public synchronized void setState(ClockEventState s) {
        if (s == ClockEventState.PERIODIC || s == ClockEventState.DETACHED) {
            throw new IllegalArgumentException(s.toString());
        }
        line.cancel();
        state = s;
    }

    @Override
    public synchronized void setStatePeriodic(long periodCycles) {
        if (!features.contains(ClockEventFeature.PERIODIC)) {
            throw new UnsupportedOperationException();
        }
        state = ClockEventState.PERIODIC;
        period = periodCycles;
        nextPeriodic = machine.nanoTime() + CycleConverter.nanosWhen(periodCycles, frequencyHz);
        line.raiseAt(nextPeriodic);
    }

    @Override
    public synchronized boolean setNextEvent(long deltaCycles) {
        if (deltaCycles < minDelta || deltaCycles > maxDelta) {
            violations.add(deltaCycles); // the core must clamp
            return false;
        }
        programmed.add(deltaCycles);
        if (etimeTimes > 0 || deltaCycles < etimeBelowCycles) {
            if (etimeTimes > 0) {
                etimeTimes--;
            }
            etimeReported++;
            return false;
        }
        line.raiseAt(machine.nanoTime() + CycleConverter.nanosWhen(deltaCycles, frequencyHz));
        return true;
    }

    @Override
    public void setEventHandler(ClockEventHandler handler) {
        this.handler = handler;
    }

    /** Interrupts delivered so far. */
    long irqs() {
        return line.count();
    }

    @Override
    public String toString() {
        return name;
    }
}
