package io.jiffy.shell.internal;

import java.io.PrintStream;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.jiffy.clockevent.ClockEvents;
import io.jiffy.machine.Machine;
import io.jiffy.shell.console.Console;
import io.jiffy.shell.console.Durations;

/**
 * The {@code machine:} commands: {@code info} (mode, CPUs, uptime, HZ) and {@code advance}
 * (run virtual time forward).
 */
@Component(service = Object.class)
@GogoCommand(scope = "machine", function = {"info", "advance"})
public class MachineCommands {

    private final Machine machine;

    /** The tick, for HZ; absent until the clockevents bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ClockEvents clockEvents;

    /** Made by DS with the machine. */
    @Activate
    public MachineCommands(@Reference(name = "machine") Machine machine) {
        this.machine = machine;
    }

    /** {@code machine:info}: prints mode, CPUs, uptime and HZ. */
    @Descriptor("show the machine: mode (real|virtual), CPUs, uptime and HZ")
    public void info(@Descriptor("none: the command takes no arguments") String... args) {
        String cmd = "machine:info";
        Console.run(cmd, args, 0, 0, "", () -> {
            ClockEvents tick = clockEvents;
            String hz = tick == null ? "- (no tick yet: the clockevents service is not running)"
                    : Integer.toString(tick.hz());
            PrintStream out = Console.out();
            out.println("mode    " + (machine.isVirtual() ? "virtual" : "real"));
            out.println("cpus    " + machine.cpus());
            out.println("uptime  " + Durations.format(machine.nanoTime()));
            out.println("HZ      " + hz);
        });
    }

    /** {@code machine:advance <duration>}: runs virtual time forward and prints the new uptime. */
    @Descriptor("virtual mode: run time forward, delivering every interrupt that falls due, then show the uptime")
    public void advance(@Descriptor("<duration>: how far, a number with unit ns, us, ms, s or j (jiffies), e.g. 10ms")
            String... args) {
        String cmd = "machine:advance";
        Console.run(cmd, args, 1, 1, "<duration> (e.g. 10ms)", () -> {
            if (!machine.isVirtual()) {
                Console.error(cmd, "the machine runs in real time; advance needs virtual mode "
                        + "(start with -D" + Machine.MODE_PROPERTY + "=virtual)");
                return;
            }
            ClockEvents tick = clockEvents;
            long nanos;
            try {
                nanos = Durations.parseNanos(args[0], tick == null ? 0 : tick.hz());
            } catch (IllegalArgumentException e) {
                Console.error(cmd, e.getMessage());
                return;
            }
            if (nanos > Long.MAX_VALUE - machine.nanoTime()) {
                Console.error(cmd, "'" + args[0].strip() + "' would run the clock past its end ("
                        + Durations.formatShort(Long.MAX_VALUE) + " after power-on)");
                return;
            }
            machine.advance(nanos);
            Console.out().println("uptime  " + Durations.format(machine.nanoTime()));
        });
    }
}
