package io.jiffy.clockevents.internal;

import java.util.ArrayList;
import java.util.List;

import io.jiffy.clockevent.TickMode;
import io.jiffy.machine.internal.MachineCore;

/** A machine (virtual unless asked), a test timekeeper and a tick core over them, with the core's log captured. */
final class Rig implements AutoCloseable {

    final MachineCore machine;
    final TestTimekeeper timekeeper;
    final TickCore core;
    final List<String> log = new ArrayList<>();
    private long order;

    Rig(int cpus, int hz, TickMode mode) {
        this(cpus, hz, mode, true);
    }

    Rig(int cpus, int hz, TickMode mode, boolean virtual) {
        machine = new MachineCore(virtual, cpus, 0);
        machine.start();
        timekeeper = new TestTimekeeper(machine);
        core = new TickCore(machine, timekeeper, hz, mode, new CoreLog() {
            @Override
            public void info(String message) {
                synchronized (log) {
                    log.add("INFO " + message);
                }
            }

            @Override
            public void warn(String message) {
                synchronized (log) {
                    log.add("WARN " + message);
                }
            }

            @Override
            public void error(String message, Throwable error) {
                synchronized (log) {
                    log.add("ERROR " + message);
                }
            }
        });
        timekeeper.clockSetListener = core::clockWasSet;
    }

    /** Registers {@code d} as a device service of bundle {@code test}. */
    <D extends io.jiffy.clockevent.ClockEventDevice> D add(D d) {
        core.addDevice(d, "test", ++order);
        return d;
    }

    /** Adds one oneshot per-CPU device (rating 100) on every CPU and starts the tick. */
    Rig startWithLocalDevices() {
        for (int c = 0; c < machine.cpus(); c++) {
            add(TestDevice.oneshot(machine, "local" + c, c, 100));
        }
        core.start();
        return this;
    }

    List<String> lines(String level) {
        List<String> out = new ArrayList<>();
        synchronized (log) {
            for (String l : log) {
                if (l.startsWith(level + " ")) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        core.stop();
        machine.shutdown();
    }
}
