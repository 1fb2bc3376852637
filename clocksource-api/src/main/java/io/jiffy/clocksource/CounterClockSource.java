package io.jiffy.clocksource;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

import io.jiffy.machine.OscillatorCounter;

/**
 * A {@link ClockSource} that reads an {@link OscillatorCounter}, as every simulated driver's
 * clocksource does: the counter gives {@link #read()}, {@link #mask()} and {@link #frequencyHz()};
 * the driver gives the name, rating and flags. {@link #read()} is the counter register itself:
 * lock-free and allocation-free.
 *
 * <p>When the watchdog marks it unstable the first reason is kept ({@link #unstableReason()})
 * and passed once to the driver's {@code onUnstable} hook, if it has one (the kernel's
 * {@code cs->mark_unstable}); later marks are ignored.
 */
public final class CounterClockSource implements ClockSource {

    private final String name;
    private final int rating;
    private final Set<ClockSourceFlag> flags;
    private final OscillatorCounter counter;
    private final Consumer<String> onUnstable;
    private volatile String unstableReason;

    /** Clocksource {@code name} over {@code counter}, with {@code rating} and {@code flags}. */
    public CounterClockSource(String name, int rating, Set<ClockSourceFlag> flags, OscillatorCounter counter) {
        this(name, rating, flags, counter, reason -> { });
    }

    /**
     * Clocksource {@code name} over {@code counter}, with {@code rating} and {@code flags}, that
     * tells {@code onUnstable} the watchdog's reason the first time it is marked unstable.
     */
    public CounterClockSource(String name, int rating, Set<ClockSourceFlag> flags, OscillatorCounter counter,
            Consumer<String> onUnstable) {
        if (name == null || counter == null || onUnstable == null) {
            throw new IllegalArgumentException("name, counter and onUnstable must not be null");
        }
        EnumSet<ClockSourceFlag> f = EnumSet.noneOf(ClockSourceFlag.class);
        f.addAll(flags);
        this.name = name;
        this.rating = rating;
        this.flags = Collections.unmodifiableSet(f);
        this.counter = counter;
        this.onUnstable = onUnstable;
    }

    /** The counter register it reads (for arming comparators and setting the simulated faults). */
    public OscillatorCounter counter() {
        return counter;
    }

    /** Why the watchdog marked it unstable (the first reason), or null while it has not. */
    public String unstableReason() {
        return unstableReason;
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
        return counter.read();
    }

    @Override
    public long mask() {
        return counter.mask();
    }

    @Override
    public long frequencyHz() {
        return counter.frequencyHz();
    }

    @Override
    public Set<ClockSourceFlag> flags() {
        return flags;
    }

    @Override
    public void markUnstable(String reason) {
        synchronized (this) {
            if (unstableReason != null) {
                return;
            }
            unstableReason = reason;
        }
        onUnstable.accept(reason);
    }

    @Override
    public String toString() {
        return "clocksource " + name + " (rating " + rating + ", " + counter + ")";
    }
}
