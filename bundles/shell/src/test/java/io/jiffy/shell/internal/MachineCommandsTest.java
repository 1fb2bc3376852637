package io.jiffy.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code machine:info} and {@code machine:advance} over a stub machine: output and errors. */
class MachineCommandsTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void infoInVirtualModeWithTick() {
        MachineCommands commands = new MachineCommands(new StubMachine(true, 2, 10_000_000L));
        commands.clockEvents = StubMachine.tick(250);
        commands.info();
        assertEquals(""
                + "mode    virtual\n"
                + "cpus    2\n"
                + "uptime  10 ms (10000000 ns)\n"
                + "HZ      250\n", console.out());
        assertEquals("", console.err());
    }

    @Test
    void infoInRealModeWithoutTick() {
        MachineCommands commands = new MachineCommands(new StubMachine(false, 8, 1_234_567_891L));
        commands.info();
        assertEquals(""
                + "mode    real\n"
                + "cpus    8\n"
                + "uptime  1.234567891 s (1234567891 ns)\n"
                + "HZ      - (no tick yet: the clockevents service is not running)\n", console.out());
        assertEquals("", console.err());
    }

    @Test
    void infoRefusesArguments() {
        MachineCommands commands = new MachineCommands(new StubMachine(true, 1, 0));
        commands.info("now");
        assertEquals("", console.out());
        assertEquals("machine:info: takes no arguments, got 1 argument; usage: machine:info\n", console.err());
    }

    @Test
    void advanceRunsVirtualTimeAndPrintsTheUptime() {
        StubMachine machine = new StubMachine(true, 2, 0);
        MachineCommands commands = new MachineCommands(machine);
        commands.advance("10ms");
        commands.advance(" 1.5 s ");
        assertEquals(List.of(10_000_000L, 1_500_000_000L), machine.advances);
        assertEquals("uptime  10 ms (10000000 ns)\nuptime  1.51 s (1510000000 ns)\n", console.out());
        assertEquals("", console.err());
    }

    @Test
    void advanceByJiffiesUsesTheTicksHz() {
        StubMachine machine = new StubMachine(true, 1, 0);
        MachineCommands commands = new MachineCommands(machine);
        commands.clockEvents = StubMachine.tick(250);
        commands.advance("3j");
        assertEquals(List.of(12_000_000L), machine.advances);
        assertEquals("uptime  12 ms (12000000 ns)\n", console.out());
    }

    @Test
    void advanceByJiffiesWithoutTickIsOneClearLine() {
        StubMachine machine = new StubMachine(true, 1, 0);
        new MachineCommands(machine).advance("3j");
        assertEquals(List.of(), machine.advances);
        assertEquals("", console.out());
        assertEquals("machine:advance: '3j': jiffies (j) need HZ, and there is no tick yet; "
                + "give one of ns, us, ms, s (e.g. 10ms)\n", console.err());
    }

    @Test
    void advanceInRealModeIsOneClearLine() {
        StubMachine machine = new StubMachine(false, 2, 5);
        new MachineCommands(machine).advance("10ms");
        assertEquals(List.of(), machine.advances);
        assertEquals("", console.out());
        assertEquals("machine:advance: the machine runs in real time; advance needs virtual mode "
                + "(start with -Djiffy.machine.mode=virtual)\n", console.err());
    }

    @Test
    void advanceWithoutUnitGivesTheBriefsMessage() {
        StubMachine machine = new StubMachine(true, 2, 0);
        new MachineCommands(machine).advance("10");
        assertEquals(List.of(), machine.advances);
        assertEquals("machine:advance: '10' has no unit; give one of ns, us, ms, s, j (jiffies) (e.g. 10ms)\n",
                console.err());
    }

    @Test
    void advanceChecksTheArgumentCount() {
        StubMachine machine = new StubMachine(true, 2, 0);
        MachineCommands commands = new MachineCommands(machine);
        commands.advance();
        commands.advance("1ms", "2ms");
        assertEquals(List.of(), machine.advances);
        assertEquals(""
                + "machine:advance: expects 1 argument, got no arguments; usage: machine:advance <duration> (e.g. 10ms)\n"
                + "machine:advance: expects 1 argument, got 2 arguments; usage: machine:advance <duration> (e.g. 10ms)\n",
                console.err());
    }

    @Test
    void advancePastTheEndOfTimeIsRefused() {
        StubMachine machine = new StubMachine(true, 2, Long.MAX_VALUE - 10);
        new MachineCommands(machine).advance("11ns");
        assertEquals(List.of(), machine.advances);
        assertTrue(console.err().startsWith("machine:advance: '11ns' would run the clock past its end"), console.err());
    }

    @Test
    void anExceptionFromTheMachineBecomesOneLine() {
        StubMachine machine = new StubMachine(true, 2, 0) {
            @Override
            public void advance(long nanos) {
                throw new IllegalStateException("advance called from an interrupt handler\n\tat somewhere");
            }
        };
        new MachineCommands(machine).advance("1ms");
        assertEquals("", console.out());
        assertEquals("machine:advance: failed: advance called from an interrupt handler\n", console.err());
    }
}
