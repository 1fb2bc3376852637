package io.jiffy.timekeeping.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.clocksource.CycleConverter;
import io.jiffy.machine.Machine;

/**
 * A clocksource over the machine's oscillator for tests: its counter is
 * {@code cyclesAt(machine time + offset, actualHz) & mask} while it reports {@code nominalHz};
 * an actual frequency other than the nominal one is drift. Records the driver callbacks.
 */
final class TestClockSource implements ClockSource {

    private final Machine machine;
    private final String name;
    private final int rating;
    private final long nominalHz;
    private final long actualHz;
    private final long mask;
    private final long offsetNanos;
    private final Set<ClockSourceFlag> flags;

    int enables;
    int disables;
    final List<String> unstableReasons = Collections.synchronizedList(new ArrayList<>());

    TestClockSource(Machine machine, String name, int rating, long nominalHz, long actualHz, int bits,
            long offsetNanos, ClockSourceFlag... flags) {
        this.machine = machine;
        this.name = name;
        this.rating = rating;
        this.nominalHz = nominalHz;
        this.actualHz = actualHz;
        this.mask = ClockSource.maskOf(bits);
        this.offsetNanos = offsetNanos;
        EnumSet<ClockSourceFlag> f = EnumSet.of(ClockSourceFlag.CONTINUOUS);
        Collections.addAll(f, flags);
        this.flags = Collections.unmodifiableSet(f);
    }

    /** An exact (drift-free) 64-bit source. */
    static TestClockSource exact(Machine machine, String name, int rating, long hz) {
        return new TestClockSource(machine, name, rating, hz, hz, 64, 0);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int rating() {
        return rating;
    }

    @Override
    public long read() {
        return CycleConverter.cyclesAt(machine.nanoTime() + offsetNanos, actualHz) & mask;
    }

    @Override
    public long mask() {
        return mask;
    }

    @Override
    public long frequencyHz() {
        return nominalHz;
    }

    @Override
    public Set<ClockSourceFlag> flags() {
        return flags;
    }

    @Override
    public void enable() {
        enables++;
    }

    @Override
    public void disable() {
        disables++;
    }

    @Override
    public void markUnstable(String reason) {
        unstableReasons.add(reason);
    }

    /** Whether the timekeeper currently has it enabled (enables and disables balance out otherwise). */
    boolean enabled() {
        return enables - disables == 1;
    }

    @Override
    public String toString() {
        return "test clocksource " + name;
    }
}
