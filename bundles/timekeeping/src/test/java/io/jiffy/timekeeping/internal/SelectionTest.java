package io.jiffy.timekeeping.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.clocksource.ClockSourceInfo;

/** Selection by rating as sources come and go; user selection and its errors; enable/disable. */
class SelectionTest {

    @RegisterExtension
    final VirtualBoard board = new VirtualBoard();

    private String current() {
        return board.tk.current().name();
    }

    @Test
    void withoutSourcesTheOscillatorKeepsTime() {
        assertEquals(TimekeeperCore.FALLBACK_NAME, current());
        assertEquals(List.of(), board.tk.available());
        board.machine.advance(1_000_000);
        assertEquals(board.machine.nanoTime(), board.tk.monotonicNanos());
    }

    @Test
    void selectionFollowsRatingsAsSourcesComeAndGo() {
        TestClockSource machine = TestClockSource.exact(board.machine, "machine", 100, 1_000_000_000L);
        TestClockSource hpet = new TestClockSource(board.machine, "hpet", 250, 14_318_180, 14_318_180, 32, 0);
        TestClockSource tsc = TestClockSource.exact(board.machine, "tsc", 300, 2_400_000_000L);

        board.tk.addSource(machine, "io.jiffy.machine");
        assertEquals("machine", current());
        board.tk.addSource(tsc, "io.jiffy.driver.apic");
        assertEquals("tsc", current());
        board.tk.addSource(hpet, "io.jiffy.driver.hpet");
        assertEquals("tsc", current(), "a lower rating does not take over");
        assertEquals(List.of("tsc", "hpet", "machine"),
                board.tk.available().stream().map(ClockSourceInfo::name).collect(Collectors.toList()));

        board.tk.removeSource(tsc);
        assertEquals("hpet", current());
        board.tk.removeSource(hpet);
        assertEquals("machine", current());
        board.tk.addSource(tsc, "io.jiffy.driver.apic");
        assertEquals("tsc", current());

        assertEquals(2, tsc.enables);
        assertEquals(1, tsc.disables);
        assertTrue(tsc.enabled());
        assertFalse(machine.enabled());
        assertFalse(hpet.enabled());
        assertFalse(board.tk.userSelected());
    }

    @Test
    void infoDescribesEachSource() {
        TestClockSource hpet = new TestClockSource(board.machine, "hpet", 250, 14_318_180, 14_318_180, 32, 0);
        board.tk.addSource(hpet, "io.jiffy.driver.hpet");
        ClockSourceInfo info = board.tk.current();
        assertEquals("hpet", info.name());
        assertEquals(250, info.rating());
        assertEquals(14_318_180, info.frequencyHz());
        assertEquals(32, info.bits());
        assertTrue(info.flags().contains(ClockSourceFlag.CONTINUOUS));
        assertTrue(info.current());
        assertFalse(info.unstable());
        assertEquals("io.jiffy.driver.hpet", info.owner());
    }

    @Test
    void aUserSelectionSticksUntilAuto() {
        TestClockSource machine = TestClockSource.exact(board.machine, "machine", 100, 1_000_000_000L);
        TestClockSource tsc = TestClockSource.exact(board.machine, "tsc", 300, 2_400_000_000L);
        TestClockSource better = TestClockSource.exact(board.machine, "better", 400, 1_000_000_000L);
        board.tk.addSource(machine, "m");
        board.tk.addSource(tsc, "t");

        board.tk.select("machine");
        assertEquals("machine", current());
        assertTrue(board.tk.userSelected());
        board.tk.addSource(better, "b");
        assertEquals("machine", current(), "a better source does not override the user");

        // the chosen source goes away: automatic meanwhile, the choice is kept for its return
        board.tk.removeSource(machine);
        assertEquals("better", current());
        assertFalse(board.tk.userSelected());
        board.tk.addSource(machine, "m");
        assertEquals("machine", current());
        assertTrue(board.tk.userSelected());

        board.tk.selectAutomatic();
        assertEquals("better", current());
        assertFalse(board.tk.userSelected());
        board.machine.advance(10_000_000);
        assertEquals(board.machine.nanoTime(), board.tk.monotonicNanos());
    }

    @Test
    void selectingAnUnknownNameIsAClearError() {
        board.tk.addSource(TestClockSource.exact(board.machine, "machine", 100, 1_000_000_000L), "m");
        board.tk.addSource(TestClockSource.exact(board.machine, "tsc", 300, 1_000_000_000L), "t");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> board.tk.select("nosuch"));
        assertEquals("no clocksource named 'nosuch'; available: machine, tsc", e.getMessage());
        assertEquals("tsc", current());
        assertFalse(board.tk.userSelected());
    }

    @Test
    void anUnstableSourceCannotBeSelected() {
        board.tk.addSource(TestClockSource.exact(board.machine, "machine", 100, 1_000_000_000L), "m");
        TestClockSource bad = new TestClockSource(board.machine, "bad", 300, 1_000_000_000L, 1_010_000_000L, 64, 0,
                ClockSourceFlag.MUST_VERIFY);
        board.tk.addSource(bad, "b");
        board.machine.advance(1_000_000_000L);
        assertEquals("machine", current());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> board.tk.select("bad"));
        assertTrue(e.getMessage().startsWith("clocksource 'bad' was marked unstable by the watchdog ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); stable ones: machine"), e.getMessage());
        ClockSourceInfo info = board.tk.available().stream().filter(i -> i.name().equals("bad")).findFirst().get();
        assertTrue(info.unstable());
        assertEquals(0, info.rating());
    }
}
