package io.jiffy.driver.r4k.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.jiffy.clocksource.CycleConverter;
import io.jiffy.machine.Machine;
import io.jiffy.shell.console.Console;
import io.jiffy.shell.console.Durations;
import io.jiffy.shell.console.Table;

/**
 * The {@code r4k:} commands: {@code info}, the MIPS R4K timer as the driver sees it: Count,
 * clocksource and device settings, faults, and per CPU the probe result, Compare and counts.
 */
@Component(service = Object.class)
@GogoCommand(scope = "r4k", function = {"info"})
public class R4kCommands {

    private final Machine machine;

    /** The driver component; absent while it is not active. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile R4kComponent component;

    /** Made by DS with the machine. */
    @Activate
    public R4kCommands(@Reference(name = "machine") Machine machine) {
        this.machine = machine;
    }

    /** {@code r4k:info}: prints the Count, the devices' settings, the faults and a row per CPU. */
    @Descriptor("show the MIPS R4K timer: Count, clocksource and clock-event settings, faults, and per CPU "
            + "the compare-interrupt probe, Compare, interrupts, events, lost interrupts and -ETIME writes")
    public void info(@Descriptor("none: the command takes no arguments") String... args) {
        String cmd = "r4k:info";
        Console.run(cmd, args, 0, 0, "", () -> {
            R4kComponent c = component;
            R4kDriver d = c == null ? null : c.driver();
            if (d == null) {
                Console.error(cmd, "the MIPS R4K driver is not running: "
                        + (c == null ? "its component is not active" : c.notRunning()));
                return;
            }
            PrintStream out = Console.out();
            R4kSettings s = d.settings();
            long wrapNanos = CycleConverter.nanosWhen(Cp0Count.MASK + 1, s.frequencyHz());
            out.println("count        " + hex(d.count().read()) + "  (" + s.frequencyHz() + " Hz, 32 bits, wraps every "
                    + Durations.formatShort(wrapNanos) + ")");
            out.println("clocksource  " + R4kDriver.CLOCKSOURCE_NAME + ", rating " + d.clockSource().rating() + ", flags "
                    + d.clockSource().flags());
            out.println("clockevent   " + R4kClockEvent.NAME + ", rating " + s.clockeventRating() + ", delta "
                    + R4kClockEvent.MIN_DELTA_CYCLES_HEX + ".." + R4kClockEvent.MAX_DELTA_CYCLES_HEX
                    + " cycles, Compare write latency " + s.compareWriteLatencyCycles() + " cycles");
            out.println("faults       " + s.faults());
            Table table = new Table("CPU", "PROBE", "COMPARE", "STATE", "NEXT", "INTERRUPTS", "EVENTS", "LOST", "ETIME")
                    .alignRight(0, 5, 6, 7, 8);
            List<Cp0Compare.Probe> probes = d.probes();
            for (int cpu = 0; cpu < probes.size(); cpu++) {
                R4kClockEvent dev = device(d, cpu);
                if (dev == null) {
                    table.row(cpu, probes.get(cpu).description(), "-", "not registered", "-", "-", "-", "-", "-");
                    continue;
                }
                long at = dev.armedAt();
                String next = at < 0 ? "-" : "in " + Durations.formatShort(Math.max(0, at - machine.nanoTime()));
                table.row(cpu, "usable", hex(dev.compareValue()), dev.state(), next, dev.interruptsTaken(), dev.events(),
                        dev.lostInterrupts(), dev.etimes());
            }
            table.print(out);
        });
    }

    private static R4kClockEvent device(R4kDriver d, int cpu) {
        for (R4kClockEvent dev : d.clockEvents()) {
            if (dev.cpu() == cpu) {
                return dev;
            }
        }
        return null;
    }

    private static String hex(long value) {
        return String.format("0x%08x", value);
    }
}
