package io.jiffy.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and naming of POSIX clock ids, as the console's clock arguments use them. */
class ClockIdTest {

    @ParameterizedTest
    @CsvSource({
        "CLOCK_REALTIME, 0",
        "CLOCK_MONOTONIC, 1",
        "CLOCK_MONOTONIC_RAW, 4",
        "CLOCK_REALTIME_COARSE, 5",
        "CLOCK_MONOTONIC_COARSE, 6",
        "CLOCK_BOOTTIME, 7",
        "CLOCK_SGI_CYCLE, 10",
        "clock_monotonic, 1",
        "Clock_Boottime, 7",
        "MONOTONIC, 1",
        "monotonic_raw, 4",
        "realtime, 0",
        "sgi_cycle, 10",
        "'  CLOCK_MONOTONIC  ', 1",
        "0, 0",
        "1, 1",
        "10, 10",
        "42, 42",
        "007, 7",
        "' 12 ', 12",
    })
    void parsesNamesWithOrWithoutPrefixAndNumbers(String text, int id) {
        assertEquals(id, ClockId.parse(text));
    }

    @Test
    void namesOfWellKnownIdsRoundTrip() {
        int[] ids = {ClockId.CLOCK_REALTIME, ClockId.CLOCK_MONOTONIC, ClockId.CLOCK_MONOTONIC_RAW,
            ClockId.CLOCK_REALTIME_COARSE, ClockId.CLOCK_MONOTONIC_COARSE, ClockId.CLOCK_BOOTTIME,
            ClockId.CLOCK_SGI_CYCLE};
        for (int id : ids) {
            String name = ClockId.name(id);
            assertTrue(name.startsWith("CLOCK_"), name);
            assertEquals(id, ClockId.parse(name));
            assertEquals(id, ClockId.parse(name.substring("CLOCK_".length()).toLowerCase()));
        }
    }

    @Test
    void linuxValues() {
        assertEquals(0, ClockId.CLOCK_REALTIME);
        assertEquals(1, ClockId.CLOCK_MONOTONIC);
        assertEquals(4, ClockId.CLOCK_MONOTONIC_RAW);
        assertEquals(5, ClockId.CLOCK_REALTIME_COARSE);
        assertEquals(6, ClockId.CLOCK_MONOTONIC_COARSE);
        assertEquals(7, ClockId.CLOCK_BOOTTIME);
        assertEquals(10, ClockId.CLOCK_SGI_CYCLE);
        assertEquals(10, ClockId.FIRST_DRIVER_CLOCK);
    }

    @Test
    void unknownIdsAreNamedByNumber() {
        assertEquals("clock 2", ClockId.name(2));
        assertEquals("clock 42", ClockId.name(42));
        assertEquals("clock -1", ClockId.name(-1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "CLOCK_", "CLOCK_FOO", "monotonik", "-1", "+1", "1.5", "1 2",
        "0x10", "99999999999", "CLOCK_MONOTONIC_", "clock 2"})
    void refusesGarbageWithAClearMessage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClockId.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'") || e.getMessage().contains(text), e::getMessage);
        assertTrue(e.getMessage().contains("CLOCK_MONOTONIC") || e.getMessage().contains("range"), e::getMessage);
    }
}
