package io.jiffy.driver.apic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The apic: commands over the real timer list on a virtual board: output, and one line for bad input. */
class ApicCommandsTest {

    private static final long MS = 1_000_000L;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;
    private X86Board board;
    private ApicTimersService service;
    private ApicCommands commands;

    @BeforeEach
    void setUp() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        board = new X86Board(2, Map.of());
        service = new ApicTimersService(board.devices.timers(), "io.jiffy.driver.apic");
        commands = new ApicCommands(service);
    }

    @AfterEach
    void tearDown() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        board.close();
    }

    private String out() {
        String s = out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        out.reset();
        return s;
    }

    private String err() {
        String s = err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        err.reset();
        return s;
    }

    @Test
    void addArmsADemoTimerThatListShowsPendingThenFired() {
        commands.add("10ms");
        assertEquals("APIC timer 1 on cpu0: deadline TSC 24000000 (in 10 ms (10000000 ns))\n", out());
        commands.add("250us", "--cpu", "1");
        assertEquals("APIC timer 2 on cpu1: deadline TSC 600000 (in 250 us (250000 ns))\n", out());
        commands.list();
        String listing = out();
        assertTrue(listing.startsWith("TSC 0 at 2400000000 Hz\n"), listing);
        assertTrue(listing.contains("ID  CPU   DEADLINE (TSC)  REMAINING  OWNER\n"), listing);
        assertTrue(listing.contains(" 2  cpu1          600000  250 us     io.jiffy.driver.apic\n"), listing);
        assertTrue(listing.contains(" 1  cpu0        24000000  10 ms      io.jiffy.driver.apic\n"), listing);
        assertTrue(listing.indexOf(" 1  cpu0") < listing.indexOf(" 2  cpu1"), "by CPU, then deadline");
        assertTrue(listing.contains("CORRECTION"), listing);

        board.machine.advance(10 * MS);
        commands.list();
        listing = out();
        assertTrue(listing.contains("no pending APIC timers\n"), listing);
        assertTrue(listing.contains("last demo timers fired (apic:add), newest first:\n"), listing);
        assertTrue(listing.contains(" 1  cpu0        24000000   0 ns\n"), listing);
        assertTrue(listing.contains(" 2  cpu1          600000   0 ns\n"), listing);
        assertEquals("", err());
    }

    @Test
    void badInputGetsOneLineSayingWhatIsAccepted() {
        String[][] bad = {
            {},
            {"10"},
            {"soon"},
            {"10ms", "--cpu", "2"},
            {"10ms", "--cpu", "x"},
            {"10ms", "--cpu"},
            {"10ms", "--period", "1ms"},
            {"10ms", "20ms"},
            {"-5ms"},
        };
        for (String[] args : bad) {
            commands.add(args);
            String e = err();
            assertEquals(1, e.lines().count(), "one line for " + String.join(" ", args) + ": " + e);
            assertTrue(e.startsWith("apic:add: "), e);
        }
        assertEquals("", out());
        commands.add("10ms", "--cpu", "2");
        assertEquals("apic:add: '2' is not a CPU; CPUs are 0..1\n", err());
        commands.add("10");
        assertTrue(err().contains("has no unit"));
        commands.list("x");
        assertEquals("apic:list: takes no arguments, got 1 argument; usage: apic:list\n", err());
        assertTrue(board.devices.timers().pending().isEmpty(), "nothing was armed");
    }

    @Test
    void afterTheDriverStoppedAddIsOneLineToo() {
        board.devices.close();
        commands.add("10ms");
        String e = err();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("apic:add: failed: the APIC timer list has stopped"), e);
    }
}
