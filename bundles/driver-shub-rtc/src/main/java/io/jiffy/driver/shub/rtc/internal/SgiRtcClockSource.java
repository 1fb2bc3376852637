package io.jiffy.driver.shub.rtc.internal;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;

/**
 * The {@code sgi_rtc} clocksource of the ia64 sn2 platform ({@code arch/ia64/sn/kernel/sn2/timer.c}):
 * the SHub RTC register, 55 bits, continuous, good for high-resolution timers, rated 450 by
 * default. {@link #read()} is the register itself: lock-free and allocation-free.
 */
final class SgiRtcClockSource implements ClockSource {

    /** The clocksource's name. */
    static final String NAME = "sgi_rtc";

    private static final Set<ClockSourceFlag> FLAGS =
            Collections.unmodifiableSet(EnumSet.of(ClockSourceFlag.CONTINUOUS, ClockSourceFlag.VALID_FOR_HRES));

    private final ShubRtc rtc;
    private final int rating;

    SgiRtcClockSource(ShubRtc rtc, int rating) {
        this.rtc = rtc;
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

    @Override
    public long read() {
        return rtc.read();
    }

    @Override
    public long mask() {
        return rtc.mask();
    }

    @Override
    public long frequencyHz() {
        return rtc.frequencyHz();
    }

    @Override
    public Set<ClockSourceFlag> flags() {
        return FLAGS;
    }

    @Override
    public String toString() {
        return "clocksource " + NAME;
    }
}
