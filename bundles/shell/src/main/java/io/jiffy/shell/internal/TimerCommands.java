package io.jiffy.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.jiffy.timer.Timer;
import io.jiffy.timer.TimerInfo;
import io.jiffy.timer.TimerLockup;
import io.jiffy.timer.TimerStats;
import io.jiffy.timer.TimerWheel;
import io.jiffy.shell.console.Console;
import io.jiffy.shell.console.Durations;
import io.jiffy.shell.console.Table;

/**
 * The {@code timer:} commands over the jiffies timer wheel: {@code list} and {@code stats} of
 * every pending timer, and demo timers ({@code add}, {@code mod}, {@code del}) that log each
 * firing through the OSGi log and count. The demo timers belong to the shell bundle (it gets its
 * own bundle-scoped wheel) and die with it.
 *
 * <p>Immediate: Gogo gets and ungets a command's service around every call, and SCR disposes a
 * delayed component when its last user ungets it, so a delayed instance would forget the demo
 * timers between {@code timer:add} and the {@code timer:mod}/{@code timer:del} that name them.
 */
@Component(service = Object.class, immediate = true)
@GogoCommand(scope = "timer", function = {"list", "stats", "add", "mod", "del"})
public class TimerCommands {

    /** Where demo timers log their firings. */
    @Reference(service = LoggerFactory.class)
    Logger logger;

    private volatile TimerWheel wheel;
    private final Map<Long, Demo> demos = new ConcurrentHashMap<>();

    /** A timer made by {@code timer:add}. */
    private record Demo(TimerWheel wheel, Timer timer, long period, AtomicLong fired) {
    }

    /** The wheel; absent until the timer-wheel bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setWheel(TimerWheel wheel) {
        this.wheel = wheel;
    }

    void unsetWheel(TimerWheel wheel) {
        demos.values().removeIf(d -> d.wheel() == wheel); // that wheel cancelled them
        if (this.wheel == wheel) {
            this.wheel = null;
        }
    }

    /** {@code timer:list}: every pending wheel timer. */
    @Descriptor("list the pending timers of the jiffies timer wheel: id, cpu, expiry (jiffies), remaining time, owner bundle")
    public void list(@Descriptor("none: the command takes no arguments") String... args) {
        String cmd = "timer:list";
        Console.run(cmd, args, 0, 0, "", () -> {
            TimerWheel w = wheel(cmd);
            if (w == null) {
                return;
            }
            List<TimerInfo> pending = w.pending();
            PrintStream out = Console.out();
            if (pending.isEmpty()) {
                out.println("no pending timers (jiffies " + w.jiffies() + ")");
                return;
            }
            Table table = new Table("ID", "CPU", "EXPIRES", "REMAINING", "OWNER").alignRight(0, 2);
            for (TimerInfo t : pending) {
                table.row(t.id(), "cpu" + t.cpu(), t.expires(), remaining(w, t.remaining()), t.owner());
            }
            table.print(out);
        });
    }

    /** {@code timer:stats}: the wheel's counters per CPU, then the soft-lockup line. */
    @Descriptor("show the timer wheel's counters per CPU (adds, mods, dels, expired, cascades, errors, soft lockups, pending) "
            + "and the last soft lockup: a timer function that ran longer than the threshold")
    public void stats(@Descriptor("none: the command takes no arguments") String... args) {
        String cmd = "timer:stats";
        Console.run(cmd, args, 0, 0, "", () -> {
            TimerWheel w = wheel(cmd);
            if (w == null) {
                return;
            }
            Table table = new Table("CPU", "ADDS", "MODS", "DELS", "EXPIRED", "CASCADES", "ERRORS", "LOCKUPS", "PENDING")
                    .alignRight(1, 2, 3, 4, 5, 6, 7, 8);
            for (TimerStats s : w.stats()) {
                table.row("cpu" + s.cpu(), s.adds(), s.mods(), s.dels(), s.expired(), s.cascades(), s.errors(), s.lockups(),
                        s.pending());
            }
            PrintStream out = Console.out();
            table.print(out);
            out.println(lockupLine(w.softLockupThresholdNanos(), w.lastLockup()));
        });
    }

    /**
     * The line under {@code timer:stats}, e.g. {@code soft lockups (threshold 1 s): last on cpu0,
     * stuck for 1.5 s in timer 7 of com.example.slow (still running); function com.example.Slow@1b}.
     */
    static String lockupLine(long thresholdNanos, TimerLockup last) {
        if (thresholdNanos <= 0 && last == null) {
            return "soft lockups: detection off";
        }
        String head = thresholdNanos > 0 ? "soft lockups (threshold " + Durations.formatShort(thresholdNanos) + "): "
                : "soft lockups (detection off now): ";
        if (last == null) {
            return head + "none";
        }
        return head + "last on cpu" + last.cpu() + ", stuck for " + Durations.formatShort(last.stuckNanos()) + " in timer "
                + last.timerId() + " of " + last.owner() + (last.ongoing() ? " (still running)" : " (ended)") + "; function "
                + last.function();
    }

    /** {@code timer:add <delay> [--period <p>]}: arms a demo timer and prints its id. */
    @Descriptor("arm a demo timer that logs each firing; prints its id")
    public void add(@Descriptor("<delay> [--period <p>]: delay and optional period, a number with unit ns, us, ms, s or j (jiffies), e.g. 100ms --period 1s")
            String... args) {
        String cmd = "timer:add";
        String usage = "<delay> [--period <p>] (e.g. 100ms --period 1s)";
        Console.run(cmd, args, 1, 3, usage, () -> {
            Console.DelayAndOption parsed = Console.delayAndOption(cmd, args, "--period", "a duration", "--period <p>", usage);
            if (parsed == null) {
                return;
            }
            String delayText = parsed.delay();
            String periodText = parsed.option();
            TimerWheel w = wheel(cmd);
            if (w == null) {
                return;
            }
            Long delay = delay(cmd, w, delayText);
            if (delay == null) {
                return;
            }
            long period = 0;
            if (periodText != null) {
                Long p = delay(cmd, w, periodText);
                if (p == null) {
                    return;
                }
                period = p;
            }
            if (periodText != null && period <= 0) {
                Console.error(cmd, "the period must be at least one jiffy, got '" + periodText.strip() + "'");
                return;
            }
            AtomicLong fired = new AtomicLong();
            long p = period;
            Timer timer = w.newTimer(t -> {
                long n = fired.incrementAndGet();
                Logger log = logger;
                if (log != null) {
                    log.info("demo timer {} fired on cpu{} ({} time(s)), expiry {}", t.id(), t.cpu(), n, t.expires());
                }
                if (p > 0) {
                    t.mod(t.expires() + p);
                }
            });
            demos.put(timer.id(), new Demo(w, timer, period, fired));
            long expires = w.jiffies() + delay;
            timer.add(expires);
            Console.out().println("timer " + timer.id() + " on cpu" + timer.cpu() + " expires at jiffies " + expires
                    + " (in " + delay + " j)" + (period > 0 ? ", period " + period + " j" : ""));
        });
    }

    /** {@code timer:mod <id> <delay>}: re-arms a demo timer. */
    @Descriptor("re-arm a demo timer made by timer:add to fire after a new delay")
    public void mod(@Descriptor("<id> <delay>: the timer's id and a delay with unit ns, us, ms, s or j, e.g. 5 250ms")
            String... args) {
        String cmd = "timer:mod";
        Console.run(cmd, args, 2, 2, "<id> <delay> (e.g. 5 250ms)", () -> {
            TimerWheel w = wheel(cmd);
            if (w == null) {
                return;
            }
            Demo d = demo(cmd, args[0]);
            if (d == null) {
                return;
            }
            Long delay = delay(cmd, w, args[1]);
            if (delay == null) {
                return;
            }
            long expires = w.jiffies() + delay;
            boolean was = d.timer().mod(expires);
            Console.out().println("timer " + d.timer().id() + " expires at jiffies " + expires + " (in " + delay + " j); it was "
                    + (was ? "pending" : "not pending"));
        });
    }

    /** {@code timer:del <id>}: deletes a demo timer. */
    @Descriptor("delete a demo timer made by timer:add")
    public void del(@Descriptor("<id>: the timer's id, as printed by timer:add") String... args) {
        String cmd = "timer:del";
        Console.run(cmd, args, 1, 1, "<id>", () -> {
            if (wheel(cmd) == null) {
                return;
            }
            Demo d = demo(cmd, args[0]);
            if (d == null) {
                return;
            }
            boolean was = d.timer().delSync();
            demos.remove(d.timer().id());
            Console.out().println("timer " + d.timer().id() + " deleted after " + d.fired().get() + " firing(s); it was "
                    + (was ? "pending" : "not pending"));
        });
    }

    private TimerWheel wheel(String cmd) {
        TimerWheel w = wheel;
        if (w == null) {
            Console.error(cmd, "no timer wheel: the timer-wheel service is not running");
        }
        return w;
    }

    /**
     * The delay (or period) in {@code text} in jiffies, or null after printing one line: not a
     * duration, or longer than the wheel holds ({@link TimerWheel#MAX_TIMEOUT} jiffies; the wheel
     * would cap it, and the expiry printed would be wrong or overflow).
     */
    private static Long delay(String cmd, TimerWheel w, String text) {
        long jiffies;
        try {
            jiffies = Durations.parseJiffies(text, w.hz());
        } catch (IllegalArgumentException e) {
            Console.error(cmd, e.getMessage());
            return null;
        }
        if (jiffies > TimerWheel.MAX_TIMEOUT) {
            Console.error(cmd, "'" + text.strip() + "' is longer than the timer wheel holds; the longest is "
                    + TimerWheel.MAX_TIMEOUT + " j (" + Durations.formatShort(w.jiffiesToUsecs(TimerWheel.MAX_TIMEOUT) * 1000L)
                    + " at HZ " + w.hz() + ")");
            return null;
        }
        return jiffies;
    }

    private Demo demo(String cmd, String text) {
        long id;
        try {
            id = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            Console.error(cmd, "'" + text.strip() + "' is not a timer id; give the number timer:add printed");
            return null;
        }
        Demo d = demos.get(id);
        if (d == null) {
            Console.error(cmd, "no demo timer " + id + ": only timers made by timer:add can be changed here (timer:list shows all)");
        }
        return d;
    }

    private static String remaining(TimerWheel w, long jiffies) {
        return jiffies + " j (" + Durations.formatShort(w.jiffiesToUsecs(jiffies) * 1000L) + ")";
    }
}
