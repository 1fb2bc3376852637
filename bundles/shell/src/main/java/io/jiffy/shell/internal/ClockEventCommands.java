package io.jiffy.shell.internal;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.jiffy.clockevent.ClockEventInfo;
import io.jiffy.clockevent.ClockEvents;
import io.jiffy.shell.console.Console;
import io.jiffy.shell.console.Table;

/**
 * The {@code clockevent:} commands: {@code list}, every clock-event device with its state and
 * the CPU it is the tick device of (the device part of the kernel's /proc/timer_list).
 */
@Component(service = Object.class)
@GogoCommand(scope = "clockevent", function = {"list"})
public class ClockEventCommands {

    /** The tick; absent until the clockevents bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ClockEvents clockEvents;

    /** {@code clockevent:list}: one row per device. */
    @Descriptor("list clock-event devices: name, cpu, rating, features, state, min/max delta, events, tick device of, owner")
    public void list(@Descriptor("none: the command takes no arguments") String... args) {
        String cmd = "clockevent:list";
        Console.run(cmd, args, 0, 0, "", () -> {
            ClockEvents tick = clockEvents;
            if (tick == null) {
                Console.error(cmd, "no tick: the clockevents service is not running");
                return;
            }
            List<ClockEventInfo> devices = tick.devices();
            if (devices.isEmpty()) {
                Console.out().println("no clock-event devices registered");
                return;
            }
            Table table = new Table("NAME", "CPU", "RATING", "FEATURES", "STATE", "FREQ", "MIN DELTA", "MAX DELTA",
                    "EVENTS", "TICK OF", "OWNER").alignRight(1, 2, 5, 6, 7, 8, 9);
            for (ClockEventInfo d : devices) {
                String features = d.features().stream().sorted().map(f -> f.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(","));
                table.row(d.name(), d.cpu() < 0 ? "global" : Integer.toString(d.cpu()), d.rating(),
                        features.isEmpty() ? "-" : features, d.state().name().toLowerCase(Locale.ROOT),
                        ClocksourceCommands.hertz(d.frequencyHz()), d.minDeltaCycles(), d.maxDeltaCycles(), d.events(),
                        d.tickDeviceOf() < 0 ? "-" : "cpu" + d.tickDeviceOf(), d.owner());
            }
            table.print(Console.out());
        });
    }
}
