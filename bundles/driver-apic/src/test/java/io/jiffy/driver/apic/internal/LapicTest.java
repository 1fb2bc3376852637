package io.jiffy.driver.apic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jiffy.clockevent.ClockEventFeature;
import io.jiffy.clockevent.ClockEventState;

/**
 * The lapic clock-event device: the kernel's lapic_clockevent constants, the 32-bit
 * initial-count register on the divided bus clock, periodic and oneshot interrupts on the
 * device's CPU at the right time, the simulated IRQ latency and the lost-interrupt fault.
 */
class LapicTest {

    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;

    private X86Board board;

    @AfterEach
    void close() {
        if (board != null) {
            board.close();
        }
    }

    private Lapic lapic(int cpus, int cpu, Map<String, ?> config) {
        board = new X86Board(cpus, config);
        return board.devices.lapics().get(cpu);
    }

    /** Records (cpu, time) of every event the device delivers. */
    private List<long[]> record(Lapic lapic) {
        List<long[]> events = new ArrayList<>();
        lapic.setEventHandler(d -> events.add(new long[] {board.machine.currentCpu(), board.machine.nanoTime()}));
        return events;
    }

    @Test
    void isTheKernelsLapicClockevent() {
        Lapic lapic = lapic(2, 1, Map.of());
        assertEquals("lapic", lapic.name());
        assertEquals(100, lapic.rating());
        assertEquals(1, lapic.cpu());
        assertEquals(EnumSet.of(ClockEventFeature.PERIODIC, ClockEventFeature.ONESHOT, ClockEventFeature.C3STOP,
                ClockEventFeature.PERCPU), lapic.features());
        assertEquals(6_250_000L, lapic.frequencyHz(), "100 MHz bus / divisor 16");
        assertEquals(0xF, lapic.minDeltaCycles());
        assertEquals(0x7FFFFFFF, lapic.maxDeltaCycles());
        assertEquals(0, board.irqCount("lapic-timer", 0), "its own line on every CPU");
        assertEquals(0, board.irqCount("lapic-timer", 1));
    }

    @Test
    void theBusFrequencyAndDivisorSetTheTimerFrequency() {
        Lapic lapic = lapic(1, 0, Map.of(ApicSettings.BUS_FREQUENCY_HZ, 200_000_000L, ApicSettings.APIC_DIVISOR, 4));
        assertEquals(50_000_000L, lapic.frequencyHz());
    }

    @Test
    void deltasAreClampedToTheDevicesRange() {
        Lapic lapic = lapic(1, 0, Map.of());
        lapic.setState(ClockEventState.ONESHOT);
        assertTrue(lapic.setNextEvent(1));
        assertEquals(0xF, lapic.initialCount(), "below min_delta: 0xF");
        assertTrue(lapic.setNextEvent(1L << 40));
        assertEquals(0x7FFFFFFF, lapic.initialCount(), "above max_delta: 0x7FFFFFFF");
        assertFalse(lapic.setNextEvent(0), "a delta of 0 has already passed (-ETIME)");
        assertFalse(lapic.setNextEvent(-5));
    }

    @Test
    void theInitialCountRegisterHas32Bits() {
        Lapic lapic = lapic(1, 0, Map.of());
        lapic.setStatePeriodic(1L << 40);
        assertEquals(0xFFFF_FFFFL, lapic.initialCount(), "a periodic count is capped to the 32-bit register");
        lapic.setStatePeriodic(25_000);
        assertEquals(25_000, lapic.initialCount());
    }

    @Test
    void aOneshotEventFiresOnceOnItsCpuAtTheProgrammedTime() {
        Lapic lapic = lapic(2, 1, Map.of());
        List<long[]> events = record(lapic);
        lapic.setState(ClockEventState.ONESHOT);
        assertTrue(lapic.setNextEvent(6_250)); // 6250 cycles of 160 ns = 1 ms
        assertEquals(6_250, lapic.currentCount());
        board.machine.advance(500 * US);
        assertEquals(3_125, lapic.currentCount(), "the current-count register counts down");
        assertTrue(events.isEmpty());
        board.machine.advance(500 * US);
        assertEquals(1, events.size());
        assertEquals(1, events.get(0)[0], "on the lapic's CPU");
        assertEquals(1 * MS, events.get(0)[1]);
        assertEquals(0, lapic.currentCount());
        board.machine.advance(100 * MS);
        assertEquals(1, events.size(), "once");
        assertEquals(1, lapic.events());
        assertEquals(1, board.irqCount("lapic-timer", 1));
        assertEquals(0, board.irqCount("lapic-timer", 0));
    }

    @Test
    void reprogrammingReplacesThePendingEvent() {
        Lapic lapic = lapic(1, 0, Map.of());
        List<long[]> events = record(lapic);
        lapic.setState(ClockEventState.ONESHOT);
        lapic.setNextEvent(6_250);
        lapic.setNextEvent(12_500);
        board.machine.advance(10 * MS);
        assertEquals(1, events.size());
        assertEquals(2 * MS, events.get(0)[1]);
    }

    @Test
    void periodicModeReArmsByItselfEveryPeriodWithoutDrift() {
        Lapic lapic = lapic(2, 0, Map.of());
        List<long[]> events = record(lapic);
        lapic.setStatePeriodic(25_000); // 4 ms: HZ 250
        assertEquals(ClockEventState.PERIODIC, lapic.state());
        board.machine.advance(100 * MS);
        assertEquals(25, events.size());
        for (int k = 0; k < events.size(); k++) {
            assertEquals(0, events.get(k)[0]);
            assertEquals((k + 1) * 4 * MS, events.get(k)[1]);
        }
        board.machine.advance(2 * MS);
        assertEquals(25_000 - 12_500, lapic.currentCount(), "half way through the period");
    }

    @Test
    void shutdownAndOneshotStoppedCancel() {
        Lapic lapic = lapic(1, 0, Map.of());
        List<long[]> events = record(lapic);
        lapic.setStatePeriodic(25_000);
        board.machine.advance(10 * MS);
        assertEquals(2, events.size());
        lapic.setState(ClockEventState.SHUTDOWN);
        assertEquals(0, lapic.initialCount());
        assertEquals(-1, lapic.line().armedAt());
        board.machine.advance(100 * MS);
        assertEquals(2, events.size());

        lapic.setState(ClockEventState.ONESHOT);
        lapic.setNextEvent(6_250);
        lapic.setState(ClockEventState.ONESHOT_STOPPED);
        board.machine.advance(100 * MS);
        assertEquals(2, events.size());
        assertEquals(ClockEventState.ONESHOT_STOPPED, lapic.state());
    }

    @Test
    void periodicIsNotASetStateState() {
        Lapic lapic = lapic(1, 0, Map.of());
        assertThrows(IllegalArgumentException.class, () -> lapic.setState(ClockEventState.PERIODIC));
        assertThrows(IllegalArgumentException.class, () -> lapic.setState(ClockEventState.DETACHED));
        assertThrows(IllegalArgumentException.class, () -> lapic.setStatePeriodic(0));
    }

    @Test
    void theInterruptIsDeliveredTheIrqLatencyAfterTheExpiry() {
        Lapic lapic = lapic(1, 0, Map.of(ApicSettings.IRQ_LATENCY_NANOS, 7_000L));
        List<long[]> events = record(lapic);
        lapic.setState(ClockEventState.ONESHOT);
        lapic.setNextEvent(6_250);
        board.machine.advance(2 * MS);
        assertEquals(1 * MS + 7 * US, events.get(0)[1]);

        events.clear();
        lapic.setStatePeriodic(25_000);
        long start = board.machine.nanoTime();
        board.machine.advance(40 * MS + 7 * US);
        assertEquals(10, events.size());
        for (int k = 0; k < events.size(); k++) {
            // late by the latency, but the period counts from the expiry: no accumulated drift
            assertEquals(start + (k + 1) * 4 * MS + 7 * US, events.get(k)[1]);
        }
    }

    @Test
    void jitterIsBoundedAndTheSameOnEveryRun() {
        List<Long> first = jitteredPeriodicTimes();
        List<Long> second = jitteredPeriodicTimes();
        assertEquals(first, second, "a seeded PRNG: the same run gives the same trace");
        boolean varies = false;
        for (int k = 0; k < first.size(); k++) {
            long late = first.get(k) - (k + 1) * 4 * MS;
            assertTrue(late >= 5 * US && late <= 7 * US, "latency 5 us + jitter 0..2 us, got " + late);
            varies |= late != first.get(0) - 4 * MS;
        }
        assertTrue(varies, "the jitter varies");
    }

    private List<Long> jitteredPeriodicTimes() {
        Lapic lapic = lapic(1, 0, Map.of(ApicSettings.IRQ_LATENCY_NANOS, 5_000L, ApicSettings.IRQ_JITTER_NANOS, 2_000L));
        List<long[]> events = record(lapic);
        lapic.setStatePeriodic(25_000);
        board.machine.advance(200 * MS);
        List<Long> times = new ArrayList<>();
        for (long[] e : events) {
            times.add(e[1]);
        }
        board.close();
        board = null;
        return times;
    }

    @Test
    void everyNthInterruptIsLost() {
        Lapic lapic = lapic(1, 0, Map.of(ApicSettings.LOST_INTERRUPTS_EVERY, 3L));
        List<long[]> events = record(lapic);
        lapic.setStatePeriodic(25_000);
        board.machine.advance(40 * MS);
        assertEquals(10, board.irqCount("lapic-timer", 0), "the hardware interrupted every period");
        assertEquals(7, events.size(), "the 3rd, 6th and 9th were lost");
        assertEquals(3, lapic.lost());
        assertEquals(16 * MS, events.get(2)[1]);
        assertEquals(1, board.log.stream().filter(l -> l.contains("lost")).count(), "the first loss is logged, the rest counted");
    }

    @Test
    void releaseStopsAndFreesTheLine() {
        Lapic lapic = lapic(1, 0, Map.of());
        List<long[]> events = record(lapic);
        lapic.setStatePeriodic(25_000);
        lapic.release();
        board.machine.advance(40 * MS);
        assertTrue(events.isEmpty());
        assertEquals(-1, board.irqCount("lapic-timer", 0));
    }
}
