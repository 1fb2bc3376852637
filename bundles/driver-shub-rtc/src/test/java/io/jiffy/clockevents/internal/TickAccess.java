package io.jiffy.clockevents.internal;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.HrTimer;
import io.jiffy.clockevent.HrTimerCallback;
import io.jiffy.clockevent.HrTimerClock;
import io.jiffy.clockevent.HrTimers;
import io.jiffy.clockevent.TickMode;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.machine.Machine;

/**
 * Test access (from the SHub driver's tests) to the real tick core of the clockevents bundle:
 * a running tick with hrtimers over given clock-event devices, without a framework.
 */
public final class TickAccess implements HrTimers, AutoCloseable {

    private final TickCore core;

    /** A tick at {@code hz} in {@code mode} over {@code devices}, started. */
    public TickAccess(Machine machine, Timekeeper timekeeper, int hz, TickMode mode, ClockEventDevice... devices) {
        core = new TickCore(machine, timekeeper, hz, mode, CoreLog.NONE);
        long order = 0;
        for (ClockEventDevice d : devices) {
            core.addDevice(d, "test", ++order);
        }
        core.start();
    }

    @Override
    public HrTimer newTimer(HrTimerClock clock, int cpu, HrTimerCallback callback) {
        return core.newTimer(clock, cpu, callback, "test");
    }

    @Override
    public long resolutionNanos() {
        return core.resolutionNanos();
    }

    @Override
    public void close() {
        core.stop();
    }
}
