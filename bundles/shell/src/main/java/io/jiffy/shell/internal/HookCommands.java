package io.jiffy.shell.internal;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.jiffy.hook.HookBusyException;
import io.jiffy.hook.HookInfo;
import io.jiffy.hook.HookLockup;
import io.jiffy.hook.TimerHookChain;
import io.jiffy.shell.console.Console;
import io.jiffy.shell.console.Durations;
import io.jiffy.shell.console.Table;

/**
 * The {@code hook:} commands: {@code list} the timer-hook chain in run order with its counters,
 * {@code grab} and {@code ungrab} a hook by id.
 */
@Component(service = Object.class)
@GogoCommand(scope = "hook", function = {"list", "grab", "ungrab"})
public class HookCommands {

    /** The chain; absent until the hook-chain bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TimerHookChain chain;

    /** {@code hook:list}: one row per hook, the grabber first, then the soft-lockup line. */
    @Descriptor("list the timer-hook chain in run order: id, name, priority, run_always, grabbed, calls, errors, "
            + "soft lockups, mean/max ns, owner; and the last soft lockup: a hook call that ran longer than the threshold")
    public void list(@Descriptor("none: the command takes no arguments") String... args) {
        String cmd = "hook:list";
        Console.run(cmd, args, 0, 0, "", () -> {
            TimerHookChain c = chain(cmd);
            if (c == null) {
                return;
            }
            List<HookInfo> hooks = c.hooks();
            if (hooks.isEmpty()) {
                Console.out().println("no timer hooks registered");
                return;
            }
            Table table = new Table("ID", "NAME", "PRIORITY", "RUN_ALWAYS", "GRABBED", "CALLS", "ERRORS", "LOCKUPS",
                    "MEAN NS", "MAX NS", "OWNER").alignRight(0, 2, 5, 6, 7, 8, 9);
            for (HookInfo h : hooks) {
                table.row(h.id(), h.name(), h.priority(), h.runAlways() ? "yes" : "no", h.grabbed() ? "yes" : "no",
                        h.calls(), h.errors(), h.lockups(), h.meanNanos(), h.maxNanos(), h.owner());
            }
            table.print(Console.out());
            Console.out().println(lockupLine(c.softLockupThresholdNanos(), c.lastLockup()));
        });
    }

    /**
     * The line under {@code hook:list}, e.g. {@code soft lockups (threshold 1 s): last on cpu0,
     * stuck for 25 ms in hook 3 (speaker) of com.example.pcspkr (ended)}.
     */
    static String lockupLine(long thresholdNanos, HookLockup last) {
        if (thresholdNanos <= 0 && last == null) {
            return "soft lockups: detection off";
        }
        String head = thresholdNanos > 0 ? "soft lockups (threshold " + Durations.formatShort(thresholdNanos) + "): "
                : "soft lockups (detection off now): ";
        if (last == null) {
            return head + "none";
        }
        return head + "last on cpu" + last.cpu() + ", stuck for " + Durations.formatShort(last.stuckNanos()) + " in hook "
                + last.hookId() + " (" + last.name() + ") of " + last.owner() + (last.ongoing() ? " (still running)" : " (ended)");
    }

    /** {@code hook:grab <id>}: the hook runs first on every tick; EBUSY names the holder. */
    @Descriptor("make a hook the grabber: it runs first and, when it returns done, only run_always hooks run after it")
    public void grab(@Descriptor("<id>: a hook id from hook:list") String... args) {
        String cmd = "hook:grab";
        Console.run(cmd, args, 1, 1, "<id>", () -> {
            TimerHookChain c = chain(cmd);
            Long id = id(cmd, args[0]);
            if (c == null || id == null || !exists(cmd, c, id)) {
                return;
            }
            try {
                c.grab(id);
            } catch (HookBusyException busy) {
                Console.error(cmd, "EBUSY: the chain is grabbed by " + describe(c, busy.grabberId())
                        + "; hook:ungrab " + busy.grabberId() + " first");
                return;
            }
            Console.out().println("hook " + id + " grabbed the chain");
        });
    }

    /** {@code hook:ungrab <id>}: releases the grab held by that hook. */
    @Descriptor("release the grab held by a hook (refused if that hook is not the grabber)")
    public void ungrab(@Descriptor("<id>: the id of the grabbing hook, from hook:list") String... args) {
        String cmd = "hook:ungrab";
        Console.run(cmd, args, 1, 1, "<id>", () -> {
            TimerHookChain c = chain(cmd);
            Long id = id(cmd, args[0]);
            if (c == null || id == null || !exists(cmd, c, id)) {
                return;
            }
            if (c.ungrab(id)) {
                Console.out().println("hook " + id + " released the chain");
                return;
            }
            HookInfo g = c.hooks().stream().filter(HookInfo::grabbed).findFirst().orElse(null);
            Console.error(cmd, "refused: hook " + id + " is not the grabber; "
                    + (g == null ? "the chain is not grabbed" : "it is grabbed by " + describe(g)));
        });
    }

    private TimerHookChain chain(String cmd) {
        TimerHookChain c = chain;
        if (c == null) {
            Console.error(cmd, "no timer-hook chain: the hook-chain service is not running");
        }
        return c;
    }

    private static Long id(String cmd, String arg) {
        try {
            long id = Long.parseLong(arg.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        Console.error(cmd, "invalid hook id '" + arg + "': expected a positive number from hook:list");
        return null;
    }

    private static boolean exists(String cmd, TimerHookChain c, long id) {
        if (c.hooks().stream().anyMatch(h -> h.id() == id)) {
            return true;
        }
        Console.error(cmd, "no hook with id " + id + "; see hook:list");
        return false;
    }

    private static String describe(TimerHookChain c, long id) {
        return c.hooks().stream().filter(h -> h.id() == id).findFirst().map(HookCommands::describe)
                .orElse("hook " + id);
    }

    private static String describe(HookInfo h) {
        return "hook " + h.id() + " (" + h.name() + ", " + h.owner() + ")";
    }
}
