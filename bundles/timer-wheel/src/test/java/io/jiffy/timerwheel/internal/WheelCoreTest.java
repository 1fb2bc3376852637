package io.jiffy.timerwheel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jiffy.timer.TimerStats;
import io.jiffy.timer.TimerWheel;

/** Semantics of single operations: add/mod/del results, errors, counters, catching up, next event, conversions. */
class WheelCoreTest {

    @Test
    void addRefusesAPendingTimerAndModDelReportWhetherPending() {
        WheelCore core = new WheelCore(1, 0, WheelLog.NONE);
        TimerImpl t = core.newTimer(x -> { }, 0, Owner.KERNEL);
        assertFalse(t.pending());
        t.add(10);
        assertThrows(IllegalStateException.class, () -> t.add(11));
        assertTrue(t.mod(20));
        assertEquals(20, t.expires());
        assertTrue(t.del());
        assertFalse(t.del());
        assertFalse(t.mod(30));
        assertEquals(new TimerStats(0, 1, 2, 1, 0, 0, 0, 1), core.stats().get(0));
    }

    @Test
    void sameJiffyFiresInArmingOrderIncludingCascadedAndPastTimers() {
        WheelCore core = new WheelCore(1, 0, WheelLog.NONE);
        List<String> order = new ArrayList<>();
        TimerImpl far = core.newTimer(x -> order.add("far"), 0, Owner.KERNEL);
        TimerImpl near = core.newTimer(x -> order.add("near"), 0, Owner.KERNEL);
        TimerImpl past = core.newTimer(x -> order.add("past"), 0, Owner.KERNEL);
        far.add(300); // tv2 first, cascaded into tv1 at 256
        core.runTimers(0, 100);
        near.add(300); // straight into tv1 at clk 101, after far by arming
        core.runTimers(0, 299);
        past.add(5); // past: due now (at 300), armed last
        core.runTimers(0, 300);
        assertEquals(List.of("far", "near", "past"), order);
        assertEquals(1, core.stats().get(0).cascades());
    }

    @Test
    void beyondMaxTimeoutIsCapped() {
        WheelCore core = new WheelCore(1, 7, WheelLog.NONE);
        TimerImpl t = core.newTimer(x -> { }, 0, Owner.KERNEL);
        t.add(Long.MAX_VALUE);
        assertEquals(7 + TimerWheel.MAX_TIMEOUT, t.expires());
        core.runTimers(0, 6 + TimerWheel.MAX_TIMEOUT);
        assertTrue(t.pending());
        core.runTimers(0, 7 + TimerWheel.MAX_TIMEOUT);
        assertFalse(t.pending());
    }

    @Test
    void catchingUpJumpsAndNextEventIsTheNextWork() {
        WheelCore core = new WheelCore(1, 0, WheelLog.NONE);
        assertEquals(Long.MAX_VALUE, core.nextEventJiffies(0));
        core.runTimers(0, 1L << 40); // empty: clk jumps
        assertEquals((1L << 40) + 1, core.base(0).clk());
        TimerImpl t = core.newTimer(x -> { }, 0, Owner.KERNEL);
        long now = 1L << 40;
        t.add(now + 100);
        assertEquals(now + 100, core.nextEventJiffies(0));
        t.mod(now + 3 * TimerWheel.MAX_TIMEOUT / 4);
        long next = core.nextEventJiffies(0);
        assertTrue(next > now && next <= t.expires(), "a cascade boundary at the latest: " + next);
        for (int i = 0; i < 1000 && t.pending(); i++) {
            core.runTimers(0, core.nextEventJiffies(0)); // tickless wake-ups: a handful, not billions
        }
        assertFalse(t.pending());
        assertEquals(1, core.stats().get(0).expired());
    }

    @Test
    void aThrowingFunctionIsCountedAndLoggedOnceWithItsOwner() {
        List<String> log = new ArrayList<>();
        WheelCore core = new WheelCore(1, 0, (m, e) -> log.add(m));
        TimerImpl t = core.newTimer(x -> {
            x.mod(x.expires() + 1);
            throw new IllegalStateException("boom");
        }, 0, new Owner("com.example.bad"));
        t.add(1);
        core.runTimers(0, 3);
        assertEquals(3, core.stats().get(0).errors());
        assertEquals(3, core.stats().get(0).expired());
        assertEquals(1, log.size());
        assertTrue(log.get(0).contains("com.example.bad") && log.get(0).contains("boom"), log.get(0));
    }

    @Test
    void conversionsRoundUpLikeTheKernel() {
        assertEquals(25, Jiffies.toJiffies(100, 1000, 250));
        assertEquals(26, Jiffies.toJiffies(101, 1000, 250));
        assertEquals(1, Jiffies.toJiffies(1, 1000, 100));
        assertEquals(30, Jiffies.toJiffies(100, 1000, 300));
        assertEquals(31, Jiffies.toJiffies(101, 1000, 300));
        assertEquals(1, Jiffies.toJiffies(1, 1_000_000_000L, 1000));
        assertEquals(0, Jiffies.toJiffies(0, 1000, 250));
        assertEquals(Long.MAX_VALUE, Jiffies.toJiffies(Long.MAX_VALUE, 1000, 1000));
        assertEquals(3, Jiffies.fromJiffies(1, 1000, 300));
        assertEquals(100, Jiffies.fromJiffies(25, 1000, 250));
        assertEquals(4000, Jiffies.fromJiffies(1, 1_000_000, 250));
    }
}
