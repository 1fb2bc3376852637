package io.jiffy.machine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype of the machine's configuration (PID {@code io.jiffy.machine}). Only describes the
 * keys for ConfigAdmin and consoles; {@link MachineSettings} reads and validates the values.
 */
@ObjectClassDefinition(id = MachineComponent.PID, name = "Jiffy machine",
        description = "The simulated board: oscillator mode, number of CPUs and alarm precision. "
                + "A change restarts the machine and everything running on it.")
@interface MachineConfig {

    @AttributeDefinition(name = "Mode", required = false,
            description = "real: the host's clock, one thread per CPU; virtual: time stands still until advanced. "
                    + "When not set, the framework property jiffy.machine.mode decides (default real).",
            options = {@Option(label = "real", value = "real"), @Option(label = "virtual", value = "virtual")})
    String mode();

    @AttributeDefinition(name = "CPUs", required = false, min = "1", max = "64",
            description = "Number of CPUs, 1..64. Default: the host's available processors, at most 8.")
    int cpus();

    @AttributeDefinition(name = "Spin threshold (ns)", required = false, min = "0",
            description = "Real mode: a CPU parks until this long before an alarm, then spins for precision.")
    long spinThresholdNanos() default MachineSettings.DEFAULT_SPIN_THRESHOLD_NANOS;
}
