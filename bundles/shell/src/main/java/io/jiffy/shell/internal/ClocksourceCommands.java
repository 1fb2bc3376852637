package io.jiffy.shell.internal;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.clocksource.ClockSourceInfo;
import io.jiffy.clocksource.CycleConverter;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.shell.console.Console;
import io.jiffy.shell.console.Durations;
import io.jiffy.shell.console.Table;

/**
 * The {@code clocksource:} commands: {@code list}, {@code current}, {@code select} (the
 * kernel's {@code /sys/devices/system/clocksource/clocksource0/} files) and {@code read}, which
 * reads one source's counter directly.
 */
@Component(service = Object.class)
@GogoCommand(scope = "clocksource", function = {"list", "current", "select", "read"})
public class ClocksourceCommands {

    private final Timekeeper timekeeper;

    /** Every registered clocksource service, for {@code read}. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<ClockSource> clockSources = List.of();

    /** Made by DS with the timekeeper. */
    @Activate
    public ClocksourceCommands(@Reference(name = "timekeeper") Timekeeper timekeeper) {
        this.timekeeper = timekeeper;
    }

    /** {@code clocksource:list}: every source, best first, with the one in use marked. */
    @Descriptor("list clocksources best first: name, rating, frequency, bits, flags, current/unstable, owner bundle")
    public void list(@Descriptor("none: the command takes no arguments") String... args) {
        String cmd = "clocksource:list";
        Console.run(cmd, args, 0, 0, "", () -> {
            List<ClockSourceInfo> sources = timekeeper.available();
            if (sources.isEmpty()) {
                Console.out().println("no clocksources registered; timekeeping reads "
                        + timekeeper.current().name());
                return;
            }
            boolean user = timekeeper.userSelected();
            Table table = new Table("NAME", "RATING", "FREQUENCY", "BITS", "FLAGS", "STATE", "OWNER")
                    .alignRight(1, 2, 3);
            for (ClockSourceInfo cs : sources) {
                table.row(cs.name(), cs.rating(), hertz(cs.frequencyHz()), cs.bits(), flags(cs),
                        state(cs, user), cs.owner());
            }
            table.print(Console.out());
        });
    }

    /** {@code clocksource:current}: the source timekeeping reads and how it was chosen. */
    @Descriptor("show the clocksource timekeeping reads now and whether it was selected by rating or by the user")
    public void current(@Descriptor("none: the command takes no arguments") String... args) {
        String cmd = "clocksource:current";
        Console.run(cmd, args, 0, 0, "", () -> {
            ClockSourceInfo cs = timekeeper.current();
            PrintStream out = Console.out();
            out.println("current    " + cs.name());
            out.println("rating     " + cs.rating());
            out.println("frequency  " + hertz(cs.frequencyHz()));
            out.println("bits       " + cs.bits());
            out.println("owner      " + cs.owner());
            out.println("selection  " + (timekeeper.userSelected() ? "user (clocksource:select auto to undo)"
                    : "automatic (highest rating)"));
            out.println("max idle   " + Durations.format(timekeeper.maxIdleNanos()));
        });
    }

    /** {@code clocksource:select <name>|auto}: overrides the selection, or returns it to the rating. */
    @Descriptor("use the named clocksource until 'auto', or go back to the highest-rated stable one")
    public void select(@Descriptor("<name>|auto: a name from clocksource:list, or auto") String... args) {
        String cmd = "clocksource:select";
        Console.run(cmd, args, 1, 1, "<name>|auto", () -> {
            String name = args[0].strip();
            if (name.equals("auto")) {
                timekeeper.selectAutomatic();
            } else {
                try {
                    timekeeper.select(name);
                } catch (IllegalArgumentException e) {
                    Console.error(cmd, e.getMessage());
                    return;
                }
            }
            ClockSourceInfo now = timekeeper.current();
            Console.out().println("current    " + now.name() + (timekeeper.userSelected() ? " (selected by the user)"
                    : " (automatic)"));
        });
    }

    /** {@code clocksource:read <name>}: reads one source's counter and converts it to ns. */
    @Descriptor("read a clocksource's raw counter and its value in ns at the nominal frequency")
    public void read(@Descriptor("<name>: a name from clocksource:list") String... args) {
        String cmd = "clocksource:read";
        Console.run(cmd, args, 1, 1, "<name>", () -> {
            String name = args[0].strip();
            List<ClockSource> sources = clockSources;
            ClockSource cs = sources.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
            if (cs == null) {
                String names = sources.stream().map(ClockSource::name).distinct().collect(Collectors.joining(", "));
                Console.error(cmd, "no clocksource named '" + name + "'; available: "
                        + (names.isEmpty() ? "none" : names));
                return;
            }
            CycleConverter conv = CycleConverter.forFrequency(cs.frequencyHz());
            long cycles = cs.read() & cs.mask();
            PrintStream out = Console.out();
            out.println("cycles  " + Long.toUnsignedString(cycles) + " (0x" + Long.toHexString(cycles) + ")");
            if (Long.compareUnsigned(cycles, conv.maxCycles()) > 0) {
                out.println("ns      - (beyond the conversion range of " + Long.toUnsignedString(conv.maxCycles())
                        + " cycles)");
            } else {
                out.println("ns      " + Durations.format(conv.toNanos(cycles)));
            }
        });
    }

    private static String state(ClockSourceInfo cs, boolean user) {
        if (cs.current()) {
            return user ? "current (user)" : "current";
        }
        return cs.unstable() ? "unstable" : "";
    }

    private static String flags(ClockSourceInfo cs) {
        if (cs.flags().isEmpty()) {
            return "-";
        }
        return cs.flags().stream().sorted().map(ClockSourceFlag::name).map(f -> f.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(","));
    }

    /** A frequency in the largest of GHz, MHz, kHz, Hz that it reaches, exact: {@code 14.31818 MHz}. */
    static String hertz(long hz) {
        int scale;
        String unit;
        if (hz >= 1_000_000_000L) {
            scale = 9;
            unit = "GHz";
        } else if (hz >= 1_000_000L) {
            scale = 6;
            unit = "MHz";
        } else if (hz >= 1_000L) {
            scale = 3;
            unit = "kHz";
        } else {
            return hz + " Hz";
        }
        return BigDecimal.valueOf(hz, scale).stripTrailingZeros().toPlainString() + " " + unit;
    }
}
