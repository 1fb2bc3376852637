package io.jiffy.timerwheel.internal;

import java.util.List;

import io.jiffy.clockevent.ClockEventInfo;
import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clockevent.TickMode;

/** A hand-made ClockEvents for facade tests: HZ and jiffies set by the test. */
final class StubTick implements ClockEvents {

    volatile int hz;
    volatile long jiffies;

    StubTick(int hz) {
        this.hz = hz;
    }

    @Override
    public int hz() {
        return hz;
    }

    @Override
    public long jiffies() {
        return jiffies;
    }

    @Override
    public TickMode mode() {
        return TickMode.PERIODIC;
    }

    @Override
    public int timekeepingCpu() {
        return 0;
    }

    @Override
    public ClockEventInfo tickDevice(int cpu) {
        return null;
    }

    @Override
    public List<ClockEventInfo> devices() {
        return List.of();
    }
}
