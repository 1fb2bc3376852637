package io.jiffy.clockevents.internal;

import java.util.List;
import java.util.function.LongConsumer;

import io.jiffy.clocksource.ClockSourceInfo;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.machine.Machine;

/** A minimal timekeeper for unit tests: CLOCK_MONOTONIC is the machine's oscillator, realtime an offset from it. */
final class TestTimekeeper implements Timekeeper {

    private final Machine machine;
    volatile long realtimeOffset = 1_700_000_000_000_000_000L;
    volatile long maxIdleNanos = Long.MAX_VALUE;
    volatile long wallTimeUpdates;
    volatile long lastWallTimeUpdate = -1;
    volatile LongConsumer clockSetListener = d -> { };

    TestTimekeeper(Machine machine) {
        this.machine = machine;
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
        return machine.nanoTime();
    }

    @Override
    public long boottimeNanos() {
        return machine.nanoTime();
    }

    @Override
    public long monotonicCoarseNanos() {
        return machine.nanoTime();
    }

    @Override
    public long realtimeCoarseNanos() {
        return realtimeNanos();
    }

    @Override
    public void setRealtime(long nanos) {
        long delta = nanos - realtimeNanos();
        realtimeOffset += delta;
        clockSetListener.accept(delta);
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
        wallTimeUpdates++;
        lastWallTimeUpdate = machine.nanoTime();
    }

    @Override
    public long maxIdleNanos() {
        return maxIdleNanos;
    }
}
