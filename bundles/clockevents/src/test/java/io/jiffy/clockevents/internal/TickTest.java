package io.jiffy.clockevents.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jiffy.clockevent.ClockEventFeature;
import io.jiffy.clockevent.ClockEventInfo;
import io.jiffy.clockevent.ClockEventState;
import io.jiffy.clockevent.TickListener;
import io.jiffy.clockevent.TickMode;
import io.jiffy.hook.HookInfo;
import io.jiffy.hook.HookRegistration;
import io.jiffy.hook.Tick;
import io.jiffy.hook.TimerHook;
import io.jiffy.hook.TimerHookChain;

/** The tick in virtual time: exact jiffies at every HZ, tickless idle, hand-over, listeners, the hook chain. */
class TickTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @ParameterizedTest
    @ValueSource(ints = {100, 250, 300, 1000})
    void periodicModeGivesExactlyHzJiffiesPerSecond(int hz) {
        try (Rig rig = new Rig(2, hz, TickMode.PERIODIC).startWithLocalDevices()) {
            rig.machine.advance(S);
            assertEquals(hz, rig.core.jiffiesNow());
            rig.machine.advance(9 * S);
            assertEquals(10L * hz, rig.core.jiffiesNow());
            // every CPU ticked once per jiffy, and do_timer ran on the timekeeping CPU on each tick
            assertEquals(10L * hz, rig.core.ticks(0));
            assertEquals(10L * hz, rig.core.ticks(1));
            assertEquals(10L * hz, rig.timekeeper.wallTimeUpdates);
            assertEquals(0, rig.core.timekeepingCpu());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 250, 300, 1000})
    void anyWholeSecondAddsExactlyHzJiffiesWhateverThePhase(int hz) {
        try (Rig rig = new Rig(1, hz, TickMode.PERIODIC)) {
            rig.machine.advance(1_234_567); // the tick starts off any boundary
            rig.startWithLocalDevices();
            for (long offset : new long[] {1, 333_333, 2_999_999, 7 * MS + 17}) {
                rig.machine.advance(offset);
                long before = rig.core.jiffiesNow();
                rig.machine.advance(3 * S);
                assertEquals(before + 3L * hz, rig.core.jiffiesNow(), "offset " + offset);
            }
        }
    }

    @Test
    void aPeriodicOnlyDeviceTicksInPeriodicState() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            TestDevice d = rig.add(new TestDevice(rig.machine, "pit", 0, 0, 100, 1_000_000_000L, 1_000, Long.MAX_VALUE / 4,
                    ClockEventFeature.PERIODIC));
            rig.core.start();
            assertEquals(ClockEventState.PERIODIC, d.state);
            rig.machine.advance(2 * S);
            assertEquals(500, rig.core.jiffiesNow());
            assertEquals(500, d.irqs());
            assertEquals(4 * MS, rig.core.resolutionNanos()); // low-resolution hrtimers
        }
    }

    @Test
    void ticklessIdleRaisesNoInterruptAndStillWakesWithinMaxIdle() {
        try (Rig rig = new Rig(1, 250, TickMode.TICKLESS)) {
            rig.timekeeper.maxIdleNanos = 1 * S + 2 * MS; // wake on the tick boundary at or before 1.002 s ahead
            TestDevice d = rig.add(TestDevice.oneshot(rig.machine, "local0", 0, 100));
            rig.core.start();
            rig.machine.advance(4 * MS); // the first tick, then nothing is pending: idle
            long irqs = d.irqs();
            assertEquals(1, irqs);
            assertEquals(1, rig.core.jiffiesNow());

            rig.machine.advance(900 * MS);
            assertEquals(irqs, d.irqs(), "a tick interrupt while nothing was pending");

            rig.machine.advance(200 * MS);
            assertEquals(irqs + 1, d.irqs());
            long woke = rig.timekeeper.lastWallTimeUpdate;
            assertTrue(woke > 4 * MS && woke <= 4 * MS + rig.timekeeper.maxIdleNanos, "woke at " + woke);
            assertEquals(1004 * MS, woke); // the last tick boundary within max idle
            // jiffies caught up from time (a reader in tickless mode catches them up too)
            assertEquals(rig.machine.nanoTime() / (4 * MS), rig.core.jiffiesNow());

            // ten minutes: one wake per max idle, the wall time updated on each
            long updates = rig.timekeeper.wallTimeUpdates;
            rig.machine.advance(600 * S);
            long wakes = d.irqs() - irqs - 1;
            assertTrue(wakes >= 599 && wakes <= 601, "wakes " + wakes);
            assertEquals(wakes, rig.timekeeper.wallTimeUpdates - updates);
            assertEquals(rig.machine.nanoTime() / (4 * MS), rig.core.jiffiesNow());
        }
    }

    @Test
    void ticklessWithoutAnIdleLimitStopsTheDevice() {
        try (Rig rig = new Rig(1, 250, TickMode.TICKLESS)) {
            TestDevice d = rig.add(TestDevice.oneshot(rig.machine, "local0", 0, 100));
            rig.core.start();
            rig.machine.advance(4 * MS);
            assertEquals(ClockEventState.ONESHOT_STOPPED, d.state);
            rig.machine.advance(3600 * S);
            assertEquals(1, d.irqs());
            assertEquals(250L * 3600 + 1, rig.core.jiffiesNow()); // a reader catches jiffies up from time
        }
    }

    @Test
    void ticklessWakesForTheListenersNextEvent() {
        try (Rig rig = new Rig(1, 250, TickMode.TICKLESS)) {
            List<Long> seen = new ArrayList<>();
            rig.core.addListener(new TickListener() {
                @Override
                public void tick(int cpu, long jiffies) {
                    seen.add(jiffies);
                }

                @Override
                public long nextEventJiffies(int cpu) {
                    return seen.isEmpty() || seen.get(seen.size() - 1) < 100 ? 100 : Long.MAX_VALUE;
                }
            });
            TestDevice d = rig.add(TestDevice.oneshot(rig.machine, "local0", 0, 100));
            rig.core.start();
            rig.machine.advance(10 * S);
            assertEquals(List.of(1L, 100L), seen);
            assertEquals(2, d.irqs());
        }
    }

    @Test
    void removingTheTickDeviceMidRunHandsOverWithoutLosingAJiffy() {
        try (Rig rig = new Rig(2, 300, TickMode.PERIODIC)) {
            TestDevice good = rig.add(TestDevice.oneshot(rig.machine, "good", 0, 300));
            TestDevice fallback = rig.add(TestDevice.oneshot(rig.machine, "fallback", 0, 100));
            TestDevice other = rig.add(TestDevice.oneshot(rig.machine, "cpu1", 1, 100));
            rig.core.start();
            assertEquals("good", rig.core.tickDevice(0).name());
            assertEquals(ClockEventState.DETACHED, fallback.state);

            rig.machine.advance(S / 2 + 1_234);
            rig.core.removeDevice(good);
            assertEquals("fallback", rig.core.tickDevice(0).name());
            assertEquals(ClockEventState.SHUTDOWN, good.state);
            assertNull(good.handler);
            long goodIrqs = good.irqs();

            rig.machine.advance(S / 2 - 1_234);
            assertEquals(300, rig.core.jiffiesNow());
            assertEquals(goodIrqs, good.irqs());
            assertEquals(300, rig.core.ticks(0));
            assertEquals(300, rig.core.ticks(1));
            assertTrue(other.violations.isEmpty() && fallback.violations.isEmpty());
        }
    }

    @Test
    void aLateHandOverCatchesUpFromTime() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            TestDevice first = rig.add(TestDevice.oneshot(rig.machine, "first", 0, 100));
            rig.core.start();
            rig.machine.advance(100 * MS);
            rig.core.removeDevice(first); // no device at all for a while
            rig.machine.advance(100 * MS);
            assertEquals(25, rig.core.jiffiesNow());
            rig.add(TestDevice.oneshot(rig.machine, "second", 0, 100));
            rig.machine.advance(800 * MS);
            assertEquals(250, rig.core.jiffiesNow());
        }
    }

    @Test
    void aBetterDeviceArrivingTakesOver() {
        try (Rig rig = new Rig(1, 1000, TickMode.PERIODIC)) {
            TestDevice low = rig.add(TestDevice.oneshot(rig.machine, "low", 0, 100));
            rig.core.start();
            rig.machine.advance(300 * MS + 77);
            TestDevice high = rig.add(TestDevice.oneshot(rig.machine, "high", 0, 400));
            assertEquals("high", rig.core.tickDevice(0).name());
            assertEquals(0, rig.core.tickDevice(0).tickDeviceOf());
            assertEquals(ClockEventState.SHUTDOWN, low.state);
            assertSame(null, low.handler);
            long lowIrqs = low.irqs();
            rig.machine.advance(700 * MS - 77);
            assertEquals(1000, rig.core.jiffiesNow());
            assertEquals(lowIrqs, low.irqs());
            assertEquals(700, high.irqs());
            ClockEventInfo info = rig.core.devices().get(0);
            assertEquals("high", info.name());
            assertEquals(700, info.events());
            assertEquals(-1, rig.core.devices().get(1).tickDeviceOf());
        }
    }

    @Test
    void aLocalDeviceBeatsAGlobalOneWhichServesOneCpuOnly() {
        try (Rig rig = new Rig(3, 250, TickMode.PERIODIC)) {
            TestDevice global = rig.add(new TestDevice(rig.machine, "hpet", -1, 0, 500, 14_318_180L, 3, 1L << 32,
                    ClockEventFeature.ONESHOT, ClockEventFeature.PERIODIC));
            TestDevice local1 = rig.add(TestDevice.oneshot(rig.machine, "lapic1", 1, 100));
            rig.core.start();
            assertEquals("hpet", rig.core.tickDevice(0).name());
            assertEquals("lapic1", rig.core.tickDevice(1).name());
            assertNull(rig.core.tickDevice(2));
            assertEquals(0, rig.core.timekeepingCpu());

            TestDevice local0 = rig.add(TestDevice.oneshot(rig.machine, "lapic0", 0, 100));
            assertEquals("lapic0", rig.core.tickDevice(0).name());
            assertEquals("hpet", rig.core.tickDevice(2).name()); // moved to the CPU that has nothing else
            rig.machine.advance(S + 1_000); // at 14.318 MHz a tick lands up to 70 ns after its instant
            assertEquals(250, rig.core.jiffiesNow());
            assertEquals(250, rig.core.ticks(2));

            rig.core.removeDevice(local0);
            rig.core.removeDevice(global);
            assertNull(rig.core.tickDevice(0));
            assertEquals(1, rig.core.timekeepingCpu()); // the lowest CPU with a tick device
            rig.machine.advance(S - 1_000);
            assertEquals(500, rig.core.jiffiesNow());
            assertTrue(local1.violations.isEmpty());
        }
    }

    @Test
    void listenersRunOnEveryCpuAfterItsTickAndFailuresAreCounted() {
        try (Rig rig = new Rig(2, 100, TickMode.PERIODIC)) {
            List<String> calls = new ArrayList<>();
            rig.core.addListener((cpu, jiffies) -> calls.add(cpu + ":" + jiffies));
            rig.core.addListener((cpu, jiffies) -> {
                throw new IllegalStateException("boom");
            });
            rig.startWithLocalDevices();
            rig.machine.advance(20 * MS);
            assertEquals(List.of("0:1", "1:1", "0:2", "1:2"), calls);
            assertEquals(4, rig.core.listenerErrors());
            assertEquals(1, rig.lines("ERROR").size()); // logged once, then counted
        }
    }

    @Test
    void theHookChainRunsTheTickWorkOnTheTimekeepingCpu() {
        try (Rig rig = new Rig(2, 250, TickMode.PERIODIC)) {
            List<String> order = new ArrayList<>();
            rig.core.setChain(new FakeChain(tick -> {
                order.add("grabber cpu" + tick.cpu());
                rig.core.doTimerHook(tick);
                rig.core.processTimesHook(tick);
                order.add("jiffies " + tick.jiffies());
            }));
            rig.startWithLocalDevices();
            rig.machine.advance(8 * MS);
            assertEquals(List.of("grabber cpu0", "jiffies 1", "grabber cpu0", "jiffies 2"), order);
            assertEquals(2, rig.core.ticks(0));
            assertEquals(2, rig.core.ticks(1));
            assertEquals(2, rig.timekeeper.wallTimeUpdates);

            // a chain without our hooks: the tick still runs do_timer itself
            rig.core.setChain(new FakeChain(tick -> { }));
            rig.machine.advance(S - 8 * MS);
            assertEquals(250, rig.core.jiffiesNow());
            assertEquals(250, rig.timekeeper.wallTimeUpdates);
        }
    }

    @Test
    void invalidSettingsAreOneLineAndTheDefault() {
        List<String> errors = new ArrayList<>();
        TickSettings s = TickSettings.from(Map.of("hz", 200, "mode", "sometimes"), errors::add);
        assertEquals(new TickSettings(250, TickMode.PERIODIC), s);
        assertEquals(List.of("invalid configuration hz '200': accepted are 100, 250, 300 or 1000; using 250",
                "invalid configuration mode 'sometimes': accepted are periodic or tickless; using periodic"), errors);
        assertEquals(new TickSettings(300, TickMode.TICKLESS), TickSettings.from(Map.of("hz", "300", "mode", "Tickless"),
                errors::add));
        assertEquals(new TickSettings(250, TickMode.PERIODIC), TickSettings.from(Map.of(), errors::add));
        assertEquals(2, errors.size());
    }

    @Test
    void reconfiguringHzKeepsJiffiesContinuous() {
        try (Rig rig = new Rig(1, 100, TickMode.PERIODIC).startWithLocalDevices()) {
            rig.machine.advance(S);
            assertEquals(100, rig.core.jiffiesNow());
            rig.core.reconfigure(1000, TickMode.PERIODIC);
            rig.machine.advance(S);
            assertEquals(1100, rig.core.jiffiesNow());
            rig.core.reconfigure(1000, TickMode.TICKLESS);
            rig.machine.advance(S);
            assertEquals(2100, rig.core.jiffiesNow());
        }
    }

    /** A stand-in for the hook-chain bundle: run(tick) calls one function. */
    private record FakeChain(java.util.function.Consumer<Tick> body) implements TimerHookChain {
        @Override
        public HookRegistration register(String name, int priority, boolean runAlways, TimerHook hook) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void grab(long id) {
        }

        @Override
        public boolean ungrab(long id) {
            return false;
        }

        @Override
        public List<HookInfo> hooks() {
            return List.of();
        }

        @Override
        public void run(Tick tick) {
            body.accept(tick);
        }
    }
}
