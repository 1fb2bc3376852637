package io.jiffy.machine;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.CycleConverter;

/**
 * A hardware counter register clocked from the machine's oscillator, as drivers model their
 * devices: {@code cycles of frequencyHz since power-on}, masked to the register's width, with the
 * faults a driver can be configured to simulate: drift (the crystal runs fast or slow by some ppm),
 * a stuck counter, and a jump of the count. Comparators are armed with {@link #nanosWhen(long)}.
 *
 * <p>{@link #read()} and {@link #count()} are lock-free and allocation-free; fault changes are
 * rare and take effect from the moment they are made (the count stays continuous unless jumped).
 */
public final class OscillatorCounter {

    /** One stretch of constant behaviour: from machine time {@code startNanos} at {@code startCount}. */
    private static final class Segment {
        final long startNanos;
        final long startCount;
        final long hz;
        final boolean stuck;

        Segment(long startNanos, long startCount, long hz, boolean stuck) {
            this.startNanos = startNanos;
            this.startCount = startCount;
            this.hz = hz;
            this.stuck = stuck;
        }

        long countAt(long now) {
            return stuck ? startCount : startCount + CycleConverter.cyclesAt(now - startNanos, hz);
        }
    }

    private final Machine machine;
    private final long frequencyHz;
    private final int bits;
    private final long mask;
    private volatile Segment segment;
    private long driftPpm;

    /**
     * A counter of {@code frequencyHz} and {@code bits} bits that has counted since power-on.
     *
     * @throws IllegalArgumentException if the frequency is outside 1 Hz..1 THz or bits outside 1..64
     */
    public OscillatorCounter(Machine machine, long frequencyHz, int bits) {
        if (machine == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        if (frequencyHz < 1 || frequencyHz > CycleConverter.MAX_FREQUENCY_HZ) {
            throw new IllegalArgumentException("counter frequency must be 1 Hz..1 THz, got " + frequencyHz + " Hz");
        }
        this.machine = machine;
        this.frequencyHz = frequencyHz;
        this.bits = bits;
        this.mask = ClockSource.maskOf(bits);
        this.segment = new Segment(0, 0, frequencyHz, false);
    }

    /** The nominal frequency in Hz (what the driver reports; drift changes what the counter does). */
    public long frequencyHz() {
        return frequencyHz;
    }

    /** The register width in bits. */
    public int bits() {
        return bits;
    }

    /** The register mask, {@code (1 << bits) - 1} or -1 for 64 bits. */
    public long mask() {
        return mask;
    }

    /** The register's value now: {@link #count()} masked to its width. */
    public long read() {
        return count() & mask;
    }

    /** The unmasked count now (modulo 2<sup>64</sup>): what comparator arithmetic works in. */
    public long count() {
        return segment.countAt(machine.nanoTime());
    }

    /**
     * The first machine time at which {@link #count()} reaches {@code target}: now when it has
     * already (the comparator fires at once), -1 when it never will (the counter is stuck).
     */
    public long nanosWhen(long target) {
        Segment s = segment;
        long now = machine.nanoTime();
        if (target - s.countAt(now) <= 0) {
            return now;
        }
        if (s.stuck) {
            return -1;
        }
        long at = s.startNanos + CycleConverter.nanosWhen(target - s.startCount, s.hz);
        return at < 0 ? Long.MAX_VALUE : at; // beyond the oscillator's range
    }

    /**
     * Makes the counter run fast (positive) or slow (negative) by {@code ppm} parts per million
     * of its nominal frequency from now on; 0 restores it.
     *
     * @throws IllegalArgumentException outside -999,999..1,000,000
     */
    public synchronized void setDriftPpm(long ppm) {
        if (ppm <= -1_000_000 || ppm > 1_000_000) {
            throw new IllegalArgumentException("drift must be -999999..1000000 ppm, got " + ppm);
        }
        driftPpm = ppm;
        Segment s = segment;
        rebase(s.stuck, 0);
    }

    /**
     * Applies the faults a driver was configured with, now, as drivers do when they start: the
     * drift, then the jump of the count, then the stuck counter; a fault given as 0 or false is
     * left alone.
     *
     * @throws IllegalArgumentException if the drift is outside -999,999..1,000,000 ppm
     */
    public synchronized void applyFaults(long driftPpm, boolean stuck, long jumpCycles) {
        if (driftPpm != 0) {
            setDriftPpm(driftPpm);
        }
        if (jumpCycles != 0) {
            jump(jumpCycles);
        }
        if (stuck) {
            setStuck(true);
        }
    }

    /** The configured drift in ppm. */
    public synchronized long driftPpm() {
        return driftPpm;
    }

    /** Stops the counter at its current value (true) or lets it run on from there (false). */
    public synchronized void setStuck(boolean stuck) {
        rebase(stuck, 0);
    }

    /** Whether the counter is stuck. */
    public boolean isStuck() {
        return segment.stuck;
    }

    /** Moves the count by {@code cycles} at once, forwards or (negative) backwards. */
    public synchronized void jump(long cycles) {
        rebase(segment.stuck, cycles);
    }

    private void rebase(boolean stuck, long jump) {
        long now = machine.nanoTime();
        long count = segment.countAt(now) + jump;
        long hz = Math.max(1, frequencyHz + Math.round(frequencyHz * (driftPpm / 1e6)));
        segment = new Segment(now, count, hz, stuck);
    }

    @Override
    public String toString() {
        return "OscillatorCounter[" + frequencyHz + " Hz, " + bits + " bits, drift " + driftPpm() + " ppm"
                + (isStuck() ? ", stuck" : "") + "]";
    }
}
