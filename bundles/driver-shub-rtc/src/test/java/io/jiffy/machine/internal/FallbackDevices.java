package io.jiffy.machine.internal;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.machine.Machine;

/**
 * Test access (from the SHub driver's tests) to the machine bundle's fallback clock-event
 * device, so a virtual system can run a real tick without a framework.
 */
public final class FallbackDevices {

    private FallbackDevices() {
    }

    /** The machine's own per-CPU clock-event device for {@code cpu}. */
    public static ClockEventDevice create(Machine machine, int cpu) {
        return new MachineClockEventDevice(machine, cpu);
    }
}
