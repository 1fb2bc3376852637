package io.jiffy.clocksource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jiffy.machine.Machine;
import io.jiffy.machine.OscillatorCounter;

/** {@link CounterClockSource}: the counter's register, width and frequency under the driver's name, rating and flags. */
class CounterClockSourceTest {

    private long now;
    /** Only an oscillator: nanoTime() is all a counter asks of the machine. */
    private final Machine machine = (Machine) Proxy.newProxyInstance(Machine.class.getClassLoader(),
            new Class<?>[] {Machine.class}, (proxy, method, args) -> {
                if (method.getName().equals("nanoTime")) {
                    return now;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void readsTheCounterUnderTheDriversNameRatingAndFlags() {
        OscillatorCounter counter = new OscillatorCounter(machine, 100_000_000, 32);
        CounterClockSource cs = new CounterClockSource("MIPS", 210,
                EnumSet.of(ClockSourceFlag.VALID_FOR_HRES, ClockSourceFlag.CONTINUOUS), counter);
        assertEquals("MIPS", cs.name());
        assertEquals(210, cs.rating());
        assertEquals(EnumSet.of(ClockSourceFlag.CONTINUOUS, ClockSourceFlag.VALID_FOR_HRES), cs.flags());
        assertThrows(UnsupportedOperationException.class, () -> cs.flags().add(ClockSourceFlag.MUST_VERIFY));
        assertEquals(0xFFFF_FFFFL, cs.mask());
        assertEquals(100_000_000, cs.frequencyHz());
        assertSame(counter, cs.counter());
        now = 50_000_000_000L; // 5e9 cycles: the 32-bit register wrapped once
        assertEquals(counter.read(), cs.read());
        assertEquals(5_000_000_000L - (1L << 32), cs.read());
        assertEquals(Set.of(), new CounterClockSource("x", 1, Set.of(), counter).flags());
    }

    @Test
    void theFirstReasonForBeingUnstableIsKeptAndPassedOnOnce() {
        List<String> told = new ArrayList<>();
        CounterClockSource cs = new CounterClockSource("tsc", 300, EnumSet.of(ClockSourceFlag.MUST_VERIFY),
                new OscillatorCounter(machine, 1_000_000, 64), told::add);
        assertNull(cs.unstableReason());
        cs.markUnstable("clocksource watchdog: tsc ran 1001000 ns while hpet ran 1000000 ns");
        cs.markUnstable("again");
        assertEquals("clocksource watchdog: tsc ran 1001000 ns while hpet ran 1000000 ns", cs.unstableReason());
        assertEquals(List.of(cs.unstableReason()), told);
    }
}
