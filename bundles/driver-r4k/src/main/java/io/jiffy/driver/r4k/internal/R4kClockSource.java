package io.jiffy.driver.r4k.internal;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;

/**
 * Clocksource {@code MIPS} (the kernel's {@code csrc-r4k.c}): the CP0 Count register, 32 bits,
 * continuous and good for high-resolution timers, rated {@code 200 + frequency / 10 MHz} unless
 * configured otherwise. {@link #read()} is lock-free and allocation-free.
 */
public final class R4kClockSource implements ClockSource {

    /** Its name, as in /sys/devices/system/clocksource. */
    public static final String NAME = "MIPS";

    private static final Set<ClockSourceFlag> FLAGS = Collections.unmodifiableSet(
            EnumSet.of(ClockSourceFlag.CONTINUOUS, ClockSourceFlag.VALID_FOR_HRES));

    private final Cp0Count count;
    private final int rating;

    /** The clocksource over {@code count} with {@code rating}. */
    public R4kClockSource(Cp0Count count, int rating) {
        this.count = count;
        this.rating = rating;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rating() {
        return rating;
    }

    /** {@code c0_hpt_read}: the Count register. */
    @Override
    public long read() {
        return count.read();
    }

    @Override
    public long mask() {
        return Cp0Count.MASK;
    }

    @Override
    public long frequencyHz() {
        return count.frequencyHz();
    }

    @Override
    public Set<ClockSourceFlag> flags() {
        return FLAGS;
    }

    @Override
    public String toString() {
        return "clocksource " + NAME + " (" + count.frequencyHz() + " Hz, rating " + rating + ")";
    }
}
