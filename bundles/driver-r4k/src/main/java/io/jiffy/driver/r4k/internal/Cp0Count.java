package io.jiffy.driver.r4k.internal;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.machine.Machine;
import io.jiffy.machine.OscillatorCounter;

/**
 * The CP0 Count register ($9): 32 bits counting at the Count frequency from the machine's
 * oscillator since power-on, wrapping every 2<sup>32</sup> cycles (42.9 s at 100 MHz). Every CPU
 * has its own Count, but they are started together and clocked from one oscillator, so they stay
 * synchronized: one {@code Cp0Count} models all of them. Faults (drift, stuck, jump) are set on
 * {@link #counter()}. Reads are lock-free and allocation-free.
 */
public final class Cp0Count {

    /** Register width. */
    public static final int BITS = 32;
    /** Register mask, {@code 0xffffffff}. */
    public static final long MASK = ClockSource.maskOf(BITS);

    private final OscillatorCounter counter;

    /** A Count of {@code frequencyHz} on {@code machine}'s oscillator. */
    public Cp0Count(Machine machine, long frequencyHz) {
        this.counter = new OscillatorCounter(machine, frequencyHz, BITS);
    }

    /** {@code read_c0_count()}: the register's 32-bit value now. */
    public long read() {
        return counter.read();
    }

    /**
     * The unmasked count now (cycles since power-on, moved by any jump): what comparator
     * arithmetic works in, so that a target beyond the next wrap is still a distinct value.
     */
    public long count() {
        return counter.count();
    }

    /** The machine time at which the unmasked count reaches {@code target}: now if it has, -1 if never (stuck). */
    public long nanosWhen(long target) {
        return counter.nanosWhen(target);
    }

    /** Whether the counter stands still (the stuck-counter fault). */
    public boolean isStuck() {
        return counter.isStuck();
    }

    /** The nominal frequency in Hz. */
    public long frequencyHz() {
        return counter.frequencyHz();
    }

    /** The counter underneath, for setting the simulated faults. */
    public OscillatorCounter counter() {
        return counter;
    }

    @Override
    public String toString() {
        return "CP0 Count " + counter;
    }
}
