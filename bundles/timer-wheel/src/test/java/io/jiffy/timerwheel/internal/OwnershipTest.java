package io.jiffy.timerwheel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jiffy.machine.internal.MachineCore;
import io.jiffy.timer.Timer;
import io.jiffy.timer.TimerInfo;

/** Per-bundle ownership: a facade's deactivate cancels its timers, and only its timers. */
class OwnershipTest {

    @Test
    void closingOneFacadeCancelsItsTimersOnly() {
        MachineCore machine = new MachineCore(true, 2, 0);
        machine.start();
        try {
            WheelCore core = new WheelCore(2, 0, WheelLog.NONE);
            StubTick tick = new StubTick(250);
            TimerWheelFacade a = new TimerWheelFacade();
            a.init(core, tick, machine, new Owner("bundle.a"));
            TimerWheelFacade b = new TimerWheelFacade();
            b.init(core, tick, machine, new Owner("bundle.b"));
            List<String> fired = new ArrayList<>();
            List<Timer> aTimers = new ArrayList<>();
            List<Timer> bTimers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                Timer ta = a.newTimer(t -> fired.add("a" + n), i % 2);
                Timer tb = b.newTimer(t -> fired.add("b" + n), i % 2);
                ta.add(10 + i * 1000L);
                tb.add(10 + i * 1000L);
                aTimers.add(ta);
                bTimers.add(tb);
            }
            Timer idle = a.newTimer(t -> fired.add("idle"));
            assertEquals(12, a.pending().size());
            assertEquals("bundle.a", a.pending().get(0).owner());

            assertEquals(6, a.close());

            for (Timer t : aTimers) {
                assertFalse(t.pending());
                assertThrows(IllegalStateException.class, () -> t.mod(20));
            }
            assertThrows(IllegalStateException.class, () -> idle.add(20));
            assertThrows(IllegalStateException.class, () -> a.newTimer(t -> { }));
            for (Timer t : bTimers) {
                assertTrue(t.pending());
            }
            for (TimerInfo info : b.pending()) {
                assertEquals("bundle.b", info.owner());
            }
            for (int cpu = 0; cpu < 2; cpu++) {
                core.runTimers(cpu, 10_000);
            }
            assertEquals(6, fired.size());
            assertTrue(fired.stream().allMatch(s -> s.startsWith("b")), fired.toString());
            assertEquals(6, core.stats().get(0).dels() + core.stats().get(1).dels());
        } finally {
            machine.shutdown();
        }
    }
}
