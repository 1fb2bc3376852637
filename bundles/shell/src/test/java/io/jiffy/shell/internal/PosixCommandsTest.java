package io.jiffy.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jiffy.posix.ClockId;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.SigEvent;

/** The {@code posix:} and {@code ptimer:} commands over a stub PosixClocks: output and one-line errors. */
class PosixCommandsTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private final StubPosixClocks stub = new StubPosixClocks();

    private PosixCommands posix() {
        PosixCommands c = new PosixCommands();
        c.clocks = stub;
        return c;
    }

    private PtimerCommands ptimer() {
        PtimerCommands c = new PtimerCommands();
        c.clocks = stub;
        return c;
    }

    @Test
    void clocksListsTheBuiltInClocksWithResolutions() {
        posix().clocks();
        assertEquals(""
                + "ID  NAME                    RESOLUTION  SETTABLE  TIMERS  OWNER\n"
                + " 0  CLOCK_REALTIME                1 ns  yes       yes     io.jiffy.posix.timers\n"
                + " 1  CLOCK_MONOTONIC               1 ns  no        yes     io.jiffy.posix.timers\n"
                + " 4  CLOCK_MONOTONIC_RAW           1 ns  no        no      io.jiffy.posix.timers\n"
                + " 5  CLOCK_REALTIME_COARSE         4 ms  no        no      io.jiffy.posix.timers\n"
                + " 6  CLOCK_MONOTONIC_COARSE        4 ms  no        no      io.jiffy.posix.timers\n"
                + " 7  CLOCK_BOOTTIME                1 ns  no        yes     io.jiffy.posix.timers\n", console.out());
        assertEquals("", console.err());
    }

    @Test
    void getSetAndRes() {
        PosixCommands c = posix();
        c.gettime("monotonic");
        c.gettime("1");
        c.gettime("clock_realtime");
        c.settime("CLOCK_REALTIME", "1s");
        c.getres("CLOCK_MONOTONIC_COARSE");
        assertEquals(""
                + "CLOCK_MONOTONIC 1.5 s (1500000000 ns)\n"
                + "CLOCK_MONOTONIC 1.5 s (1500000000 ns)\n"
                + "CLOCK_REALTIME 1700000000 s (1700000000000000000 ns) = 2023-11-14T22:13:20Z\n"
                + "CLOCK_REALTIME set to 1 s (1000000000 ns) = 1970-01-01T00:00:01Z\n"
                + "CLOCK_MONOTONIC_COARSE resolution 4 ms (4000000 ns)\n", console.out());
        assertEquals(1_000_000_000L, stub.realtime);
        assertEquals("", console.err());
    }

    @Test
    void settimeOnMonotonicIsOneEinvalLine() {
        posix().settime("CLOCK_MONOTONIC", "1s");
        assertEquals("", console.out());
        assertEquals("posix:settime: EINVAL: CLOCK_MONOTONIC cannot be set\n", console.err());
    }

    @Test
    void posixBadInputGetsOneLine() {
        PosixCommands c = posix();
        c.gettime("CLOCK_NOPE");
        c.gettime();
        c.settime("CLOCK_REALTIME", "5");
        c.getres("3");
        c.clocks("x");
        new PosixCommands().gettime("1");
        assertEquals("", console.out());
        String[] lines = console.err().split("\n");
        assertEquals(6, lines.length, console.err());
        assertEquals("posix:gettime: unknown clock 'CLOCK_NOPE': give a name such as CLOCK_MONOTONIC or a number"
                + " (e.g. CLOCK_MONOTONIC, monotonic or 1)", lines[0]);
        assertEquals("posix:gettime: expects 1 argument, got no arguments; usage: posix:gettime <clock> (e.g. CLOCK_MONOTONIC)", lines[1]);
        assertEquals(true, lines[2].startsWith("posix:settime: bad time: "), lines[2]);
        assertEquals("posix:getres: EINVAL: no clock 3", lines[3]);
        assertEquals("posix:clocks: takes no arguments, got 1 argument; usage: posix:clocks", lines[4]);
        assertEquals("posix:gettime: no POSIX clocks: the posix-timers service is not running", lines[5]);
    }

    @Test
    void createSetGetListDelete() {
        PtimerCommands c = ptimer();
        c.create("CLOCK_MONOTONIC");
        assertEquals("timer 1 on CLOCK_MONOTONIC\n", console.out());
        assertEquals(SigEvent.Kind.NONE, stub.timers.get(1).notification.kind());
        console.reset();
        c.set("1", "10ms", "10ms");
        assertEquals("timer 1 set: value 10 ms, interval 10 ms; old setting: disarmed\n", console.out());
        assertEquals(0, stub.timers.get(1).flags);
        console.reset();
        c.set("--abs", "1", "2s");
        assertEquals("timer 1 set: value 2 s, interval none (one-shot) (absolute); old setting: value 10 ms, interval 10 ms\n",
                console.out());
        assertEquals(PosixClocks.TIMER_ABSTIME, stub.timers.get(1).flags);
        console.reset();
        c.set("1", "10ms", "10ms");
        stub.timers.get(1).expirations = 100;
        stub.timers.get(1).lastOverrun = 2;
        console.reset();
        c.get("1");
        assertEquals("timer 1: remaining 10 ms (10000000 ns), interval 10 ms (10000000 ns)\n", console.out());
        console.reset();
        c.create("realtime");
        console.reset();
        c.list();
        assertEquals(""
                + "ID  CLOCK            OWNER           ARMED  REMAINING  INTERVAL  EXPIRATIONS  LAST OVERRUN\n"
                + " 1  CLOCK_MONOTONIC  io.jiffy.shell  yes    10 ms      10 ms             100             2\n"
                + " 2  CLOCK_REALTIME   io.jiffy.shell  no     -          -                   0             0\n", console.out());
        console.reset();
        c.get("2");
        assertEquals("timer 2: remaining 0 ns (disarmed), interval none\n", console.out());
        console.reset();
        c.set("1", "0s");
        assertEquals("timer 1 disarmed; old setting: value 10 ms, interval 10 ms\n", console.out());
        console.reset();
        c.delete("1");
        c.delete("2");
        c.list();
        assertEquals("timer 1 deleted\ntimer 2 deleted\nno POSIX timers\n", console.out());
        assertEquals("", console.err());
    }

    @Test
    void ptimerBadInputGetsOneLine() {
        PtimerCommands c = ptimer();
        c.create("CLOCK_WHATEVER");
        c.create("9");
        c.set("x", "1s");
        c.set("1", "1s");
        c.set("1", "10");
        c.set("1", "1s", "--every");
        c.set("1", "--abs", "--abs", "1s");
        c.set("1", "-1s");
        c.get("-3");
        c.delete("42");
        c.set("1");
        new PtimerCommands().list();
        assertEquals("", console.out());
        String[] lines = console.err().split("\n");
        assertEquals(12, lines.length, console.err());
        assertEquals(true, lines[0].startsWith("ptimer:create: unknown clock 'CLOCK_WHATEVER'"), lines[0]);
        assertEquals("ptimer:create: EINVAL: no clock 9", lines[1]);
        assertEquals("ptimer:set: invalid timer id 'x': expected a number printed by ptimer:create or shown by ptimer:list", lines[2]);
        assertEquals("ptimer:set: EINVAL: no timer 1", lines[3]);
        assertEquals(true, lines[4].startsWith("ptimer:set: bad value: "), lines[4]);
        assertEquals("ptimer:set: unknown option '--every'; the only option is --abs", lines[5]);
        assertEquals("ptimer:set: --abs given twice; usage: ptimer:set <id> <value> [<interval>] [--abs] (e.g. 3 10ms 10ms)", lines[6]);
        assertEquals(true, lines[7].startsWith("ptimer:set: "), lines[7]);
        assertEquals("ptimer:get: invalid timer id '-3': expected a number printed by ptimer:create or shown by ptimer:list", lines[8]);
        assertEquals("ptimer:delete: EINVAL: no timer 42", lines[9]);
        assertEquals("ptimer:set: expects 2 to 4 arguments, got 1 argument; usage: ptimer:set <id> <value> [<interval>] [--abs] (e.g. 3 10ms 10ms)", lines[10]);
        assertEquals("ptimer:list: no POSIX clocks: the posix-timers service is not running", lines[11]);
    }

    @Test
    void everyCommandAndParameterIsDescribed() {
        for (Class<?> type : List.of(PosixCommands.class, PtimerCommands.class)) {
            for (Method m : type.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                assertEquals(void.class, m.getReturnType(), m + " prints, it returns nothing");
                assertNotNull(m.getAnnotation(Descriptor.class), m + " has no @Descriptor");
                for (Parameter p : m.getParameters()) {
                    assertNotNull(p.getAnnotation(Descriptor.class), m + " parameter " + p + " has no @Descriptor");
                }
            }
        }
        assertEquals(ClockId.CLOCK_MONOTONIC, ClockId.parse("Monotonic"));
    }
}
