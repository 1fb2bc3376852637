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

import io.jiffy.clockevent.ClockEventInfo;
import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clockevent.TickMode;
import io.jiffy.machine.Machine;
import io.jiffy.shell.console.Console;
import io.jiffy.shell.console.Table;

/**
 * The {@code tick:} commands: {@code info}, HZ, jiffies, mode, the tick device of each CPU and
 * the timekeeping CPU.
 */
@Component(service = Object.class)
@GogoCommand(scope = "tick", function = {"info"})
public class TickCommands {

    private final Machine machine;

    /** The tick; absent until the clockevents bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ClockEvents clockEvents;

    /** Made by DS with the machine. */
    @Activate
    public TickCommands(@Reference(name = "machine") Machine machine) {
        this.machine = machine;
    }

    /** {@code tick:info}: HZ, jiffies, mode, timekeeping CPU, then one row per CPU. */
    @Descriptor("show the tick: HZ, jiffies, mode (periodic|tickless), the tick device of each CPU, the timekeeping CPU")
    public void info(@Descriptor("none: the command takes no arguments") String... args) {
        String cmd = "tick:info";
        Console.run(cmd, args, 0, 0, "", () -> {
            ClockEvents tick = clockEvents;
            if (tick == null) {
                Console.error(cmd, "no tick: the clockevents service is not running");
                return;
            }
            PrintStream out = Console.out();
            int tk = tick.timekeepingCpu();
            out.println("HZ              " + tick.hz());
            out.println("jiffies         " + tick.jiffies());
            out.println("mode            " + (tick.mode() == TickMode.TICKLESS ? "tickless" : "periodic"));
            out.println("timekeeping CPU " + (tk < 0 ? "- (no CPU has a tick device)" : "cpu" + tk));
            Table table = new Table("CPU", "TICK DEVICE", "RATING", "STATE", "EVENTS", "OWNER").alignRight(2, 4);
            for (int cpu = 0; cpu < machine.cpus(); cpu++) {
                ClockEventInfo d = tick.tickDevice(cpu);
                if (d == null) {
                    table.row("cpu" + cpu, "-", "", "", "", "");
                } else {
                    table.row("cpu" + cpu, d.name(), d.rating(), d.state().name().toLowerCase(java.util.Locale.ROOT),
                            d.events(), d.owner());
                }
            }
            table.print(out);
        });
    }
}
