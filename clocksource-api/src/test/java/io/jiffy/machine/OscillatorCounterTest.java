package io.jiffy.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link OscillatorCounter}: counting, width, drift, stuck, jump and comparator times. */
class OscillatorCounterTest {

    /** Just an oscillator the test moves by hand (the API module cannot use the real machine). */
    static final class Oscillator implements Machine {
        long now;

        @Override
        public int cpus() {
            return 1;
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public boolean isVirtual() {
            return true;
        }

        @Override
        public int currentCpu() {
            return -1;
        }

        @Override
        public IrqLine requestIrq(String name, int cpu, IrqHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<IrqInfo> interrupts() {
            return List.of();
        }

        @Override
        public void advance(long nanos) {
            now += nanos;
        }

        @Override
        public void advanceTo(long machineNanos) {
            now = machineNanos;
        }
    }

    private final Oscillator osc = new Oscillator();

    @Test
    void countsCyclesSincePowerOnMaskedToItsWidth() {
        OscillatorCounter c = new OscillatorCounter(osc, 100_000_000, 32);
        osc.now = 1_000_000_000L;
        assertEquals(100_000_000L, c.read());
        osc.now = 50_000_000_000L; // 5e9 cycles: wrapped once
        assertEquals(5_000_000_000L, c.count());
        assertEquals(5_000_000_000L - (1L << 32), c.read());
    }

    @Test
    void nanosWhenIsTheFirstTimeTheCountIsReached() {
        OscillatorCounter c = new OscillatorCounter(osc, 33_333_333, 55);
        long at = c.nanosWhen(1_000);
        osc.now = at;
        assertEquals(1_000, c.count());
        osc.now = at - 1;
        assertEquals(999, c.count());
        osc.now = at + 5;
        assertEquals(osc.now, c.nanosWhen(1_000), "a count already reached fires now");
    }

    @Test
    void driftChangesTheRateFromNowOnWithoutAJump() {
        OscillatorCounter c = new OscillatorCounter(osc, 1_000_000_000, 64);
        osc.now = 1_000;
        c.setDriftPpm(1_000); // 0.1 % fast
        assertEquals(1_000, c.count());
        osc.now = 1_001_000;
        assertEquals(1_000 + 1_001_000, c.count());
        assertEquals(1_000, c.driftPpm());
    }

    @Test
    void aStuckCounterHoldsItsValueAndNeverReachesAComparator() {
        OscillatorCounter c = new OscillatorCounter(osc, 1_000_000, 32);
        osc.now = 2_000_000;
        c.setStuck(true);
        osc.now = 9_000_000;
        assertEquals(2_000, c.read());
        assertEquals(-1, c.nanosWhen(2_001));
        c.setStuck(false);
        osc.now = 10_000_000;
        assertEquals(3_000, c.read(), "runs on from where it stopped");
    }

    @Test
    void jumpsMoveTheCountBothWays() {
        OscillatorCounter c = new OscillatorCounter(osc, 1_000_000, 64);
        osc.now = 1_000_000;
        c.jump(-400);
        assertEquals(600, c.count());
        c.jump(10_000);
        assertEquals(10_600, c.count());
    }

    @Test
    void configuredFaultsAreAppliedAtOnceAndZeroesLeftAlone() {
        OscillatorCounter c = new OscillatorCounter(osc, 1_000_000, 64);
        osc.now = 1_000_000;
        c.applyFaults(0, false, 0);
        assertEquals(0, c.driftPpm());
        assertEquals(false, c.isStuck());
        assertEquals(1_000, c.count());
        c.applyFaults(1_000, true, 500);
        assertEquals(1_000, c.driftPpm());
        assertEquals(true, c.isStuck());
        assertEquals(1_500, c.count(), "jumped");
        osc.now = 9_000_000;
        assertEquals(1_500, c.count(), "and stuck");
        assertThrows(IllegalArgumentException.class, () -> c.applyFaults(-1_000_000, false, 0));
    }

    @Test
    void refusesImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new OscillatorCounter(osc, 0, 32));
        assertThrows(IllegalArgumentException.class, () -> new OscillatorCounter(osc, 1_000, 65));
        assertThrows(IllegalArgumentException.class, () -> new OscillatorCounter(null, 1_000, 32));
        OscillatorCounter c = new OscillatorCounter(osc, 1_000, 32);
        assertThrows(IllegalArgumentException.class, () -> c.setDriftPpm(-1_000_000));
    }
}
