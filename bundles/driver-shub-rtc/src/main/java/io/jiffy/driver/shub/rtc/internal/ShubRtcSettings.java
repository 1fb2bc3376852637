package io.jiffy.driver.shub.rtc.internal;

import java.util.Map;

import io.jiffy.config.ConfigReader;

/**
 * The driver's configuration (PID {@value ShubRtcComponent#PID}), read and checked.
 *
 * <p>A value that is not of the right form or outside its accepted range is reported with one
 * log line saying what is accepted, and the default is used instead. The frequency is the
 * exception: it is kept as given so that {@link ShubDriver#start} can refuse a frequency below
 * 100 kHz (or above 1 THz), as the kernel's mmtimer_init did; only an unparsable frequency falls
 * back to the default.
 *
 * @param frequencyHz              RTC frequency in Hz (default 25 MHz)
 * @param rating                   the sgi_rtc clocksource's rating, 1..499 (default 450, the sn2 driver's)
 * @param intervalRetryIncrement   ticks added to the completion time when re-arming an interval
 *                                 timer missed (the module parameter
 *                                 {@code mmtimer_interval_retry_increment}, default 40), 0..2^32-1
 * @param compareWriteLatencyTicks simulated time a comparator write takes, in ticks (default 0):
 *                                 the counter is read for the completion check that much later,
 *                                 so an expiry closer than this is missed; 0..2^55-1
 * @param driftPpm                 fault: the crystal runs fast (+) or slow (-) by this many ppm,
 *                                 -999999..1000000 (default 0)
 * @param stuckCounter             fault: the counter is stuck from activation (default false)
 * @param counterJumpCycles        fault: the count jumps by this much once at activation (default 0)
 * @param lostInterruptsEvery      fault: every Nth comparator interrupt of a node is lost; 0 = none
 */
record ShubRtcSettings(long frequencyHz, int rating, long intervalRetryIncrement, long compareWriteLatencyTicks,
        long driftPpm, boolean stuckCounter, long counterJumpCycles, long lostInterruptsEvery) {

    /** Default frequency: 25 MHz. */
    static final long DEFAULT_FREQUENCY_HZ = 25_000_000L;
    /** Default rating: the kernel's sn2 clocksource rating. */
    static final int DEFAULT_RATING = 450;
    /** The kernel's MMTIMER_INTERVAL_RETRY_INCREMENT_DEFAULT. */
    static final long DEFAULT_RETRY_INCREMENT = 40;
    /** The largest accepted retry increment: the module parameter is an unsigned int. */
    static final long MAX_RETRY_INCREMENT = 0xffff_ffffL;
    /** The largest accepted comparator write latency. */
    static final long MAX_LATENCY_TICKS = (1L << ShubRtc.RTC_BITS) - 1;

    /** Every setting at its default. */
    static ShubRtcSettings defaults() {
        return new ShubRtcSettings(DEFAULT_FREQUENCY_HZ, DEFAULT_RATING, DEFAULT_RETRY_INCREMENT, 0, 0, false, 0, 0);
    }

    /**
     * Reads the configuration properties (numbers or their text, as ConfigAdmin and FileInstall
     * give them); unknown keys are ignored, absent keys take their defaults, bad values are
     * logged (one line each, saying what is accepted) and take their defaults.
     */
    static ShubRtcSettings from(Map<String, ?> config, DriverLog log) {
        ConfigReader r = new ConfigReader(config, (key, value, accepted, dflt) -> log.error("mmtimer: invalid configuration "
                + ShubRtcComponent.PID + " " + key + "=" + value + ": accepted is " + accepted + "; using the default " + dflt));
        long hz = r.number("frequencyHz", DEFAULT_FREQUENCY_HZ, Long.MIN_VALUE, Long.MAX_VALUE,
                "a whole number of Hz, at least " + ShubRtc.MIN_FREQUENCY_HZ);
        int rating = (int) r.number("rating", DEFAULT_RATING, 1, 499, "1..499");
        long retry = r.number("intervalRetryIncrement", DEFAULT_RETRY_INCREMENT, 0, MAX_RETRY_INCREMENT,
                "0.." + MAX_RETRY_INCREMENT + " ticks");
        long latency = r.number("compareWriteLatencyTicks", 0, 0, MAX_LATENCY_TICKS, "0.." + MAX_LATENCY_TICKS + " ticks");
        long drift = r.number("driftPpm", 0, -999_999, 1_000_000, "-999999..1000000 ppm");
        boolean stuck = r.bool("stuckCounter", false);
        long jump = r.number("counterJumpCycles", 0, Long.MIN_VALUE, Long.MAX_VALUE, "a whole number of cycles");
        long lost = r.number("lostInterruptsEvery", 0, 0, Long.MAX_VALUE, "0 (none) or N > 0 (every Nth comparator interrupt is lost)");
        return new ShubRtcSettings(hz, rating, retry, latency, drift, stuck, jump, lost);
    }
}
