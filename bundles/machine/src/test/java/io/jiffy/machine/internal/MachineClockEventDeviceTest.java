package io.jiffy.machine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jiffy.clockevent.ClockEventFeature;
import io.jiffy.clockevent.ClockEventState;
import io.jiffy.machine.IrqInfo;

/** The fallback clock-event device in virtual time: periodic and oneshot modes, state changes. */
class MachineClockEventDeviceTest {

    private MachineCore machine;
    private MachineClockEventDevice device;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void start() {
        machine = new MachineCore(true, 2, 0);
        machine.start();
        device = new MachineClockEventDevice(machine, 1);
        device.setEventHandler(d -> events.add(machine.nanoTime() + " cpu" + machine.currentCpu()));
    }

    @AfterEach
    void stop() {
        machine.shutdown();
    }

    @Test
    void describesItself() {
        assertEquals("machine", device.name());
        assertEquals(50, device.rating());
        assertEquals(1, device.cpu());
        assertEquals(1_000_000_000L, device.frequencyHz());
        assertEquals(EnumSet.of(ClockEventFeature.PERIODIC, ClockEventFeature.ONESHOT, ClockEventFeature.PERCPU),
                device.features());
        assertTrue(device.minDeltaCycles() > 0 && device.maxDeltaCycles() > device.minDeltaCycles());
        IrqInfo irq = machine.interrupts().get(0);
        assertEquals("machine-timer", irq.name());
        assertEquals(1, irq.cpu());
    }

    @Test
    void periodicFiresExactlyOncePerPeriodWithoutDrift() {
        machine.advance(7);
        long period = 4_000_000; // 250 Hz
        device.setStatePeriodic(period);

        machine.advance(100 * period);

        assertEquals(100, events.size());
        for (int k = 1; k <= 100; k++) {
            assertEquals((7 + k * period) + " cpu1", events.get(k - 1));
        }
        assertEquals(ClockEventState.PERIODIC, device.state());
    }

    @Test
    void shutdownStopsPeriodicMode() {
        device.setStatePeriodic(1_000);
        machine.advance(3_000);
        device.setState(ClockEventState.SHUTDOWN);
        machine.advance(10_000);
        assertEquals(3, events.size());
        assertEquals(-1, device.line().armedAt());
    }

    @Test
    void aHandlerSwitchingToOneshotStopsThePeriod() {
        device.setEventHandler(d -> {
            events.add(String.valueOf(machine.nanoTime()));
            d.setState(ClockEventState.ONESHOT);
        });
        device.setStatePeriodic(1_000);
        machine.advance(10_000);
        assertEquals(List.of("1000"), events);
    }

    @Test
    void oneshotFiresOnceAtNowPlusDelta() {
        device.setState(ClockEventState.ONESHOT);
        machine.advance(500);
        assertTrue(device.setNextEvent(2_000));

        machine.advance(10_000);

        assertEquals(List.of("2500 cpu1"), events);
        assertEquals(1, device.line().count());
    }

    @Test
    void reprogrammingReplacesTheNextEvent() {
        device.setState(ClockEventState.ONESHOT);
        assertTrue(device.setNextEvent(5_000));
        assertTrue(device.setNextEvent(3_000));
        machine.advance(10_000);
        assertEquals(List.of("3000 cpu1"), events);
    }

    @Test
    void aPassedEventIsReportedNotArmed() {
        device.setState(ClockEventState.ONESHOT);
        assertFalse(device.setNextEvent(0));
        assertFalse(device.setNextEvent(-5));
        machine.advance(10_000);
        assertTrue(events.isEmpty());
    }

    @Test
    void oneshotStoppedCancelsTheProgrammedEvent() {
        device.setState(ClockEventState.ONESHOT);
        device.setNextEvent(2_000);
        device.setState(ClockEventState.ONESHOT_STOPPED);
        machine.advance(10_000);
        assertTrue(events.isEmpty());
    }

    @Test
    void withoutAHandlerTheInterruptIsOnlyCounted() {
        device.setEventHandler(null);
        device.setState(ClockEventState.ONESHOT);
        device.setNextEvent(1_000);
        machine.advance(2_000);
        assertEquals(1, device.line().count());
        assertEquals(0, machine.handlerErrors());
    }

    @Test
    void invalidStatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> device.setState(ClockEventState.PERIODIC));
        assertThrows(IllegalArgumentException.class, () -> device.setState(ClockEventState.DETACHED));
        assertThrows(IllegalArgumentException.class, () -> device.setStatePeriodic(0));
    }

    @Test
    void releaseFreesTheLine() {
        device.setStatePeriodic(1_000);
        device.release();
        machine.advance(10_000);
        assertTrue(events.isEmpty());
        assertTrue(machine.interrupts().isEmpty());
    }
}
