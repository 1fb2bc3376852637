package io.jiffy.shell.internal;

import java.time.Instant;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.jiffy.posix.ClockId;
import io.jiffy.posix.ClockInfo;
import io.jiffy.posix.PosixClocks;
import io.jiffy.shell.console.Console;
import io.jiffy.shell.console.Durations;
import io.jiffy.shell.console.Table;

/**
 * The {@code posix:} commands: {@code clocks} lists the POSIX clocks (built-in and contributed by
 * drivers), {@code gettime}, {@code settime} and {@code getres} call the clock functions. A clock
 * is named ({@code CLOCK_MONOTONIC}, case-insensitive, {@code CLOCK_} optional) or numbered.
 */
@Component(service = Object.class)
@GogoCommand(scope = "posix", function = {"clocks", "gettime", "settime", "getres"})
public class PosixCommands {

    /** The POSIX clocks (bundle-scoped); absent until the posix-timers bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PosixClocks clocks;

    /** {@code posix:clocks}: one row per clock. */
    @Descriptor("list the POSIX clocks: id, name, resolution, settable, timers, owner bundle")
    public void clocks(@Descriptor("none: the command takes no arguments") String... args) {
        String cmd = "posix:clocks";
        PosixConsole.run(cmd, args, 0, 0, "", clocks, c -> {
            List<ClockInfo> all = c.clocks();
            if (all.isEmpty()) {
                Console.out().println("no POSIX clocks");
                return;
            }
            Table table = new Table("ID", "NAME", "RESOLUTION", "SETTABLE", "TIMERS", "OWNER").alignRight(0, 2);
            for (ClockInfo i : all) {
                table.row(i.id(), i.name(), Durations.formatShort(i.resolutionNanos()), i.settable() ? "yes" : "no",
                        i.timers() ? "yes" : "no", i.owner());
            }
            table.print(Console.out());
        });
    }

    /** {@code posix:gettime <clock>}: the clock's time in ns and readably. */
    @Descriptor("read a POSIX clock (clock_gettime): nanoseconds and a readable form")
    public void gettime(@Descriptor("<clock>: a clock name such as CLOCK_MONOTONIC (CLOCK_ optional, any case) or its number")
            String... args) {
        String cmd = "posix:gettime";
        PosixConsole.run(cmd, args, 1, 1, "<clock> (e.g. CLOCK_MONOTONIC)", clocks, c -> {
            Integer id = PosixConsole.clock(cmd, args[0]);
            if (id == null) {
                return;
            }
            long now = c.clockGettime(id);
            Console.out().println(name(c, id) + " " + readable(id, now));
        });
    }

    /** {@code posix:settime <clock> <time>}: sets a clock (only CLOCK_REALTIME is settable). */
    @Descriptor("set a POSIX clock (clock_settime); only settable clocks such as CLOCK_REALTIME accept it")
    public void settime(@Descriptor("<clock> <time>: a clock name or number and the new time with unit ns, us, ms or s, e.g. CLOCK_REALTIME 1700000000s")
            String... args) {
        String cmd = "posix:settime";
        PosixConsole.run(cmd, args, 2, 2, "<clock> <time> (e.g. CLOCK_REALTIME 1700000000s)", clocks, c -> {
            Integer id = PosixConsole.clock(cmd, args[0]);
            if (id == null) {
                return;
            }
            Long nanos = PosixConsole.nanos(cmd, "time", args[1]);
            if (nanos == null) {
                return;
            }
            c.clockSettime(id, nanos);
            Console.out().println(name(c, id) + " set to " + readable(id, nanos));
        });
    }

    /** {@code posix:getres <clock>}: the clock's resolution. */
    @Descriptor("show the resolution of a POSIX clock (clock_getres)")
    public void getres(@Descriptor("<clock>: a clock name such as CLOCK_MONOTONIC (CLOCK_ optional, any case) or its number")
            String... args) {
        String cmd = "posix:getres";
        PosixConsole.run(cmd, args, 1, 1, "<clock> (e.g. CLOCK_MONOTONIC)", clocks, c -> {
            Integer id = PosixConsole.clock(cmd, args[0]);
            if (id == null) {
                return;
            }
            long res = c.clockGetres(id);
            Console.out().println(name(c, id) + " resolution " + Durations.format(res));
        });
    }

    /** The clock's name as the service reports it (a driver clock's own name), else ClockId's. */
    static String name(PosixClocks c, int id) {
        for (ClockInfo i : c.clocks()) {
            if (i.id() == id) {
                return i.name();
            }
        }
        return ClockId.name(id);
    }

    /** Nanoseconds readably; for wall-clock clocks also the UTC date and time. */
    private static String readable(int id, long nanos) {
        String text = Durations.format(nanos);
        if (id == ClockId.CLOCK_REALTIME || id == ClockId.CLOCK_REALTIME_COARSE) {
            text += " = " + Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        }
        return text;
    }
}
