package io.jiffy.timekeeping.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.jiffy.clocksource.ClockSetListener;
import io.jiffy.machine.internal.MachineCore;

/**
 * Test fixture: a started virtual {@link MachineCore} with a {@link TimekeeperCore} on it
 * (default watchdog: 500 ms, 100 µs), collecting log lines. Register with
 * {@code @RegisterExtension} to have it shut down after each test, or close it by hand.
 */
final class VirtualBoard implements AfterEachCallback, AutoCloseable {

    final MachineCore machine;
    final TimekeeperCore tk;
    final List<ClockSetListener> listeners = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<Throwable> warnings = new ArrayList<>();

    VirtualBoard() {
        this(2, true);
    }

    VirtualBoard(int cpus, boolean start) {
        machine = new MachineCore(true, cpus, 0);
        machine.start();
        tk = new TimekeeperCore(machine, new TimekeeperCore.Log() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void warn(String message, Throwable error) {
                log.add("WARN " + message);
                warnings.add(error);
            }
        }, listeners, 500_000_000L, 100_000L);
        if (start) {
            tk.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        tk.stop();
        machine.shutdown();
    }
}
