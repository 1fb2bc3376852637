package io.jiffy.driver.shub.rtc.internal;

import java.io.PrintStream;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.jiffy.driver.shub.rtc.MmTimer;
import io.jiffy.shell.console.Console;

/**
 * The {@code mmtimer:info} command: what the mmtimer device's ioctls answer (counter offset,
 * resolution, frequency, bits, mmap availability, the counter), CLOCK_SGI_CYCLE's id and name,
 * and the armed timers of each node.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mmtimer", function = {"info"})
public class MmTimerCommands {

    /** The command's name in messages. */
    static final String COMMAND = "mmtimer:info";

    /** The driver component; absent until the machine runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ShubRtcComponent rtc;

    /** {@code mmtimer:info}: the ioctl answers, the POSIX clock and the pending timers per node. */
    @Descriptor("show the SGI SHub mmtimer device: the ioctl answers (offset, resolution, frequency, bits, "
            + "mmap, counter), CLOCK_SGI_CYCLE and the armed timers per node")
    public void info(@Descriptor("none: the command takes no arguments") String... args) {
        ShubRtcComponent c = rtc;
        run(c == null ? null : c.driver(), c == null ? "no machine is running yet" : c.refusal(), args);
    }

    /** The command's body over a driver (null when not running, {@code why} saying why). */
    static void run(ShubDriver driver, String why, String[] args) {
        Console.run(COMMAND, args, 0, 0, "", () -> {
            if (driver == null) {
                Console.error(COMMAND, "the SHub RTC driver is not running" + (why == null ? "" : ": " + why));
                return;
            }
            print(driver, Console.out());
        });
    }

    /** Prints the two-column list. */
    static void print(ShubDriver driver, PrintStream out) {
        MmTimer m = driver.mmtimer();
        SgiCycleClock clock = driver.clock();
        row(out, "counter offset", m.counterOffset() + " (8-byte words into the counter page)");
        row(out, "resolution (fs)", Long.toString(m.resolutionFemtos()));
        row(out, "frequency (Hz)", Long.toString(m.frequencyHz()));
        row(out, "bits", Integer.toString(m.bits()));
        row(out, "mmap available", m.mmapAvailable() ? "yes" : "no");
        row(out, "counter", Long.toString(m.counter()));
        row(out, "posix clock", SgiCycleClock.ID + " " + clock.name());
        for (NodeTimers n : clock.nodes()) {
            String lost = n.lostInterrupts() == 0 ? "" : ", " + n.lostInterrupts() + " interrupt(s) lost";
            String given = n.givenUp() == 0 ? "" : ", " + n.givenUp() + " gave up";
            row(out, "timers node " + n.node(), n.pending() + " pending (comparator on cpu " + n.cpu() + lost + given + ")");
        }
    }

    private static void row(PrintStream out, String name, String value) {
        out.println(String.format("%-17s %s", name, value));
    }
}
