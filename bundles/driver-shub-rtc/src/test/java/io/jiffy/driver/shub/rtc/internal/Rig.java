package io.jiffy.driver.shub.rtc.internal;

import java.util.ArrayList;
import java.util.List;

import io.jiffy.machine.IrqInfo;
import io.jiffy.machine.internal.MachineCore;

/**
 * A virtual machine with the SHub driver started on it, the driver's log captured. Closing
 * stops the driver (if still running) and the machine.
 */
final class Rig implements AutoCloseable {

    final MachineCore machine;
    final List<String> log = new ArrayList<>();
    final ShubDriver driver;
    private boolean stopped;

    /**
     * Settings as the component reads them from a configuration of {@code key, value} pairs;
     * a value the driver refuses fails the test.
     */
    static ShubRtcSettings settings(Object... keyValues) {
        java.util.Map<String, Object> config = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return ShubRtcSettings.from(config, (level, message) -> {
            throw new AssertionError("configuration refused: " + message);
        });
    }

    Rig(int cpus, ShubRtcSettings settings) {
        machine = new MachineCore(true, cpus, 0);
        machine.start();
        driver = ShubDriver.start(machine, settings, this::record);
    }

    Rig(ShubRtcSettings settings) {
        this(2, settings);
    }

    private void record(DriverLog.Level level, String message) {
        synchronized (log) {
            log.add(level + " " + message);
        }
    }

    /** The captured lines of one level, without the level. */
    List<String> lines(DriverLog.Level level) {
        List<String> out = new ArrayList<>();
        synchronized (log) {
            for (String l : log) {
                if (l.startsWith(level + " ")) {
                    out.add(l.substring(level.name().length() + 1));
                }
            }
        }
        return out;
    }

    ShubRtc rtc() {
        return driver.rtc();
    }

    SgiCycleClock clock() {
        return driver.clock();
    }

    NodeTimers node(int n) {
        return driver.clock().nodes().get(n);
    }

    /** The driver's comparator lines in the machine's /proc/interrupts. */
    List<IrqInfo> comparatorLines() {
        List<IrqInfo> out = new ArrayList<>();
        for (IrqInfo i : machine.interrupts()) {
            if (i.name().equals(NodeTimers.IRQ_NAME)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Advances to machine time {@code nanos}. */
    void advanceTo(long nanos) {
        machine.advanceTo(nanos);
    }

    void stopDriver() {
        if (!stopped && driver != null) {
            stopped = true;
            driver.stop();
        }
    }

    @Override
    public void close() {
        stopDriver();
        machine.shutdown();
    }
}
