package io.jiffy.driver.apic.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.jiffy.clocksource.CounterClockSource;
import io.jiffy.machine.Machine;

/**
 * The x86 timing hardware of one machine, built from the driver's settings: the {@link Tsc},
 * one {@link Lapic} per CPU and the {@link ApicTimerList}. Construction requests every IRQ line
 * ({@code lapic-timer} and {@code apic-deadline} on each CPU); {@link #close()} stops every
 * device, cancels every timer and frees every line, so nothing armed runs afterwards.
 */
final class ApicDevices implements AutoCloseable {

    /** Seeds of the per-line jitter PRNGs: one per line kind, plus the CPU number. */
    static final long LAPIC_SEED = 0x1A91_C000L;
    static final long DEADLINE_SEED = 0x75C0_0000L;

    private final ApicSettings settings;
    private final CounterClockSource tsc;
    private final List<Lapic> lapics;
    private final ApicTimerList timers;

    /** Builds the devices on {@code machine}; the TSC's jump fault is applied now. */
    ApicDevices(Machine machine, ApicSettings settings, ApicLog log) {
        this.settings = settings;
        this.tsc = Tsc.create(machine, settings.tscFrequencyHz(), settings.tscRating(), settings.tscDriftPpm(),
                settings.tscStuck(), settings.tscJumpCycles(), log);
        List<Lapic> l = new ArrayList<>(machine.cpus());
        for (int cpu = 0; cpu < machine.cpus(); cpu++) {
            l.add(new Lapic(machine, cpu, settings.lapicFrequencyHz(), settings.lapicRating(),
                    new IrqDelay(settings.irqLatencyNanos(), settings.irqJitterNanos(), LAPIC_SEED + cpu),
                    settings.lostInterruptsEvery(), log));
        }
        this.lapics = Collections.unmodifiableList(l);
        this.timers = new ApicTimerList(machine, tsc.counter(),
                cpu -> new IrqDelay(settings.irqLatencyNanos(), settings.irqJitterNanos(), DEADLINE_SEED + cpu), log);
    }

    /** The settings the devices were built with. */
    ApicSettings settings() {
        return settings;
    }

    /** The time-stamp counter, clocksource {@code tsc}. */
    CounterClockSource tsc() {
        return tsc;
    }

    /** The lapic of every CPU, by CPU. */
    List<Lapic> lapics() {
        return lapics;
    }

    /** The APIC timer list. */
    ApicTimerList timers() {
        return timers;
    }

    /** Stops and releases every lapic, cancels every APIC timer and frees every IRQ line. */
    @Override
    public void close() {
        for (Lapic lapic : lapics) {
            lapic.release();
        }
        timers.shutdown();
    }
}
