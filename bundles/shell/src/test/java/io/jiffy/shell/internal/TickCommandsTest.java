package io.jiffy.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jiffy.clockevent.ClockEventFeature;
import io.jiffy.clockevent.ClockEventInfo;
import io.jiffy.clockevent.ClockEventState;
import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clockevent.TickMode;

/** {@code tick:info} and {@code clockevent:list} over a stub tick: output and errors. */
class TickCommandsTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private static final ClockEventInfo LAPIC0 = new ClockEventInfo("lapic", 0, 100,
            EnumSet.of(ClockEventFeature.ONESHOT, ClockEventFeature.PERIODIC, ClockEventFeature.PERCPU),
            ClockEventState.ONESHOT, 100_000_000L, 1, 0xffffffffL, 250, 0, "io.jiffy.driver.apic");
    private static final ClockEventInfo MACHINE0 = new ClockEventInfo("machine", 0, 50,
            EnumSet.of(ClockEventFeature.ONESHOT), ClockEventState.SHUTDOWN, 1_000_000_000L, 1000, 4611686018427387903L,
            3, -1, "io.jiffy.machine");

    private static ClockEvents tick() {
        return new ClockEvents() {
            @Override
            public int hz() {
                return 250;
            }

            @Override
            public long jiffies() {
                return 1234;
            }

            @Override
            public TickMode mode() {
                return TickMode.TICKLESS;
            }

            @Override
            public int timekeepingCpu() {
                return 0;
            }

            @Override
            public ClockEventInfo tickDevice(int cpu) {
                return cpu == 0 ? LAPIC0 : null;
            }

            @Override
            public List<ClockEventInfo> devices() {
                return List.of(LAPIC0, MACHINE0);
            }
        };
    }

    @Test
    void tickInfoShowsHzJiffiesModeAndTheDevicePerCpu() {
        TickCommands commands = new TickCommands(new StubMachine(true, 2, 0));
        commands.clockEvents = tick();
        commands.info();
        assertEquals(""
                + "HZ              250\n"
                + "jiffies         1234\n"
                + "mode            tickless\n"
                + "timekeeping CPU cpu0\n"
                + "CPU   TICK DEVICE  RATING  STATE    EVENTS  OWNER\n"
                + "cpu0  lapic           100  oneshot     250  io.jiffy.driver.apic\n"
                + "cpu1  -\n", console.out());
        assertEquals("", console.err());
    }

    @Test
    void withoutTheTickBothCommandsSayOneClearLine() {
        new TickCommands(new StubMachine(true, 1, 0)).info();
        new ClockEventCommands().list();
        assertEquals("", console.out());
        assertEquals("tick:info: no tick: the clockevents service is not running\n"
                + "clockevent:list: no tick: the clockevents service is not running\n", console.err());
    }

    @Test
    void argumentsAreRefused() {
        new TickCommands(new StubMachine(true, 1, 0)).info("x");
        new ClockEventCommands().list("x", "y");
        assertEquals("tick:info: takes no arguments, got 1 argument; usage: tick:info\n"
                + "clockevent:list: takes no arguments, got 2 arguments; usage: clockevent:list\n", console.err());
    }

    @Test
    void clockeventListShowsEveryDevice() {
        ClockEventCommands commands = new ClockEventCommands();
        commands.clockEvents = tick();
        commands.list();
        assertEquals(""
                + "NAME     CPU  RATING  FEATURES                 STATE        FREQ  MIN DELTA            MAX DELTA  EVENTS  TICK OF  OWNER\n"
                + "lapic      0     100  periodic,oneshot,percpu  oneshot   100 MHz          1           4294967295     250     cpu0  io.jiffy.driver.apic\n"
                + "machine    0      50  oneshot                  shutdown    1 GHz       1000  4611686018427387903       3        -  io.jiffy.machine\n",
                console.out());
        assertEquals("", console.err());
    }
}
