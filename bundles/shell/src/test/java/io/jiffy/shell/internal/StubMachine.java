package io.jiffy.shell.internal;

import java.util.ArrayList;
import java.util.List;

import io.jiffy.clockevent.ClockEventInfo;
import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clockevent.TickMode;
import io.jiffy.machine.IrqHandler;
import io.jiffy.machine.IrqInfo;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.Machine;

/** A hand-made Machine for command tests: fixed CPUs and mode, time moved only by advance. */
class StubMachine implements Machine {

    final boolean virtual;
    final int cpus;
    long now;
    final List<IrqInfo> interrupts = new ArrayList<>();
    final List<Long> advances = new ArrayList<>();

    StubMachine(boolean virtual, int cpus, long now) {
        this.virtual = virtual;
        this.cpus = cpus;
        this.now = now;
    }

    @Override
    public int cpus() {
        return cpus;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean isVirtual() {
        return virtual;
    }

    @Override
    public int currentCpu() {
        return -1;
    }

    @Override
    public IrqLine requestIrq(String name, int cpu, IrqHandler handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<IrqInfo> interrupts() {
        return List.copyOf(interrupts);
    }

    @Override
    public void advance(long nanos) {
        if (!virtual) {
            throw new IllegalStateException("real mode");
        }
        advances.add(nanos);
        now += nanos;
    }

    @Override
    public void advanceTo(long machineNanos) {
        advance(machineNanos - now);
    }

    /** A tick service that only knows its HZ. */
    static ClockEvents tick(int hz) {
        return new ClockEvents() {
            @Override
            public int hz() {
                return hz;
            }

            @Override
            public long jiffies() {
                return 0;
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
        };
    }
}
