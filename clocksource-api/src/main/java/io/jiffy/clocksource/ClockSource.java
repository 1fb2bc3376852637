package io.jiffy.clocksource;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A free-running hardware counter that time can be read from: the kernel's
 * {@code struct clocksource}. Drivers register one as an OSGi service; the timekeeping bundle
 * tracks them all and uses the best one (highest {@link #rating()} among stable sources).
 *
 * <p>{@link #read()} must be cheap, lock-free and callable from any thread. The counter may be
 * narrower than 64 bits: the timekeeper masks every delta with {@link #mask()} and accumulates
 * often enough that the counter never wraps unseen.
 */
@ConsumerType
public interface ClockSource {

    /** Ratings 1..99: only usable at boot or when nothing else exists. */
    int RATING_UNFIT = 1;
    /** Ratings 100..199: functional, not desired (the machine's fallback is 100). */
    int RATING_BASE = 100;
    /** Ratings 200..299: correct and usable. */
    int RATING_GOOD = 200;
    /** Ratings 300..399: fast and accurate, desired. */
    int RATING_DESIRED = 300;
    /** Ratings 400..499: the ideal source. */
    int RATING_PERFECT = 400;

    /** Unique name, as in {@code /sys/devices/system/clocksource}: {@code tsc}, {@code sgi_rtc}, {@code MIPS}. */
    String name();

    /** Quality, 1..499 (see the {@code RATING_*} bands); the timekeeper prefers the highest. */
    int rating();

    /** The raw counter value; only the bits in {@link #mask()} are meaningful. */
    long read();

    /** Counter width as a mask: {@code (1L << bits) - 1}, or {@code -1L} for a full 64-bit counter. */
    long mask();

    /** Nominal counter frequency in Hz (what the driver believes, not what a faulty counter does). */
    long frequencyHz();

    /** Capabilities and requirements of this source. */
    Set<ClockSourceFlag> flags();

    /** Called when the timekeeper starts using this source (kernel {@code cs->enable}). */
    default void enable() {
    }

    /** Called when the timekeeper stops using this source (kernel {@code cs->disable}). */
    default void disable() {
    }

    /** Called when the watchdog declares this source unstable (kernel {@code cs->mark_unstable}). */
    default void markUnstable(String reason) {
    }

    /** Counter width in bits derived from {@link #mask()}. */
    static int bits(long mask) {
        return 64 - Long.numberOfLeadingZeros(mask);
    }

    /** The mask for a counter of {@code bits} bits, 1..64. */
    static long maskOf(int bits) {
        if (bits < 1 || bits > 64) {
            throw new IllegalArgumentException("counter width must be 1..64 bits, got " + bits);
        }
        return bits == 64 ? -1L : (1L << bits) - 1;
    }
}
