package io.jiffy.driver.r4k.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.jiffy.machine.Machine;
import io.jiffy.machine.OscillatorCounter;

/**
 * The MIPS R4K timer hardware of a machine and what the driver makes of it: decides which
 * devices exist, as {@code init_r4k_clocksource} and {@code r4k_clockevent_init} do. Plain
 * Java; {@link R4kComponent} registers what it built.
 *
 * <ol>
 * <li>The CP0 Count register at the configured frequency, with the configured faults applied
 *     (drift, stuck, and the counter jump, once, here), and clocksource {@code MIPS} over it:
 *     always.</li>
 * <li>For every CPU its Compare register, probed as {@code c0_compare_int_usable} does; a CPU
 *     whose probe passes gets its clock-event device {@code MIPS} and timer interrupt line.
 *     With a broken compare (or a stuck counter) no probe passes and only the clocksource
 *     exists.</li>
 * </ol>
 */
public final class R4kDriver {

    private final R4kSettings settings;
    private final Cp0Count count;
    private final R4kClockSource clockSource;
    private final List<Cp0Compare.Probe> probes;
    private final List<R4kClockEvent> clockEvents;

    /** Builds the hardware model on {@code machine} and probes every CPU's compare interrupt. */
    public R4kDriver(Machine machine, R4kSettings settings) {
        this.settings = settings;
        this.count = new Cp0Count(machine, settings.frequencyHz());
        OscillatorCounter counter = count.counter();
        if (settings.driftPpm() != 0) {
            counter.setDriftPpm(settings.driftPpm());
        }
        if (settings.counterJumpCycles() != 0) {
            counter.jump(settings.counterJumpCycles());
        }
        if (settings.stuckCounter()) {
            counter.setStuck(true);
        }
        this.clockSource = new R4kClockSource(count, settings.effectiveClocksourceRating());
        List<Cp0Compare.Probe> p = new ArrayList<>();
        List<R4kClockEvent> devices = new ArrayList<>();
        try {
            for (int cpu = 0; cpu < machine.cpus(); cpu++) {
                Cp0Compare compare = new Cp0Compare(count, settings.compareWriteLatencyCycles(), settings.brokenCompare());
                Cp0Compare.Probe result = compare.probe();
                p.add(result);
                if (result == Cp0Compare.Probe.USABLE) {
                    devices.add(new R4kClockEvent(machine, count, compare, cpu, settings.clockeventRating(),
                            settings.lostInterruptsEvery()));
                }
            }
        } catch (RuntimeException e) {
            devices.forEach(R4kClockEvent::release);
            throw e;
        }
        this.probes = Collections.unmodifiableList(p);
        this.clockEvents = Collections.unmodifiableList(devices);
    }

    /** The settings it was built with. */
    public R4kSettings settings() {
        return settings;
    }

    /** The Count register shared by all CPUs. */
    public Cp0Count count() {
        return count;
    }

    /** Clocksource {@code MIPS}. */
    public R4kClockSource clockSource() {
        return clockSource;
    }

    /** The clock-event devices, one per CPU whose compare interrupt is usable, by CPU; may be empty. */
    public List<R4kClockEvent> clockEvents() {
        return clockEvents;
    }

    /** The probe result of every CPU, by CPU index. */
    public List<Cp0Compare.Probe> probes() {
        return probes;
    }

    /** The CPUs whose compare interrupt is not usable. */
    public List<Integer> unusableCpus() {
        List<Integer> cpus = new ArrayList<>();
        for (int cpu = 0; cpu < probes.size(); cpu++) {
            if (probes.get(cpu) != Cp0Compare.Probe.USABLE) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    /** Releases every clock-event device: nothing stays armed, every interrupt line is freed. */
    public void shutdown() {
        for (R4kClockEvent device : clockEvents) {
            device.release();
        }
    }

    @Override
    public String toString() {
        return "MIPS R4K timer: " + count + ", " + clockEvents.size() + " of " + probes.size() + " CPUs with a usable compare";
    }
}
