package io.jiffy.driver.apic.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clocksource.ClockSource;
import io.jiffy.machine.internal.MachineCore;

/**
 * Test fixture: a started virtual {@link MachineCore} with the driver's {@link ApicDevices} on
 * it, built from configuration properties as the DS component does, collecting log lines.
 * Public so that tests in the clockevents core's package can put the lapic devices under the
 * real tick core.
 */
public final class X86Board implements AutoCloseable {

    final MachineCore machine;
    final ApicDevices devices;
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<String> configErrors = new ArrayList<>();

    /** A board of {@code cpus} CPUs with the driver configured by {@code config} (keys of {@link ApicSettings}). */
    public X86Board(int cpus, Map<String, ?> config) {
        machine = new MachineCore(true, cpus, 0);
        machine.start();
        devices = new ApicDevices(machine, ApicSettings.from(config, configErrors::add), new ApicLog() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void warn(String message, Throwable error) {
                log.add("WARN " + message);
            }
        });
    }

    /** A board with the driver's defaults. */
    public X86Board(int cpus) {
        this(cpus, Map.of());
    }

    /** The virtual machine. */
    public MachineCore machine() {
        return machine;
    }

    /** The tsc clocksource. */
    public ClockSource tsc() {
        return devices.tsc();
    }

    /** The lapic device of every CPU. */
    public List<ClockEventDevice> lapics() {
        return List.copyOf(devices.lapics());
    }

    /** Interrupts delivered on the named line of {@code cpu}, or -1 if there is no such line. */
    public long irqCount(String name, int cpu) {
        return machine.interrupts().stream().filter(i -> i.name().equals(name) && i.cpu() == cpu)
                .mapToLong(i -> i.count()).findFirst().orElse(-1);
    }

    @Override
    public void close() {
        devices.close();
        machine.shutdown();
    }
}
