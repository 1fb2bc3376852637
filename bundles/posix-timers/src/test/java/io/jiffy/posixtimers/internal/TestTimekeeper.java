package io.jiffy.posixtimers.internal;

import java.util.List;

import io.jiffy.clocksource.ClockSourceInfo;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.machine.Machine;

/**
 * A minimal timekeeper for unit tests: CLOCK_MONOTONIC is the machine's oscillator; realtime,
 * raw and boottime are fixed offsets from it; the coarse clocks are rounded down to the tick.
 * Setting the time tells the {@link VirtualHrTimers} (clock_was_set).
 */
class TestTimekeeper implements Timekeeper {

    static final long RAW_OFFSET = -1_000L;
    static final long BOOT_OFFSET = 5_000_000_000L;

    private final Machine machine;
    private final long tickNanos;
    volatile long realtimeOffset = 1_700_000_000_000_000_000L;
    volatile Runnable clockWasSet = () -> { };

    TestTimekeeper(Machine machine, long tickNanos) {
        this.machine = machine;
        this.tickNanos = tickNanos;
    }

    @Override
    public long monotonicNanos() {
        return machine.nanoTime();
    }

    @Override
    public long realtimeNanos() {
        return machine.nanoTime() + realtimeOffset;
    }

    @Override
    public long rawNanos() {
        return machine.nanoTime() + RAW_OFFSET;
    }

    @Override
    public long boottimeNanos() {
        return machine.nanoTime() + BOOT_OFFSET;
    }

    @Override
    public long monotonicCoarseNanos() {
        return machine.nanoTime() / tickNanos * tickNanos;
    }

    @Override
    public long realtimeCoarseNanos() {
        return monotonicCoarseNanos() + realtimeOffset;
    }

    @Override
    public void setRealtime(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("negative time " + nanos);
        }
        realtimeOffset = nanos - machine.nanoTime();
        clockWasSet.run();
    }

    @Override
    public ClockSourceInfo current() {
        return null;
    }

    @Override
    public List<ClockSourceInfo> available() {
        return List.of();
    }

    @Override
    public void select(String name) {
        throw new IllegalArgumentException("no clocksource " + name);
    }

    @Override
    public void selectAutomatic() {
    }

    @Override
    public boolean userSelected() {
        return false;
    }

    @Override
    public void updateWallTime() {
    }

    @Override
    public long maxIdleNanos() {
        return Long.MAX_VALUE;
    }
}
