package io.jiffy.driver.r4k.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.clocksource.CounterClockSource;
import io.jiffy.machine.Machine;

/**
 * The MIPS R4K timer hardware of a machine and what the driver makes of it: decides which
 * devices exist, as {@code init_r4k_clocksource} and {@code r4k_clockevent_init} do. Plain
 * Java; {@link R4kComponent} registers what it built.
 *
 * <ol>
 * <li>The CP0 Count register at the configured frequency, with the configured faults applied
 *     (drift, stuck, and the counter jump, once, here), and clocksource {@code MIPS} over it
 *     ({@code csrc-r4k.c}): 32 bits, CONTINUOUS and VALID_FOR_HRES, rated
 *     {@code 200 + frequency / 10 MHz} unless configured otherwise; always.</li>
 * <li>For every CPU its Compare register, probed as {@code c0_compare_int_usable} does; a CPU
 *     whose probe passes gets its clock-event device {@code MIPS} and timer interrupt line.
 *     With a broken compare (or a stuck counter) no probe passes and only the clocksource
 *     exists.</li>
 * </ol>
 */
public final class R4kDriver {

    /** Name of the clocksource, as in /sys/devices/system/clocksource. */
    public static final String CLOCKSOURCE_NAME = "MIPS";

    private final R4kSettings settings;
    private final Cp0Count count;
    private final CounterClockSource clockSource;
    private final List<Cp0Compare.Probe> probes;
    private final List<R4kClockEvent> clockEvents;

    /** Builds the hardware model on {@code machine} and probes every CPU's compare interrupt. */
    public R4kDriver(Machine machine, R4kSettings settings) {
        this.settings = settings;
        this.count = new Cp0Count(machine, settings.frequencyHz());
        count.counter().applyFaults(settings.driftPpm(), settings.stuckCounter(), settings.counterJumpCycles());
        this.clockSource = new CounterClockSource(CLOCKSOURCE_NAME, settings.effectiveClocksourceRating(),
                EnumSet.of(ClockSourceFlag.CONTINUOUS, ClockSourceFlag.VALID_FOR_HRES), count.counter());
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

    /** Clocksource {@code MIPS}: {@code c0_hpt_read}, the Count register. */
    public CounterClockSource clockSource() {
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
