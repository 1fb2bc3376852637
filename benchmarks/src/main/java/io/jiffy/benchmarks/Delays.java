package io.jiffy.benchmarks;

import java.util.SplittableRandom;

/**
 * The timeouts every subject is given, in nanoseconds: uniformly distributed between
 * {@link #MIN_NANOS} (1 s) and {@link #MAX_NANOS} (60 s), from a seeded generator so that every
 * subject gets the same sequence and no array of N delays sits on the heap.
 */
public final class Delays {

    /** The shortest timeout: 1 s. */
    public static final long MIN_NANOS = 1_000_000_000L;
    /** The longest timeout: 60 s. */
    public static final long MAX_NANOS = 60_000_000_000L;
    /** Seed of the background timers' delays. */
    public static final long BACKGROUND_SEED = 0x6a1ff1L;
    /** Seed of the measured timers' delays. */
    public static final long MEASURED_SEED = 0x7e57L;

    private final SplittableRandom random;

    /** A sequence of delays from {@code seed}. */
    public Delays(long seed) {
        random = new SplittableRandom(seed);
    }

    /** The next delay, 1 s to 60 s, in nanoseconds. */
    public long next() {
        return random.nextLong(MIN_NANOS, MAX_NANOS + 1);
    }
}
