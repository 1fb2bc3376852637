package io.jiffy.driver.r4k.internal;

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
 * Clock-event device {@code MIPS} of one CPU (the kernel's {@code cevt-r4k.c}): that CPU's CP0
 * Compare register against Count, on interrupt line {@value #IRQ_NAME} of the CPU. Oneshot only,
 * stops in deep idle (C3STOP), per CPU; rating 300 by default; deltas of
 * {@value #MIN_DELTA_CYCLES_HEX}..{@value #MAX_DELTA_CYCLES_HEX} Count cycles.
 *
 * <p>{@link #setNextEvent(long)} is {@code mips_next_event}: read Count, add the delta, write
 * Compare, and report {@code -ETIME} when Count, read back after the write landed, is at or past
 * the target ({@code (int)(Count - Compare) >= 0}); then nothing is armed. The interrupt handler
 * is {@code c0_compare_interrupt}: if Cause.TI is set it acknowledges the match by rewriting
 * Compare and calls the event handler. With the {@code lostInterruptsEvery} fault every Nth
 * interrupt taken on the line finds Cause.TI clear and is dropped; the match is acknowledged, so
 * Compare matches again only when Count comes round, 2<sup>32</sup> cycles later.
 */
public final class R4kClockEvent implements ClockEventDevice {

    /** Its name in clockevent:list. */
    public static final String NAME = "MIPS";
    /** Name of each CPU's timer interrupt line in irq:list. */
    public static final String IRQ_NAME = "MIPS-compare";
    /** Smallest delta, as cevt-r4k.c: 0x300 Count cycles. */
    public static final long MIN_DELTA_CYCLES = 0x300;
    /** Largest delta, as cevt-r4k.c: 0x7fffffff Count cycles (half the 32-bit range). */
    public static final long MAX_DELTA_CYCLES = 0x7fffffff;
    static final String MIN_DELTA_CYCLES_HEX = "0x300";
    static final String MAX_DELTA_CYCLES_HEX = "0x7fffffff";

    private static final Set<ClockEventFeature> FEATURES = Collections.unmodifiableSet(
            EnumSet.of(ClockEventFeature.ONESHOT, ClockEventFeature.C3STOP, ClockEventFeature.PERCPU));

    private final Cp0Count count;
    private final Cp0Compare compare;
    private final int cpu;
    private final int rating;
    private final long lostEvery;
    private final IrqLine line;
    private volatile ClockEventHandler handler;

    // guarded by this
    private ClockEventState state = ClockEventState.DETACHED;
    private long taken;
    private long events;
    private long lost;
    private long etimes;
    private boolean released;

    /**
     * Requests the timer interrupt line of {@code cpu} and connects {@code compare} to it.
     *
     * @param compare   the CPU's Compare register, probed usable
     * @param lostEvery every this many interrupts one is lost; 0 for none
     */
    public R4kClockEvent(Machine machine, Cp0Count count, Cp0Compare compare, int cpu, int rating, long lostEvery) {
        if (lostEvery < 0) {
            throw new IllegalArgumentException("lostEvery must be 0 (none) or positive, got " + lostEvery);
        }
        this.count = count;
        this.compare = compare;
        this.cpu = cpu;
        this.rating = rating;
        this.lostEvery = lostEvery;
        this.line = machine.requestIrq(IRQ_NAME, cpu, l -> interrupt());
        synchronized (this) {
            compare.connect(line);
        }
    }

    /** {@code c0_compare_interrupt}, on this device's CPU. */
    private void interrupt() {
        ClockEventHandler h;
        synchronized (this) {
            if (released || !compare.causeTi()) {
                return; // not a timer interrupt (stale or withdrawn)
            }
            taken++;
            compare.write(compare.read()); // acknowledge: write_c0_compare(read_c0_compare())
            if (lostEvery > 0 && taken % lostEvery == 0) {
                lost++;
                return;
            }
            h = handler;
            if (h != null) {
                events++;
            }
        }
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

    /** The Count frequency. */
    @Override
    public long frequencyHz() {
        return count.frequencyHz();
    }

    @Override
    public long minDeltaCycles() {
        return MIN_DELTA_CYCLES;
    }

    @Override
    public long maxDeltaCycles() {
        return MAX_DELTA_CYCLES;
    }

    /** ONESHOT enables the device; SHUTDOWN and ONESHOT_STOPPED withdraw a programmed event. */
    @Override
    public synchronized void setState(ClockEventState newState) {
        switch (newState) {
            case ONESHOT -> state = newState;
            case SHUTDOWN, ONESHOT_STOPPED -> {
                compare.disarm();
                state = newState;
            }
            default -> throw new IllegalArgumentException("setState(" + newState + ") on " + this
                    + ": accepted are SHUTDOWN, ONESHOT and ONESHOT_STOPPED (the device has no periodic mode)");
        }
    }

    /** Always refused: the R4K Compare timer is oneshot only (no {@link ClockEventFeature#PERIODIC}). */
    @Override
    public void setStatePeriodic(long periodCycles) {
        throw new UnsupportedOperationException(this + " is oneshot only: Compare has no periodic mode");
    }

    /** {@code mips_next_event}: Compare = Count + delta; false ({@code -ETIME}) when Count had passed it. */
    @Override
    public synchronized boolean setNextEvent(long deltaCycles) {
        long cnt = count.count() + deltaCycles; // cnt = read_c0_count(); cnt += delta;
        long after = compare.write(cnt);         // write_c0_compare(cnt); read_c0_count()
        if ((int) (after - cnt) >= 0) {
            etimes++;
            compare.disarm(); // nothing armed: the core retries at once
            return false;
        }
        return true;
    }

    @Override
    public void setEventHandler(ClockEventHandler handler) {
        this.handler = handler;
    }

    /** Shuts the device down and frees its interrupt line; it raises nothing afterwards. */
    public synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        compare.disarm();
        compare.connect(null);
        line.free();
        state = ClockEventState.DETACHED;
    }

    /** The CPU's timer interrupt line. */
    public IrqLine line() {
        return line;
    }

    /** The CPU's Compare register. */
    public Cp0Compare compare() {
        return compare;
    }

    /** The state the core last set. */
    public synchronized ClockEventState state() {
        return state;
    }

    /** Timer interrupts taken with Cause.TI set (lost ones included). */
    public synchronized long interruptsTaken() {
        return taken;
    }

    /** Events passed to the event handler. */
    public synchronized long events() {
        return events;
    }

    /** Interrupts lost by the {@code lostInterruptsEvery} fault. */
    public synchronized long lostInterrupts() {
        return lost;
    }

    /** Writes reported as {@code -ETIME}. */
    public synchronized long etimes() {
        return etimes;
    }

    /** The Compare register's value. */
    public synchronized long compareValue() {
        return compare.read();
    }

    /** The machine time the interrupt is armed for, or -1. */
    public long armedAt() {
        return line.armedAt();
    }

    @Override
    public String toString() {
        return "clockevent " + NAME + " cpu" + cpu;
    }
}
