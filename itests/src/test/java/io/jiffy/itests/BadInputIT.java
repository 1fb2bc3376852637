package io.jiffy.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.hook.HookInfo;
import io.jiffy.hook.TimerHookChain;
import io.jiffy.machine.Machine;
import io.jiffy.posix.ClockInfo;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.PosixException;
import io.jiffy.timer.TimerWheel;

/**
 * Bad input at the console (DESIGN §10): every Jiffy command, run with missing, extra,
 * malformed, out-of-range and unknown arguments, answers with one clear line on stderr, prints
 * nothing on stdout, shows no stack trace, and changes nothing: the clocksources, tick devices,
 * jiffies, wheel timers, hooks, POSIX timers and clocks, the machine's time and interrupt lines,
 * and the drivers' own timer lists are the same before and after. The table must name every
 * command the running system registers, so a new command cannot be added without its bad-input
 * rows.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BadInputIT {

    /** Replaced by the id of a pending demo wheel timer made by {@code timer:add}. */
    private static final String TIMER = "%TIMER%";
    /** Replaced by the id of an armed POSIX timer made by {@code ptimer:create}. */
    private static final String PTIMER = "%PTIMER%";
    /** Replaced by the id of a hook of the chain that does not hold the grab. */
    private static final String HOOK = "%HOOK%";

    /** An overflowing duration: more nanoseconds than a long holds. */
    private static final String HUGE = "99999999999999999999s";

    /** The table: the command line, and why it is bad. */
    private static final String[][] ROWS = {
        {"machine:info now", "takes no arguments"},
        {"machine:advance", "missing duration"},
        {"machine:advance 1ms 2ms", "extra argument"},
        {"machine:advance abc", "malformed number"},
        {"machine:advance 1.2.3ms", "malformed number"},
        {"machine:advance 10", "bare number: a unit is required"},
        {"machine:advance -5ms", "negative duration"},
        {"machine:advance " + HUGE, "overflowing duration"},
        {"machine:advance 9223372036854775807ns", "runs the clock past its end"},
        {"machine:advance 10parsecs", "unknown unit"},
        {"machine:advance --bogus", "unknown option"},

        {"irq:list all", "takes no arguments"},

        {"clocksource:list all", "takes no arguments"},
        {"clocksource:current now", "takes no arguments"},
        {"clocksource:select", "missing name"},
        {"clocksource:select tsc MIPS", "extra argument"},
        {"clocksource:select nosuch", "unknown name"},
        {"clocksource:select --bogus", "unknown option (not a name)"},
        {"clocksource:read", "missing name"},
        {"clocksource:read tsc MIPS", "extra argument"},
        {"clocksource:read nosuch", "unknown name"},
        {"clocksource:read 99", "a number, not a name"},

        {"clockevent:list all", "takes no arguments"},

        {"tick:info now", "takes no arguments"},

        {"timer:list all", "takes no arguments"},
        {"timer:stats all", "takes no arguments"},
        {"timer:add", "missing delay"},
        {"timer:add abc", "malformed number"},
        {"timer:add 1.2.3", "malformed number"},
        {"timer:add 10", "bare number: a unit is required"},
        {"timer:add -5ms", "negative duration"},
        {"timer:add " + HUGE, "overflowing duration"},
        {"timer:add 9223372036854775807j", "expiry overflows the jiffies"},
        {"timer:add 4294967296j", "beyond the wheel's reach (MAX_TIMEOUT)"},
        {"timer:add 10ms 20ms", "two delays"},
        {"timer:add 10ms --bogus", "unknown option"},
        {"timer:add --bogus 10ms", "unknown option"},
        {"timer:add 10ms --period", "option without its value"},
        {"timer:add --period 1s", "period but no delay"},
        {"timer:add 10ms --period 0ms", "period of zero"},
        {"timer:add 10ms --period -1ms", "negative period"},
        {"timer:add 10ms --period 10", "bare period: a unit is required"},
        {"timer:add 10ms --period " + HUGE, "overflowing period"},
        {"timer:add 10ms --period 9223372036854775807j", "period beyond the wheel's reach"},
        {"timer:add 10ms --period 1s --period 2s", "extra arguments"},
        {"timer:mod", "missing id and delay"},
        {"timer:mod " + TIMER, "missing delay"},
        {"timer:mod " + TIMER + " 10ms 20ms", "extra argument"},
        {"timer:mod abc 10ms", "malformed id"},
        {"timer:mod 1.2.3 10ms", "malformed id"},
        {"timer:mod 99999 10ms", "no such timer"},
        {"timer:mod -1 10ms", "no such timer"},
        {"timer:mod " + TIMER + " abc", "malformed delay"},
        {"timer:mod " + TIMER + " 10", "bare number: a unit is required"},
        {"timer:mod " + TIMER + " -5ms", "negative delay"},
        {"timer:mod " + TIMER + " " + HUGE, "overflowing delay"},
        {"timer:mod " + TIMER + " 9223372036854775807j", "expiry overflows the jiffies"},
        {"timer:mod " + TIMER + " --bogus", "unknown option"},
        {"timer:del", "missing id"},
        {"timer:del " + TIMER + " " + TIMER, "extra argument"},
        {"timer:del abc", "malformed id"},
        {"timer:del 99999", "no such timer"},
        {"timer:del -1", "no such timer"},
        {"timer:del 99999999999999999999", "overflowing id"},

        {"hook:list all", "takes no arguments"},
        {"hook:grab", "missing id"},
        {"hook:grab " + HOOK + " " + HOOK, "extra argument"},
        {"hook:grab abc", "malformed id"},
        {"hook:grab 1.5", "malformed id"},
        {"hook:grab 0", "no such hook"},
        {"hook:grab -1", "no such hook"},
        {"hook:grab 99999", "no such hook"},
        {"hook:grab 99999999999999999999", "overflowing id"},
        {"hook:grab --bogus", "unknown option"},
        {"hook:ungrab", "missing id"},
        {"hook:ungrab " + HOOK + " " + HOOK, "extra argument"},
        {"hook:ungrab abc", "malformed id"},
        {"hook:ungrab -1", "no such hook"},
        {"hook:ungrab 99999", "no such hook"},
        {"hook:ungrab " + HOOK, "that hook is not the grabber"},

        {"posix:clocks all", "takes no arguments"},
        {"posix:gettime", "missing clock"},
        {"posix:gettime CLOCK_MONOTONIC CLOCK_REALTIME", "extra argument"},
        {"posix:gettime 99", "unknown clock id"},
        {"posix:gettime -1", "unknown clock id"},
        {"posix:gettime 99999999999999999999", "overflowing clock id"},
        {"posix:gettime CLOCK_NOSUCH", "unknown clock name"},
        {"posix:gettime 1.2.3", "malformed clock"},
        {"posix:settime", "missing clock and time"},
        {"posix:settime CLOCK_REALTIME", "missing time"},
        {"posix:settime CLOCK_REALTIME 1s 2s", "extra argument"},
        {"posix:settime CLOCK_MONOTONIC 10s", "clock not settable"},
        {"posix:settime 99 10s", "unknown clock id"},
        {"posix:settime -1 10s", "unknown clock id"},
        {"posix:settime nosuch 10s", "unknown clock name"},
        {"posix:settime CLOCK_REALTIME abc", "malformed time"},
        {"posix:settime CLOCK_REALTIME 1.2.3", "malformed time"},
        {"posix:settime CLOCK_REALTIME 10", "bare number: a unit is required"},
        {"posix:settime CLOCK_REALTIME -1s", "negative time"},
        {"posix:settime CLOCK_REALTIME " + HUGE, "overflowing time"},
        {"posix:settime CLOCK_REALTIME 10j", "jiffies are no wall-clock time"},
        {"posix:settime CLOCK_REALTIME 9223372036854775807ns", "so late that CLOCK_REALTIME would overflow"},
        {"posix:settime CLOCK_SGI_CYCLE 9223372036854775807ns", "so late that the driver clock would overflow"},
        {"posix:getres", "missing clock"},
        {"posix:getres CLOCK_MONOTONIC CLOCK_REALTIME", "extra argument"},
        {"posix:getres 99", "unknown clock id"},
        {"posix:getres -1", "unknown clock id"},
        {"posix:getres nosuch", "unknown clock name"},

        {"ptimer:create", "missing clock"},
        {"ptimer:create CLOCK_MONOTONIC CLOCK_REALTIME", "extra argument"},
        {"ptimer:create 99", "unknown clock id"},
        {"ptimer:create -1", "unknown clock id"},
        {"ptimer:create nosuch", "unknown clock name"},
        {"ptimer:create 99999999999999999999", "overflowing clock id"},
        {"ptimer:create CLOCK_MONOTONIC_RAW", "a clock without timers"},
        {"ptimer:set", "missing id and value"},
        {"ptimer:set " + PTIMER, "missing value"},
        {"ptimer:set " + PTIMER + " 1s 1s 1s", "extra argument"},
        {"ptimer:set " + PTIMER + " 1s 1s --abs 1s", "extra argument"},
        {"ptimer:set " + PTIMER + " 1s 1s 1s 1s", "extra arguments"},
        {"ptimer:set abc 1s", "malformed id"},
        {"ptimer:set 99999 1s", "no such timer"},
        {"ptimer:set -1 1s", "no such timer"},
        {"ptimer:set 99999999999999999999 1s", "overflowing id"},
        {"ptimer:set " + PTIMER + " abc", "malformed value"},
        {"ptimer:set " + PTIMER + " 1.2.3", "malformed value"},
        {"ptimer:set " + PTIMER + " 10", "bare value: a unit is required"},
        {"ptimer:set " + PTIMER + " -1ms", "negative value"},
        {"ptimer:set " + PTIMER + " " + HUGE, "overflowing value"},
        {"ptimer:set " + PTIMER + " 1s 10", "bare interval: a unit is required"},
        {"ptimer:set " + PTIMER + " 1s -1ms", "negative interval"},
        {"ptimer:set " + PTIMER + " 1s " + HUGE, "overflowing interval"},
        {"ptimer:set " + PTIMER + " 1s --bogus", "unknown option"},
        {"ptimer:set " + PTIMER + " 1s --abs --abs", "option given twice"},
        {"ptimer:get", "missing id"},
        {"ptimer:get " + PTIMER + " " + PTIMER, "extra argument"},
        {"ptimer:get abc", "malformed id"},
        {"ptimer:get 99999", "no such timer"},
        {"ptimer:get -1", "no such timer"},
        {"ptimer:delete", "missing id"},
        {"ptimer:delete " + PTIMER + " " + PTIMER, "extra argument"},
        {"ptimer:delete abc", "malformed id"},
        {"ptimer:delete 99999", "no such timer"},
        {"ptimer:delete -1", "no such timer"},
        {"ptimer:list all", "takes no arguments"},

        {"mmtimer:info all", "takes no arguments"},

        {"apic:add", "missing delay"},
        {"apic:add abc", "malformed number"},
        {"apic:add 1.2.3", "malformed number"},
        {"apic:add 10", "bare number: a unit is required"},
        {"apic:add -5ms", "negative delay"},
        {"apic:add " + HUGE, "overflowing delay"},
        {"apic:add 10j", "jiffies are not accepted (the TSC has no tick)"},
        {"apic:add 10ms 20ms", "two delays"},
        {"apic:add 10ms --cpu 9", "CPU out of range"},
        {"apic:add 10ms --cpu -1", "CPU out of range"},
        {"apic:add 10ms --cpu abc", "malformed CPU"},
        {"apic:add 10ms --cpu 99999999999999999999", "overflowing CPU"},
        {"apic:add 10ms --cpu", "option without its value"},
        {"apic:add --cpu 1", "CPU but no delay"},
        {"apic:add 10ms --bogus", "unknown option"},
        {"apic:add 10ms --cpu 1 --cpu 1", "extra arguments"},
        {"apic:list all", "takes no arguments"},

        {"r4k:info all", "takes no arguments"},
    };

    /** The bundles whose commands the table must cover. */
    private static final String JIFFY = "io.jiffy.";

    @Inject
    BundleContext context;

    @Inject
    Machine machine;

    @Inject
    Timekeeper timekeeper;

    @Inject
    ClockEvents clockEvents;

    @Inject
    TimerWheel wheel;

    @Inject
    TimerHookChain chain;

    @Inject
    PosixClocks posix;

    @Inject
    CommandProcessor processor;

    @Configuration
    public Option[] config() {
        return new Option[] {JiffyRuntime.systemWithDrivers("virtual")};
    }

    @Test
    public void everyRegisteredCommandHasARowAndEveryRowARegisteredCommand() throws Exception {
        awaitCommands();
        Set<String> registered = registeredCommands();
        Set<String> inTable = tableCommands();
        Set<String> noRow = new TreeSet<>(registered);
        noRow.removeAll(inTable);
        assertEquals("commands without a bad-input row: add rows for them to BadInputIT", Set.of(), noRow);
        Set<String> notRegistered = new TreeSet<>(inTable);
        notRegistered.removeAll(registered);
        assertEquals("rows for commands the system does not register", Set.of(), notRegistered);
    }

    @Test
    public void everyBadInputGivesOneClearLineAndChangesNothing() throws Exception {
        awaitCommands();
        Map<String, String> ids = demoObjects();
        List<String> failures = new ArrayList<>();
        for (String[] row : ROWS) {
            String line = row[0];
            for (Map.Entry<String, String> id : ids.entrySet()) {
                line = line.replace(id.getKey(), id.getValue());
            }
            String command = line.split(" ", 2)[0];
            Map<String, Object> before = snapshot();
            JiffyRuntime.Output output;
            try {
                output = runBounded(line);
            } catch (ExecutionException e) {
                failures.add(line + " (" + row[1] + "): Gogo got an exception instead of one line: " + e.getCause());
                continue;
            }
            String problem = judge(command, output);
            if (problem != null) {
                failures.add(line + " (" + row[1] + "): " + problem + ": " + output);
            }
            List<String> changed = changes(before, snapshot());
            if (!changed.isEmpty()) {
                failures.add(line + " (" + row[1] + "): changed state: " + String.join("; ", changed));
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + ROWS.length + " bad inputs misbehaved:\n" + String.join("\n", failures));
        }
    }

    /** The snapshot sees what a command changes, so "nothing changed" above means something. */
    @Test
    public void theSnapshotSeesWhatAGoodCommandChanges() throws Exception {
        awaitCommands();
        Map<String, String> ids = demoObjects();
        for (String line : List.of("timer:mod " + ids.get(TIMER) + " 20s", "ptimer:set " + ids.get(PTIMER) + " 20s",
                "apic:add 1s", "posix:settime CLOCK_REALTIME 1700000000s", "clocksource:select MIPS",
                "clocksource:select auto", "machine:advance 1ms")) {
            Map<String, Object> before = snapshot();
            JiffyRuntime.Output output = JiffyRuntime.run(processor, line);
            assertEquals(line + ": " + output, "", output.err());
            assertNotEquals(line + " changes the snapshot", List.of(), changes(before, snapshot()));
        }
    }

    /**
     * Runs a command on its own thread with a failure bound, so a bad input that starts endless
     * work (a huge virtual-time advance) fails this test instead of hanging the suite.
     */
    private JiffyRuntime.Output runBounded(String line) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<JiffyRuntime.Output> result = executor.submit(() -> JiffyRuntime.run(processor, line));
            try {
                return result.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                result.cancel(true);
                throw new AssertionError(line + ": still running after 20 s; a bad input must be refused at once");
            }
        } finally {
            executor.shutdown();
        }
    }

    /** What is wrong with a bad input's output, or null: one line on stderr naming the command, nothing else. */
    private static String judge(String command, JiffyRuntime.Output output) {
        if (!output.out().isEmpty()) {
            return "printed on stdout";
        }
        List<String> lines = output.err().lines().collect(Collectors.toList());
        if (lines.size() != 1) {
            return lines.isEmpty() ? "no error line" : lines.size() + " lines on stderr";
        }
        String err = lines.get(0);
        if (err.isBlank()) {
            return "a blank error line";
        }
        if (!err.startsWith(command + ": ") || err.length() <= command.length() + 2) {
            return "the line does not start with '" + command + ": ' and a message";
        }
        if (err.contains("Exception") || err.contains("\tat ") || Pattern.compile("\\bjava\\.[a-z]").matcher(err).find()) {
            return "an exception or a Java class name shows";
        }
        return null;
    }

    /** Makes the objects the rows refer to: a demo wheel timer, an armed POSIX timer, a hook that does not grab. */
    private Map<String, String> demoObjects() throws Exception {
        Map<String, String> ids = new LinkedHashMap<>();
        // the clock off zero, so a duration of Long.MAX_VALUE ns runs it past its end
        machine.advance(1_000_000L);
        String timer = number(JiffyRuntime.run(processor, "timer:add 10s"), "timer (\\d+) on");
        // the console still knows its demo timer at the next command, so the rows reach their bad argument
        JiffyRuntime.Output mod = JiffyRuntime.run(processor, "timer:mod " + timer + " 10s");
        assertEquals("the console forgot the demo timer timer:add made a command earlier: " + mod, "", mod.err());
        ids.put(TIMER, timer);
        String ptimer = number(JiffyRuntime.run(processor, "ptimer:create CLOCK_MONOTONIC"), "timer (\\d+) on");
        JiffyRuntime.Output set = JiffyRuntime.run(processor, "ptimer:set " + ptimer + " 10s 1s");
        assertEquals(set.toString(), "", set.err());
        ids.put(PTIMER, ptimer);
        HookInfo hook = chain.hooks().stream().filter(h -> !h.grabbed()).findFirst()
                .orElseThrow(() -> new AssertionError("no hook in the chain: " + chain.hooks()));
        ids.put(HOOK, Long.toString(hook.id()));
        return ids;
    }

    private static String number(JiffyRuntime.Output output, String regex) {
        Matcher m = Pattern.compile(regex).matcher(output.out());
        assertTrue(output.toString(), output.err().isEmpty() && m.find());
        return m.group(1);
    }

    /**
     * The state no bad input may change. In virtual time nothing moves by itself, so the counters
     * of devices and lines, the clocks and the remaining times are all fixed between two commands;
     * only the hooks' timing counters are left out.
     */
    private Map<String, Object> snapshot() throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("machine.nanoTime", machine.nanoTime());
        s.put("machine.interrupts", machine.interrupts());
        s.put("clocksource.current", timekeeper.current());
        s.put("clocksource.available", timekeeper.available());
        s.put("clocksource.userSelected", timekeeper.userSelected());
        s.put("time.monotonic", timekeeper.monotonicNanos());
        s.put("time.realtime", timekeeper.realtimeNanos());
        List<Object> tickDevices = new ArrayList<>();
        for (int cpu = 0; cpu < machine.cpus(); cpu++) {
            tickDevices.add(clockEvents.tickDevice(cpu));
        }
        s.put("tick.devices", tickDevices);
        s.put("clockevent.devices", clockEvents.devices());
        s.put("jiffies", clockEvents.jiffies());
        s.put("wheel.pending", wheel.pending());
        s.put("wheel.stats", wheel.stats());
        s.put("hooks", chain.hooks().stream()
                .map(h -> List.of(h.id(), h.name(), h.priority(), h.runAlways(), h.grabbed(), h.errors(), h.lockups(),
                        String.valueOf(h.owner())))
                .collect(Collectors.toList()));
        s.put("posix.timers", posix.timers());
        s.put("posix.clocks", posix.clocks());
        for (ClockInfo c : posix.clocks()) {
            Object time;
            try {
                time = posix.clockGettime(c.id());
            } catch (PosixException e) {
                time = e.errno();
            }
            s.put("posix.clock " + c.name(), time);
        }
        // the drivers' own timer lists and registers, as their listings show them
        for (String listing : List.of("apic:list", "mmtimer:info", "r4k:info")) {
            s.put(listing, JiffyRuntime.run(processor, listing).toString());
        }
        return s;
    }

    /** The parts of the snapshot that differ, with both values. */
    private static List<String> changes(Map<String, Object> before, Map<String, Object> after) {
        List<String> changed = new ArrayList<>();
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changed.add(key + ": " + before.get(key) + " -> " + after.get(key));
            }
        }
        return changed;
    }

    /** Waits until every command scope of the table is registered (the drivers register theirs when they run). */
    private void awaitCommands() throws Exception {
        for (String scope : tableCommands().stream().map(c -> c.split(":")[0]).collect(Collectors.toCollection(TreeSet::new))) {
            JiffyRuntime.awaitService(context, "(osgi.command.scope=" + scope + ")");
        }
        JiffyRuntime.awaitService(context, "(objectClass=io.jiffy.driver.apic.ApicTimers)");
    }

    /** scope:function of every command registered by a Jiffy bundle. */
    private Set<String> registeredCommands() throws Exception {
        Set<String> commands = new TreeSet<>();
        ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(osgi.command.scope=*)");
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            if (ref.getBundle() == null || !ref.getBundle().getSymbolicName().startsWith(JIFFY)) {
                continue;
            }
            Object scope = ref.getProperty("osgi.command.scope");
            Object functions = ref.getProperty("osgi.command.function");
            for (String f : functions instanceof String[] ? (String[]) functions : new String[] {String.valueOf(functions)}) {
                commands.add(scope + ":" + f);
            }
        }
        return commands;
    }

    private static Set<String> tableCommands() {
        Set<String> commands = new TreeSet<>();
        for (String[] row : ROWS) {
            commands.add(row[0].split(" ", 2)[0]);
        }
        return commands;
    }
}
