package io.jiffy.driver.apic.internal;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.jiffy.driver.apic.ApicTimer;
import io.jiffy.driver.apic.ApicTimerInfo;
import io.jiffy.driver.apic.ApicTimerStats;
import io.jiffy.driver.apic.ApicTimers;
import io.jiffy.shell.console.Console;
import io.jiffy.shell.console.Durations;
import io.jiffy.shell.console.Table;

/**
 * The {@code apic:} commands over the APIC timer list: {@code add} arms a demo TSC-deadline
 * timer that logs its firing error, {@code list} shows the pending timers, the per-CPU latency
 * correction and error statistics, and the last demo timers fired. The demo timers belong to
 * this bundle (its own bundle-scoped {@link ApicTimers}).
 *
 * <p>Immediate: Gogo gets and ungets a command's service around every call, and SCR disposes a
 * delayed component when its last user ungets it, so a delayed instance would forget the demo
 * timers fired before the {@code apic:list} that shows them.
 */
@Component(service = Object.class, immediate = true)
@GogoCommand(scope = "apic", function = {"add", "list"})
public class ApicCommands {

    /** How many fired demo timers {@code apic:list} remembers. */
    static final int HISTORY = 10;

    /** Where demo timers log their firings; may be null outside OSGi (tests). */
    @Reference(service = LoggerFactory.class)
    Logger logger;

    private final ApicTimers timers;
    /** The last demo timers fired, newest first; guarded by itself. */
    private final Deque<ApicTimer> fired = new ArrayDeque<>();

    /** Made by DS with this bundle's instance of the timer list service. */
    @Activate
    public ApicCommands(@Reference(name = "timers") ApicTimers timers) {
        this.timers = timers;
    }

    /** {@code apic:add <delay> [--cpu N]}: arms a demo timer and prints its id and deadline. */
    @Descriptor("arm a demo TSC-deadline timer on the APIC timer list that logs how far from its deadline it fired")
    public void add(@Descriptor("<delay> [--cpu <n>]: a delay with unit ns, us, ms or s (e.g. 10ms), and the CPU (default 0)")
            String... args) {
        String cmd = "apic:add";
        String usage = "<delay> [--cpu <n>] (e.g. 10ms --cpu 1)";
        Console.run(cmd, args, 1, 3, usage, () -> {
            Console.DelayAndOption parsed = Console.delayAndOption(cmd, args, "--cpu", "a CPU number", "--cpu <n>", usage);
            if (parsed == null) {
                return;
            }
            String delayText = parsed.delay();
            String cpuText = parsed.option();
            long delay;
            try {
                delay = Durations.parseNanos(delayText);
            } catch (IllegalArgumentException e) {
                Console.error(cmd, e.getMessage());
                return;
            }
            int cpu = 0;
            if (cpuText != null) {
                int last = timers.cpus() - 1;
                try {
                    cpu = Integer.parseInt(cpuText.strip());
                } catch (NumberFormatException e) {
                    cpu = -1;
                }
                if (cpu < 0 || cpu > last) {
                    Console.error(cmd, "'" + cpuText.strip() + "' is not a CPU; CPUs are 0.." + last);
                    return;
                }
            }
            ApicTimer timer = timers.addAfter(cpu, delay, this::demoFired);
            Console.out().println("APIC timer " + timer.id() + " on cpu" + timer.cpu() + ": deadline TSC "
                    + Long.toUnsignedString(timer.deadlineTsc()) + " (in " + Durations.format(delay) + ")");
        });
    }

    /** A demo timer fired: remember it and log its error. */
    private void demoFired(ApicTimer timer) {
        synchronized (fired) {
            fired.addFirst(timer);
            while (fired.size() > HISTORY) {
                fired.removeLast();
            }
        }
        Logger log = logger;
        if (log != null) {
            log.info("APIC demo timer {} fired on cpu{}: deadline TSC {}, error {} ns", timer.id(), timer.cpu(),
                    Long.toUnsignedString(timer.deadlineTsc()), timer.errorNanos());
        }
    }

    /** {@code apic:list}: pending timers, per-CPU correction and errors, last demo timers fired. */
    @Descriptor("list the APIC timer list: pending timers (id, cpu, deadline TSC, remaining, owner), per-CPU latency "
            + "correction and firing errors, and the last demo timers fired")
    public void list(@Descriptor("none: the command takes no arguments") String... args) {
        String cmd = "apic:list";
        Console.run(cmd, args, 0, 0, "", () -> {
            PrintStream out = Console.out();
            out.println("TSC " + Long.toUnsignedString(timers.readTsc()) + " at " + timers.tscFrequencyHz() + " Hz");
            List<ApicTimerInfo> pending = timers.pending();
            if (pending.isEmpty()) {
                out.println("no pending APIC timers");
            } else {
                Table table = new Table("ID", "CPU", "DEADLINE (TSC)", "REMAINING", "OWNER").alignRight(0, 2);
                for (ApicTimerInfo t : pending) {
                    table.row(t.id(), "cpu" + t.cpu(), Long.toUnsignedString(t.deadlineTsc()),
                            Durations.formatShort(t.remainingNanos()), t.owner());
                }
                table.print(out);
            }
            out.println();
            Table stats = new Table("CPU", "PENDING", "FIRED", "CORRECTION", "LAST ERROR", "MEAN ERROR", "MEAN |ERROR|",
                    "MAX |ERROR|", "CALLBACK ERRORS").alignRight(1, 2, 3, 4, 5, 6, 7, 8);
            for (ApicTimerStats s : timers.stats()) {
                stats.row("cpu" + s.cpu(), s.pending(), s.fired(), Durations.formatShort(s.correctionNanos()),
                        Durations.formatShort(s.lastErrorNanos()), Durations.formatShort(s.meanErrorNanos()),
                        Durations.formatShort(s.meanAbsErrorNanos()), Durations.formatShort(s.maxAbsErrorNanos()),
                        s.callbackErrors());
            }
            stats.print(out);
            List<ApicTimer> recent;
            synchronized (fired) {
                recent = new ArrayList<>(fired);
            }
            if (!recent.isEmpty()) {
                out.println();
                out.println("last demo timers fired (apic:add), newest first:");
                Table demo = new Table("ID", "CPU", "DEADLINE (TSC)", "ERROR").alignRight(0, 2, 3);
                for (ApicTimer t : recent) {
                    demo.row(t.id(), "cpu" + t.cpu(), Long.toUnsignedString(t.deadlineTsc()),
                            Durations.formatShort(t.errorNanos()));
                }
                demo.print(out);
            }
        });
    }
}
