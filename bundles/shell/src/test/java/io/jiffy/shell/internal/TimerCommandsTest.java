package io.jiffy.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jiffy.timer.TimerLockup;

/** The {@code timer:} commands over a stub wheel: output, demo timers, and one-line errors. */
class TimerCommandsTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private final StubTimerWheel wheel = new StubTimerWheel(250, 1000);

    private TimerCommands commands() {
        TimerCommands c = new TimerCommands();
        c.setWheel(wheel);
        return c;
    }

    @Test
    void addListFireAndStats() {
        TimerCommands c = commands();
        c.add("100ms");
        assertEquals("timer 1 on cpu0 expires at jiffies 1025 (in 25 j)\n", console.out());
        console.reset();
        c.list();
        assertEquals(""
                + "ID  CPU   EXPIRES  REMAINING      OWNER\n"
                + " 1  cpu0     1025  25 j (100 ms)  io.jiffy.shell\n", console.out());
        console.reset();
        wheel.advance(50);
        c.list();
        assertEquals("no pending timers (jiffies 1050)\n", console.out());
        console.reset();
        c.stats();
        assertEquals(""
                + "CPU   ADDS  MODS  DELS  EXPIRED  CASCADES  ERRORS  LOCKUPS  PENDING\n"
                + "cpu0     3     1     1        1         2       0        0        0\n"
                + "soft lockups: detection off\n", console.out());
        assertEquals("", console.err());
    }

    @Test
    void statsShowSoftLockupsAndTheLastOffender() {
        TimerCommands c = commands();
        wheel.softLockupThreshold = 1_000_000_000L;
        c.stats();
        assertEquals(""
                + "CPU   ADDS  MODS  DELS  EXPIRED  CASCADES  ERRORS  LOCKUPS  PENDING\n"
                + "cpu0     3     1     1        0         2       0        0        0\n"
                + "soft lockups (threshold 1 s): none\n", console.out());
        console.reset();
        wheel.lockups = 2;
        wheel.lastLockup = new TimerLockup(0, 7, "com.example.Slow@1b", "com.example.slow", 1_500_000_000L, true);
        c.stats();
        assertEquals(""
                + "CPU   ADDS  MODS  DELS  EXPIRED  CASCADES  ERRORS  LOCKUPS  PENDING\n"
                + "cpu0     3     1     1        0         2       0        2        0\n"
                + "soft lockups (threshold 1 s): last on cpu0, stuck for 1.5 s in timer 7 of com.example.slow (still running); "
                + "function com.example.Slow@1b\n", console.out());
        console.reset();
        wheel.lastLockup = new TimerLockup(0, 7, "com.example.Slow@1b", "com.example.slow", 2_000_000_000L, false);
        c.stats();
        assertEquals("soft lockups (threshold 1 s): last on cpu0, stuck for 2 s in timer 7 of com.example.slow (ended); "
                + "function com.example.Slow@1b", console.out().split("\n")[2]);
        assertEquals("", console.err());
    }

    @Test
    void periodicTimerReArmsAndModDelWork() {
        TimerCommands c = commands();
        c.add("--period", "10j", "4ms");
        assertEquals("timer 1 on cpu0 expires at jiffies 1001 (in 1 j), period 10 j\n", console.out());
        wheel.advance(21);
        assertEquals(1031, wheel.timers.get(0).expires);
        console.reset();
        c.mod("1", "2s");
        assertEquals("timer 1 expires at jiffies 1521 (in 500 j); it was pending\n", console.out());
        console.reset();
        c.del("1");
        assertEquals("timer 1 deleted after 3 firing(s); it was pending\n", console.out());
        assertEquals("", console.err());
    }

    @Test
    void delaysBeyondTheWheelAreRefusedNotCappedOrOverflowed() {
        TimerCommands c = commands();
        c.add("9223372036854775807j");
        c.add("4294967296j");
        c.add("1s", "--period", "4294967296j");
        c.add("17179869.184s");
        assertEquals("", console.out());
        assertEquals(List.of(), wheel.timers, "nothing armed");
        String reach = "is longer than the timer wheel holds; the longest is 4294967295 j (17179869.18 s at HZ 250)";
        assertEquals(List.of("timer:add: '9223372036854775807j' " + reach, "timer:add: '4294967296j' " + reach,
                "timer:add: '4294967296j' " + reach, "timer:add: '17179869.184s' " + reach),
                console.err().lines().collect(Collectors.toList()));
        console.reset();
        c.add("4294967295j");
        assertEquals("timer 1 on cpu0 expires at jiffies 4294968295 (in 4294967295 j)\n", console.out());
        console.reset();
        c.mod("1", "9223372036854775807j");
        assertEquals("", console.out());
        assertEquals("timer:mod: '9223372036854775807j' " + reach + "\n", console.err());
        assertEquals(4294968295L, wheel.timers.get(0).expires, "unchanged");
    }

    @Test
    void badInputGetsOneLine() {
        TimerCommands c = commands();
        c.add();
        c.add("100");
        c.add("1s", "--period");
        c.add("1s", "--every", "2s");
        c.add("1s", "--period", "0j");
        c.mod("x", "1s");
        c.mod("7", "1s");
        c.del("7");
        c.list("x");
        new TimerCommands().stats();
        assertEquals("", console.out());
        String[] lines = console.err().split("\n");
        assertEquals(10, lines.length, console.err());
        assertEquals("timer:add: expects 1 to 3 arguments, got no arguments; usage: timer:add <delay> [--period <p>] (e.g. 100ms --period 1s)", lines[0]);
        assertEquals(true, lines[1].startsWith("timer:add: "), lines[1]);
        assertEquals("timer:add: --period needs a duration; usage: timer:add <delay> [--period <p>] (e.g. 100ms --period 1s)", lines[2]);
        assertEquals("timer:add: unknown option '--every'; the only option is --period <p>", lines[3]);
        assertEquals("timer:add: the period must be at least one jiffy, got '0j'", lines[4]);
        assertEquals("timer:mod: 'x' is not a timer id; give the number timer:add printed", lines[5]);
        assertEquals("timer:mod: no demo timer 7: only timers made by timer:add can be changed here (timer:list shows all)", lines[6]);
        assertEquals("timer:del: no demo timer 7: only timers made by timer:add can be changed here (timer:list shows all)", lines[7]);
        assertEquals("timer:list: takes no arguments, got 1 argument; usage: timer:list", lines[8]);
        assertEquals("timer:stats: no timer wheel: the timer-wheel service is not running", lines[9]);
    }
}
