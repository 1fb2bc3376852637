package io.jiffy.driver.apic.internal;

import java.util.EnumSet;

import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.clocksource.CounterClockSource;
import io.jiffy.machine.Machine;
import io.jiffy.machine.OscillatorCounter;

/**
 * The x86 time-stamp counter as the {@code tsc} clocksource: a 64-bit counter (no mask) at a
 * nominal 2.4 GHz by default, rating 300, flagged CONTINUOUS, VALID_FOR_HRES and MUST_VERIFY as
 * the kernel's {@code clocksource_tsc}: the timekeeping watchdog checks it against a trusted
 * source and demotes it when it drifts. Modelled as an {@link OscillatorCounter}, with the
 * configured faults (drift, stuck, a jump applied once at construction). The same counter is
 * the clock of the TSC-deadline timers ({@link CounterClockSource#counter()}).
 */
final class Tsc {

    /** The clocksource's name, as in the kernel. */
    static final String NAME = "tsc";

    private Tsc() {
    }

    /**
     * A TSC on {@code machine} that has counted since power-on, with the given faults applied now.
     * Being marked unstable is logged once, as the kernel's {@code tsc_cs_mark_unstable} does.
     *
     * @param driftPpm    runs fast (positive) or slow (negative) by this many ppm; 0 for none
     * @param stuck       stopped at its current value
     * @param jumpCycles  moved by this many cycles once, now; 0 for none
     */
    static CounterClockSource create(Machine machine, long frequencyHz, int rating, long driftPpm, boolean stuck,
            long jumpCycles, ApicLog log) {
        OscillatorCounter counter = new OscillatorCounter(machine, frequencyHz, 64);
        counter.applyFaults(driftPpm, stuck, jumpCycles);
        return new CounterClockSource(NAME, rating,
                EnumSet.of(ClockSourceFlag.CONTINUOUS, ClockSourceFlag.VALID_FOR_HRES, ClockSourceFlag.MUST_VERIFY),
                counter, reason -> log.warn("clocksource " + NAME + " marked unstable by the watchdog: " + reason, null));
    }
}
