package io.jiffy.driver.r4k.internal;

import io.jiffy.machine.IrqLine;

/**
 * One CPU's CP0 Compare register ($11) and the timer-interrupt bit it drives (Cause.TI, seen
 * as interrupt line IP7): when that CPU's Count comes to equal Compare, Cause.TI is set and,
 * once the interrupt is connected ({@link #connect(IrqLine)}, the kernel's {@code setup_irq}),
 * the timer interrupt is raised. Writing Compare clears Cause.TI.
 *
 * <p><b>The write.</b> {@link #write(long)} models the time a Compare write takes: it lands
 * {@code compareWriteLatencyCycles} Count cycles after Count was read ({@link #write(long, long)}),
 * and the comparator matches the first time Count equals the new Compare <em>after</em> that,
 * so between 1 and 2<sup>32</sup> cycles later. The write returns Count as read right after it
 * lands, which is what the kernel compares with its target to detect {@code -ETIME}.
 *
 * <p><b>The pending bit</b> is a computed condition: {@link #causeTi(long)} is set when Count has
 * reached the match of the last write and the compare is not broken. A broken compare
 * ({@code brokenCompare} fault) never sets it and never raises the interrupt, which is what
 * {@link #probe()} detects.
 *
 * <p>Not thread-safe: used by one thread for the probe, then guarded by its {@link R4kClockEvent}.
 */
public final class Cp0Compare {

    /** What {@link #probe()} found: the kernel's {@code c0_compare_int_usable}. */
    public enum Probe {
        /** A match set Cause.TI and writing Compare cleared it: a real Count/Compare timer. */
        USABLE("usable"),
        /** Cause.TI was pending and writing Compare did not clear it. */
        PENDING_STUCK("Cause.TI stays pending after a Compare write"),
        /** Count never passed the programmed Compare (a stuck counter: the kernel would wait forever). */
        COUNT_STOPPED("Count does not advance past Compare"),
        /** Count passed Compare but Cause.TI was never set. */
        NO_INTERRUPT("Count passed Compare but no timer interrupt became pending"),
        /** Writing Compare did not clear Cause.TI after the match. */
        NOT_CLEARED("writing Compare did not clear the timer interrupt");

        private final String description;

        Probe(String description) {
            this.description = description;
        }

        /** One line for the log. */
        public String description() {
            return description;
        }
    }

    /** The probe's first delta, as {@code c0_compare_int_usable}. */
    static final long PROBE_FIRST_DELTA = 0x10;
    /** The probe's last delta, as {@code c0_compare_int_usable}. */
    static final long PROBE_LAST_DELTA = 0x400000;

    private final Cp0Count count;
    private final long writeLatency;
    private final boolean broken;

    private long compare;
    /** Whether a match is modelled: false until the first write and after {@link #disarm()}. */
    private boolean matching;
    /** The unmasked Count value of the next match. */
    private long matchAt;
    private IrqLine output;

    /**
     * The Compare register of one CPU.
     *
     * @param count        the CPU's Count
     * @param writeLatency Count cycles from reading Count to the Compare write taking effect, at least 0
     * @param broken       the {@code brokenCompare} fault: matches never set Cause.TI or raise the interrupt
     */
    public Cp0Compare(Cp0Count count, long writeLatency, boolean broken) {
        if (writeLatency < 0) {
            throw new IllegalArgumentException("Compare write latency must be at least 0 cycles, got " + writeLatency);
        }
        this.count = count;
        this.writeLatency = writeLatency;
        this.broken = broken;
    }

    /**
     * {@code write_c0_compare(value); return read_c0_count();}: writes the low 32 bits of
     * {@code value}, issued now, and returns the unmasked Count as read right after the write landed.
     */
    public long write(long value) {
        return write(value, count.count());
    }

    /**
     * Writes Compare as issued when the unmasked Count was {@code countAtWrite}; returns the
     * unmasked Count right after the write landed: {@code countAtWrite + latency}, or Count now if
     * that is later, or {@code countAtWrite} if Count stands still.
     */
    long write(long value, long countAtWrite) {
        long landed = count.isStuck() ? countAtWrite : countAtWrite + writeLatency;
        long now = count.count();
        if (now - landed > 0) {
            landed = now;
        }
        compare = value & Cp0Count.MASK;
        matching = true;
        matchAt = landed + ((compare - landed - 1) & Cp0Count.MASK) + 1; // 1..2^32 cycles after landing
        arm();
        return landed;
    }

    /** {@code read_c0_compare()}. */
    public long read() {
        return compare;
    }

    /** Cause.TI now. */
    public boolean causeTi() {
        return causeTi(count.count());
    }

    /** Cause.TI as it reads when the unmasked Count is {@code countValue} (at or after the last write). */
    public boolean causeTi(long countValue) {
        return !broken && matching && countValue - matchAt >= 0;
    }

    /**
     * The unmasked Count value at which the comparator next matches, or -1 when no match is
     * modelled (never written, disarmed, or a broken compare).
     */
    public long matchAt() {
        return matching && !broken ? matchAt : -1;
    }

    /** Whether this is a broken compare (the fault). */
    public boolean isBroken() {
        return broken;
    }

    /** The modelled write latency in Count cycles. */
    public long writeLatency() {
        return writeLatency;
    }

    /**
     * Connects the timer interrupt to {@code line} (the kernel's {@code setup_irq}), or
     * disconnects it (null). From then on each match raises the line at the machine time Count
     * reaches it.
     */
    void connect(IrqLine line) {
        if (output != null && line != output) {
            output.cancel();
        }
        output = line;
        arm();
    }

    /**
     * Forgets the pending match and withdraws its interrupt: used when the device is shut down
     * and for a write reported as {@code -ETIME}, whose match would only come a whole Count wrap
     * later (the clockevents core writes Compare again at once, so that match is not simulated).
     */
    void disarm() {
        matching = false;
        if (output != null) {
            output.cancel();
        }
    }

    /** Arms the interrupt line for the next match, or withdraws it when there is none. */
    private void arm() {
        if (output == null) {
            return;
        }
        if (!matching || broken) {
            output.cancel();
            return;
        }
        long at = count.nanosWhen(matchAt);
        if (at < 0) {
            output.cancel(); // Count stands still: the match never comes
        } else {
            output.raiseAt(at);
        }
    }

    /**
     * {@code c0_compare_int_usable()}: checks that a Count/Compare match sets Cause.TI and that a
     * Compare write clears it. Clears a pending bit first; then programs Compare 0x10, 0x20, ...
     * 0x400000 cycles ahead until a write lands before Count passes it; then looks at Cause.TI
     * once Count has passed Compare, and after acknowledging with Compare = Count.
     *
     * <p>The kernel spins until Count has passed Compare. The simulation does not wait: it
     * evaluates the modelled bit at the first Count value that ends the kernel's wait, so the
     * probe takes no time in either mode and never advances virtual time. A stuck Count would
     * make the kernel spin forever; here it fails the probe. Use it before {@link #connect}; it
     * leaves the comparator disarmed.
     */
    public Probe probe() {
        try {
            if (causeTi()) {
                write(count.count());
                if (causeTi()) {
                    return Probe.PENDING_STUCK;
                }
            }
            long cnt = 0;
            for (long delta = PROBE_FIRST_DELTA; delta <= PROBE_LAST_DELTA; delta <<= 1) {
                long now = count.count();
                cnt = now + delta;
                long after = write(cnt, now);
                if ((int) (after - cnt) < 0) {
                    break; // landed before Count reached it
                }
                // the timer had already expired: try a larger delta
            }
            // while ((int)(read_c0_count() - cnt) <= 0) ;  ends when Count reads cnt + 1
            long expired = cnt + 1;
            if (count.nanosWhen(expired) < 0) {
                return Probe.COUNT_STOPPED;
            }
            if (!causeTi(expired)) {
                return Probe.NO_INTERRUPT;
            }
            long landed = write(expired, expired); // write_c0_compare(read_c0_count())
            if (causeTi(landed)) {
                return Probe.NOT_CLEARED;
            }
            return Probe.USABLE;
        } finally {
            disarm();
        }
    }

    @Override
    public String toString() {
        return "CP0 Compare 0x" + Long.toHexString(compare) + (broken ? " (broken)" : "");
    }
}
