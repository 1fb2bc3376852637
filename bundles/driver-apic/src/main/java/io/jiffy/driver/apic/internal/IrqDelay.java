package io.jiffy.driver.apic.internal;

import java.util.SplittableRandom;

/**
 * The simulated interrupt latency of one IRQ line: how long after the hardware event (the
 * counter reaching its comparator) the interrupt is delivered. A constant part plus, when
 * configured, a jitter drawn uniformly from 0..jitter by a PRNG with a fixed seed, so the same
 * run gives the same delays. Interrupts are never delivered early: the delay is never negative.
 */
final class IrqDelay {

    private final long latencyNanos;
    private final long jitterNanos;
    private final SplittableRandom random;

    /**
     * @param latencyNanos constant latency, 0 or more
     * @param jitterNanos  largest extra latency, 0 or more (0: none)
     * @param seed         seeds the jitter's PRNG
     */
    IrqDelay(long latencyNanos, long jitterNanos, long seed) {
        if (latencyNanos < 0 || jitterNanos < 0) {
            throw new IllegalArgumentException("IRQ latency and jitter must be >= 0 ns, got " + latencyNanos
                    + " and " + jitterNanos);
        }
        this.latencyNanos = latencyNanos;
        this.jitterNanos = jitterNanos;
        this.random = new SplittableRandom(seed);
    }

    /** The delay of the next interrupt, in ns. */
    synchronized long next() {
        return jitterNanos == 0 ? latencyNanos : latencyNanos + random.nextLong(jitterNanos + 1);
    }

    /** The constant part, in ns. */
    long latencyNanos() {
        return latencyNanos;
    }

    /** The largest jitter, in ns. */
    long jitterNanos() {
        return jitterNanos;
    }

    /** {@code hardwareNanos + next()}, saturating at Long.MAX_VALUE: when the interrupt is delivered. */
    long deliveryAfter(long hardwareNanos) {
        long r = hardwareNanos + next();
        return r < hardwareNanos ? Long.MAX_VALUE : r;
    }
}
