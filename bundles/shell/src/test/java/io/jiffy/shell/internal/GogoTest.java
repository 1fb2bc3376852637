package io.jiffy.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commands as Gogo sees them, without a framework: Gogo's own parser, argument coercion
 * and per-session output redirection, so missing or extra arguments reach our checks rather
 * than Gogo's coercion errors. (The DS wiring is tested in the framework by itests.)
 */
class GogoTest {

    private ThreadIOImpl threadIO;
    private CommandProcessorImpl processor;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private CommandSession session;
    private StubMachine machine;

    @BeforeEach
    void startGogo() {
        threadIO = new ThreadIOImpl();
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        machine = new StubMachine(true, 2, 0);
        MachineCommands machineCommands = new MachineCommands(machine);
        machineCommands.clockEvents = StubMachine.tick(100);
        processor.addCommand("machine", machineCommands, "info");
        processor.addCommand("machine", machineCommands, "advance");
        processor.addCommand("irq", new IrqCommands(machine), "list");
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err);
    }

    @AfterEach
    void stopGogo() {
        session.close();
        processor.stop();
        threadIO.stop();
    }

    private Object run(String line) throws Exception {
        out.reset();
        err.reset();
        return session.execute(line);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void infoPrintsAndReturnsNothing() throws Exception {
        assertNull(run("machine:info"));
        assertEquals("mode    virtual\ncpus    2\nuptime  0 ns\nHZ      100\n", out());
        assertEquals("", err());
        run("info");
        assertTrue(out().startsWith("mode    virtual\n"), out());
    }

    @Test
    void advanceThroughGogo() throws Exception {
        run("machine:advance 10ms");
        assertEquals("uptime  10 ms (10000000 ns)\n", out());
        run("machine:advance 2j");
        assertEquals("uptime  30 ms (30000000 ns)\n", out());
        run("machine:advance '1.5 s'");
        assertEquals("uptime  1.53 s (1530000000 ns)\n", out());
        assertEquals(List.of(10_000_000L, 20_000_000L, 1_500_000_000L), machine.advances);
    }

    @Test
    void badArgumentsGetOurMessagesNotGogos() throws Exception {
        run("machine:advance 10");
        assertEquals("machine:advance: '10' has no unit; give one of ns, us, ms, s, j (jiffies) (e.g. 10ms)\n", err());
        run("machine:advance");
        assertTrue(err().startsWith("machine:advance: expects 1 argument, got no arguments"), err());
        run("machine:advance 1ms 2ms");
        assertTrue(err().startsWith("machine:advance: expects 1 argument, got 2 arguments"), err());
        run("machine:info extra");
        assertEquals("machine:info: takes no arguments, got 1 argument; usage: machine:info\n", err());
        run("irq:list 5");
        assertEquals("irq:list: takes no arguments, got 1 argument; usage: irq:list\n", err());
        assertEquals(List.of(), machine.advances);
        assertEquals("", out());
    }

    @Test
    void irqListThroughGogo() throws Exception {
        machine.interrupts.add(new io.jiffy.machine.IrqInfo(0, "tick", 1, 7, -1, "io.jiffy.machine"));
        run("irq:list");
        assertEquals("NAME   CPU0  CPU1  OWNER\ntick      0     7  io.jiffy.machine\ntotal     0     7\n", out());
    }

    /** Gogo's help shows @Descriptor texts: every public command method and parameter has one. */
    @Test
    void everyCommandAndParameterIsDescribed() {
        for (Class<?> type : List.of(MachineCommands.class, IrqCommands.class)) {
            int commands = 0;
            for (Method m : type.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers())) {
                    continue;
                }
                commands++;
                assertEquals(void.class, m.getReturnType(), m + " prints, it returns nothing");
                assertNotNull(m.getAnnotation(Descriptor.class), m + " has no @Descriptor");
                for (Parameter p : m.getParameters()) {
                    assertNotNull(p.getAnnotation(Descriptor.class), m + " parameter " + p + " has no @Descriptor");
                }
            }
            assertTrue(commands > 0, type + " has no commands");
        }
    }
}
