package io.jiffy.machine.internal;

import io.jiffy.clockevent.ClockEventDevice;

/**
 * Benchmark-only access to the machine bundle's fallback clock-event device, which is package
 * private: this class lives in the same package on the benchmarks' plain classpath (as the
 * bundles' own unit tests do), so the cores need no public factories. Not part of any bundle.
 */
public final class BenchMachineAccess {

    private BenchMachineAccess() {
    }

    /** The {@code machine} clock-event device (rating 50, 1 GHz) of {@code cpu}, on its own IRQ line. */
    public static ClockEventDevice clockEventDevice(MachineCore machine, int cpu) {
        return new MachineClockEventDevice(machine, cpu);
    }

    /** Frees the IRQ line of a device made by {@link #clockEventDevice}. */
    public static void release(ClockEventDevice device) {
        ((MachineClockEventDevice) device).release();
    }
}
