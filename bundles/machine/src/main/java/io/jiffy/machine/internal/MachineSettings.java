package io.jiffy.machine.internal;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.jiffy.config.ConfigReader;
import io.jiffy.machine.Machine;

/**
 * The machine's settings, read from its configuration (PID {@code io.jiffy.machine}) with the
 * framework property {@code jiffy.machine.mode} as fallback for the mode. Invalid values are
 * reported, one line each, and replaced by the default: the machine always starts.
 *
 * @param virtual            virtual instead of real time
 * @param cpus               number of CPUs, 1..{@link #MAX_CPUS}
 * @param spinThresholdNanos real mode: how long before a deadline a CPU stops parking and spins
 */
record MachineSettings(boolean virtual, int cpus, long spinThresholdNanos) {

    /** The largest number of CPUs a machine can have. */
    static final int MAX_CPUS = 64;
    /** Default CPU count is the host's processors, but no more than this. */
    static final int MAX_DEFAULT_CPUS = 8;
    /** Default spin threshold: 50 µs, Linux's default timer slack. */
    static final long DEFAULT_SPIN_THRESHOLD_NANOS = 50_000;

    static final String MODE = "mode";
    static final String CPUS = "cpus";
    static final String SPIN_THRESHOLD_NANOS = "spinThresholdNanos";

    /** Default CPU count: available processors, at most {@value #MAX_DEFAULT_CPUS}. */
    static int defaultCpus() {
        return Math.min(Runtime.getRuntime().availableProcessors(), MAX_DEFAULT_CPUS);
    }

    /**
     * Reads the settings.
     *
     * @param config            the component's configuration properties (may hold none of the keys)
     * @param frameworkProperty looks up a framework property (BundleContext::getProperty), null if unset
     * @param error             receives one line per invalid value
     */
    static MachineSettings from(Map<String, ?> config, UnaryOperator<String> frameworkProperty, Consumer<String> error) {
        boolean virtual = false;
        Object mode = config.get(MODE);
        String modeSource = "configuration " + MODE;
        if (mode == null) {
            mode = frameworkProperty.apply(Machine.MODE_PROPERTY);
            modeSource = "framework property " + Machine.MODE_PROPERTY;
        }
        if (mode != null) {
            String m = String.valueOf(mode).trim().toLowerCase(Locale.ROOT);
            if (m.equals("virtual")) {
                virtual = true;
            } else if (!m.equals("real")) {
                error.accept("invalid " + modeSource + " '" + mode + "': accepted are real or virtual; using real");
            }
        }

        ConfigReader r = new ConfigReader(config, error);
        int cpus = (int) r.number(CPUS, defaultCpus(), 1, MAX_CPUS, "1.." + MAX_CPUS);
        long spin = r.number(SPIN_THRESHOLD_NANOS, DEFAULT_SPIN_THRESHOLD_NANOS, 0, Long.MAX_VALUE, "nanoseconds >= 0");
        return new MachineSettings(virtual, cpus, spin);
    }

    @Override
    public String toString() {
        return (virtual ? "virtual" : "real") + ", " + cpus + (cpus == 1 ? " CPU" : " CPUs")
                + (virtual ? "" : ", spin threshold " + spinThresholdNanos + " ns");
    }
}
