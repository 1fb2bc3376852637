package io.jiffy.driver.apic.internal;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.machine.Machine;
import io.jiffy.machine.OscillatorCounter;

/**
 * The x86 time-stamp counter as the {@code tsc} clocksource: a 64-bit counter (no mask) at a
 * nominal 2.4 GHz by default, rating 300, flagged CONTINUOUS, VALID_FOR_HRES and MUST_VERIFY as
 * the kernel's {@code clocksource_tsc}: the timekeeping watchdog checks it against a trusted
 * source and demotes it when it drifts. Modelled as an {@link OscillatorCounter}, with the
 * configured faults (drift, stuck, a jump applied once at construction). The same counter is
 * the clock of the TSC-deadline timers.
 */
final class Tsc implements ClockSource {

    /** The clocksource's name, as in the kernel. */
    static final String NAME = "tsc";
    /** Its flags: those of the kernel's tsc. */
    static final Set<ClockSourceFlag> FLAGS = Collections.unmodifiableSet(EnumSet.of(
            ClockSourceFlag.CONTINUOUS, ClockSourceFlag.VALID_FOR_HRES, ClockSourceFlag.MUST_VERIFY));

    private final OscillatorCounter counter;
    private final int rating;
    private final ApicLog log;
    private volatile String unstableReason;

    /**
     * A TSC on {@code machine} that has counted since power-on, with the given faults applied now.
     *
     * @param driftPpm    runs fast (positive) or slow (negative) by this many ppm; 0 for none
     * @param stuck       stopped at its current value
     * @param jumpCycles  moved by this many cycles once, now; 0 for none
     */
    Tsc(Machine machine, long frequencyHz, int rating, long driftPpm, boolean stuck, long jumpCycles, ApicLog log) {
        this.counter = new OscillatorCounter(machine, frequencyHz, 64);
        this.rating = rating;
        this.log = log;
        if (driftPpm != 0) {
            counter.setDriftPpm(driftPpm);
        }
        if (jumpCycles != 0) {
            counter.jump(jumpCycles);
        }
        if (stuck) {
            counter.setStuck(true);
        }
    }

    /** The TSC's counter register (also the clock of the deadline timers). */
    OscillatorCounter counter() {
        return counter;
    }

    /** The count now, modulo 2<sup>64</sup> (the same as {@link #read()}: the TSC has 64 bits). */
    long count() {
        return counter.count();
    }

    /** Whether the timekeeping watchdog declared it unstable. */
    boolean unstable() {
        return unstableReason != null;
    }

    /** Why the watchdog declared it unstable, or null. */
    String unstableReason() {
        return unstableReason;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rating() {
        return rating;
    }

    /** {@code rdtsc}: lock-free and allocation-free. */
    @Override
    public long read() {
        return counter.read();
    }

    @Override
    public long mask() {
        return -1L;
    }

    @Override
    public long frequencyHz() {
        return counter.frequencyHz();
    }

    @Override
    public Set<ClockSourceFlag> flags() {
        return FLAGS;
    }

    /** The kernel's {@code tsc_cs_mark_unstable}: remembered and logged; the timekeeper switches away. */
    @Override
    public void markUnstable(String reason) {
        if (unstableReason == null) {
            unstableReason = reason;
            log.warn("clocksource " + NAME + " marked unstable by the watchdog: " + reason, null);
        }
    }

    @Override
    public String toString() {
        return "clocksource " + NAME + " (" + counter + ")";
    }
}
