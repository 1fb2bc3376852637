package io.jiffy.shell.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.jiffy.posix.ClockId;
import io.jiffy.posix.ClockInfo;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.PosixTimerInfo;
import io.jiffy.posix.SigEvent;
import io.jiffy.shell.console.Console;
import io.jiffy.shell.console.Durations;
import io.jiffy.shell.console.Table;

/**
 * The {@code ptimer:} commands over POSIX timers: {@code create} (notification none: the core
 * counts expirations and overruns, shown by {@code list}), {@code set}, {@code get},
 * {@code delete} and {@code list}. Timers made here belong to the shell bundle and die with it.
 */
@Component(service = Object.class)
@GogoCommand(scope = "ptimer", function = {"create", "set", "get", "delete", "list"})
public class PtimerCommands {

    /** The POSIX clocks (bundle-scoped); absent until the posix-timers bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PosixClocks clocks;

    /** {@code ptimer:create <clock>}: makes a timer and prints its id. */
    @Descriptor("create a POSIX timer on a clock (timer_create, no notification: ptimer:list shows expirations and overruns); prints its id")
    public void create(@Descriptor("<clock>: a clock name such as CLOCK_MONOTONIC (CLOCK_ optional, any case) or its number")
            String... args) {
        String cmd = "ptimer:create";
        PosixConsole.run(cmd, args, 1, 1, "<clock> (e.g. CLOCK_MONOTONIC)", clocks, c -> {
            Integer clock = PosixConsole.clock(cmd, args[0]);
            if (clock == null) {
                return;
            }
            int id = c.timerCreate(clock, SigEvent.none());
            Console.out().println("timer " + id + " on " + PosixCommands.name(c, clock));
        });
    }

    /** {@code ptimer:set <id> <value> [<interval>] [--abs]}: arms or disarms; prints the old setting. */
    @Descriptor("arm a POSIX timer (timer_settime): value 0s disarms, --abs makes the value an absolute time of the timer's clock; prints the old setting")
    public void set(@Descriptor("<id> <value> [<interval>] [--abs]: timer id, first expiry and optional period with unit ns, us, ms or s, e.g. 3 10ms 10ms")
            String... args) {
        String cmd = "ptimer:set";
        String usage = "<id> <value> [<interval>] [--abs] (e.g. 3 10ms 10ms)";
        PosixConsole.run(cmd, args, 2, 4, usage, clocks, c -> {
            boolean abs = false;
            List<String> plain = new ArrayList<>();
            for (String a : args) {
                if (a.equals("--abs")) {
                    if (abs) {
                        Console.error(cmd, "--abs given twice; usage: " + cmd + " " + usage);
                        return;
                    }
                    abs = true;
                } else if (a.startsWith("--")) {
                    Console.error(cmd, "unknown option '" + a + "'; the only option is --abs");
                    return;
                } else {
                    plain.add(a);
                }
            }
            if (plain.size() < 2 || plain.size() > 3) {
                Console.error(cmd, "expects a timer id, a value and an optional interval, got " + plain.size()
                        + " argument(s); usage: " + cmd + " " + usage);
                return;
            }
            Integer id = PosixConsole.timerId(cmd, plain.get(0));
            if (id == null) {
                return;
            }
            Long value = PosixConsole.nanos(cmd, "value", plain.get(1));
            if (value == null) {
                return;
            }
            long interval = 0;
            if (plain.size() == 3) {
                Long i = PosixConsole.nanos(cmd, "interval", plain.get(2));
                if (i == null) {
                    return;
                }
                interval = i;
            }
            ItimerSpec spec = new ItimerSpec(value, interval);
            ItimerSpec old = c.timerSettime(id, abs ? PosixClocks.TIMER_ABSTIME : 0, spec);
            String now = spec.armed() ? "set: " + PosixConsole.describe(spec) + (abs ? " (absolute)" : "") : "disarmed";
            Console.out().println("timer " + id + " " + now + "; old setting: " + PosixConsole.describe(old));
        });
    }

    /** {@code ptimer:get <id>}: the remaining time and the interval. */
    @Descriptor("show a POSIX timer's remaining time and interval (timer_gettime)")
    public void get(@Descriptor("<id>: a timer id from ptimer:create or ptimer:list") String... args) {
        String cmd = "ptimer:get";
        PosixConsole.run(cmd, args, 1, 1, "<id>", clocks, c -> {
            Integer id = PosixConsole.timerId(cmd, args[0]);
            if (id == null) {
                return;
            }
            ItimerSpec s = c.timerGettime(id);
            Console.out().println("timer " + id + ": remaining " + Durations.format(s.valueNanos())
                    + (s.armed() ? "" : " (disarmed)") + ", interval "
                    + (s.intervalNanos() == 0 ? "none" : Durations.format(s.intervalNanos())));
        });
    }

    /** {@code ptimer:delete <id>}: deletes a timer. */
    @Descriptor("delete a POSIX timer (timer_delete)")
    public void delete(@Descriptor("<id>: a timer id from ptimer:create or ptimer:list") String... args) {
        String cmd = "ptimer:delete";
        PosixConsole.run(cmd, args, 1, 1, "<id>", clocks, c -> {
            Integer id = PosixConsole.timerId(cmd, args[0]);
            if (id == null) {
                return;
            }
            c.timerDelete(id);
            Console.out().println("timer " + id + " deleted");
        });
    }

    /** {@code ptimer:list}: every POSIX timer. */
    @Descriptor("list the POSIX timers: id, clock, owner bundle, armed, remaining, interval, expirations, last overrun")
    public void list(@Descriptor("none: the command takes no arguments") String... args) {
        String cmd = "ptimer:list";
        PosixConsole.run(cmd, args, 0, 0, "", clocks, c -> {
            List<PosixTimerInfo> timers = c.timers();
            if (timers.isEmpty()) {
                Console.out().println("no POSIX timers");
                return;
            }
            Table table = new Table("ID", "CLOCK", "OWNER", "ARMED", "REMAINING", "INTERVAL", "EXPIRATIONS", "LAST OVERRUN")
                    .alignRight(0, 6, 7);
            Map<Integer, String> names = new HashMap<>();
            for (ClockInfo i : c.clocks()) {
                names.put(i.id(), i.name());
            }
            for (PosixTimerInfo t : timers) {
                table.row(t.id(), names.getOrDefault(t.clockId(), ClockId.name(t.clockId())), t.owner(), t.armed() ? "yes" : "no",
                        t.armed() ? Durations.formatShort(t.remainingNanos()) : "-",
                        t.intervalNanos() == 0 ? "-" : Durations.formatShort(t.intervalNanos()),
                        t.expirations(), t.lastOverrun());
            }
            table.print(Console.out());
        });
    }
}
