package io.jiffy.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jiffy.machine.IrqInfo;

/** {@code irq:list} over a stub machine: the /proc/interrupts-like table. */
class IrqCommandsTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void oneRowPerNameAndOwnerWithACountPerCpu() {
        StubMachine machine = new StubMachine(true, 2, 0);
        machine.interrupts.add(new IrqInfo(0, "machine-tick", 0, 250, 4_000_000, "io.jiffy.machine"));
        machine.interrupts.add(new IrqInfo(1, "machine-tick", 1, 248, -1, "io.jiffy.machine"));
        machine.interrupts.add(new IrqInfo(2, "lapic", 1, 12, -1, "io.jiffy.driver.apic"));
        machine.interrupts.add(new IrqInfo(3, "lapic", 0, 3, -1, "io.jiffy.driver.apic"));
        new IrqCommands(machine).list();
        assertEquals(""
                + "NAME          CPU0  CPU1  OWNER\n"
                + "machine-tick   250   248  io.jiffy.machine\n"
                + "lapic            3    12  io.jiffy.driver.apic\n"
                + "total          253   260\n", console.out());
        assertEquals("", console.err());
    }

    @Test
    void sameNameDifferentOwnersAreSeparateRows() {
        StubMachine machine = new StubMachine(true, 1, 0);
        machine.interrupts.add(new IrqInfo(0, "timer", 0, 1, -1, "a"));
        machine.interrupts.add(new IrqInfo(1, "timer", 0, 2, -1, "b"));
        new IrqCommands(machine).list();
        assertEquals(""
                + "NAME   CPU0  OWNER\n"
                + "timer     1  a\n"
                + "timer     2  b\n"
                + "total     3\n", console.out());
    }

    @Test
    void noLines() {
        new IrqCommands(new StubMachine(true, 4, 0)).list();
        assertEquals("no interrupt lines allocated\n", console.out());
        assertEquals("", console.err());
    }

    @Test
    void refusesArguments() {
        new IrqCommands(new StubMachine(true, 4, 0)).list("all", "now");
        assertEquals("", console.out());
        assertEquals("irq:list: takes no arguments, got 2 arguments; usage: irq:list\n", console.err());
    }
}
