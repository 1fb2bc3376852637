package io.jiffy.driver.r4k.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading the configuration (PID io.jiffy.driver.r4k): defaults, conversions, one line per bad value. */
class R4kSettingsTest {

    private final List<String> errors = new ArrayList<>();

    private R4kSettings read(Map<String, ?> config) {
        return R4kSettings.from(config, errors::add);
    }

    @Test
    void anEmptyConfigurationGivesTheDefaults() {
        R4kSettings s = read(Map.of("component.name", "x", "service.pid", R4kComponent.PID));
        assertEquals(R4kSettings.DEFAULTS, s);
        assertEquals(100_000_000L, s.frequencyHz());
        assertEquals(210, s.effectiveClocksourceRating());
        assertEquals(300, s.clockeventRating());
        assertEquals(0x18, s.compareWriteLatencyCycles());
        assertEquals("none", s.faults());
        assertTrue(errors.isEmpty());
    }

    @Test
    void valuesAreReadFromNumbersAndStrings() {
        Map<String, Object> c = new HashMap<>();
        c.put("frequencyHz", "250000000");
        c.put("clocksourceRating", 350);
        c.put("clockeventRating", "280");
        c.put("compareWriteLatencyCycles", "0x40");
        c.put("driftPpm", -50L);
        c.put("stuckCounter", "false");
        c.put("counterJumpCycles", "-0x100");
        c.put("lostInterruptsEvery", 7);
        c.put("brokenCompare", Boolean.TRUE);
        R4kSettings s = read(c);
        assertEquals(new R4kSettings(250_000_000L, 350, 280, 0x40, -50, false, -0x100, 7, true), s);
        assertEquals("drift -50 ppm, counter jump -256 cycles, every 7. compare interrupt lost, broken compare", s.faults());
        assertTrue(errors.isEmpty());
    }

    @Test
    void eachInvalidValueGetsOneLineSayingWhatIsAcceptedAndNothingIsRegistered() {
        Map<String, Object> c = new HashMap<>();
        c.put("frequencyHz", 999_999L);
        c.put("clocksourceRating", 500);
        c.put("compareWriteLatencyCycles", "fast");
        c.put("stuckCounter", "yes");
        c.put("lostInterruptsEvery", -1);
        assertNull(read(c));
        assertEquals(5, errors.size(), String.join("\n", errors));
        assertEquals("invalid configuration frequencyHz '999999' of io.jiffy.driver.r4k: accepted are "
                + "1000000..4000000000 Hz (1 MHz to 4 GHz); the MIPS devices are not registered", errors.get(0));
        for (String e : errors) {
            assertTrue(e.contains("accepted are"), e);
            assertTrue(!e.contains("\n"), "one line");
        }
    }

    @Test
    void theFrequencyRangeIs1MHzTo4GHz() {
        assertEquals(1_000_000L, read(Map.of("frequencyHz", 1_000_000L)).frequencyHz());
        assertEquals(4_000_000_000L, read(Map.of("frequencyHz", 4_000_000_000L)).frequencyHz());
        assertNull(read(Map.of("frequencyHz", 4_000_000_001L)));
        assertNull(read(Map.of("frequencyHz", 0)));
        assertNull(read(Map.of("frequencyHz", "010x")));
        assertEquals(3, errors.size());
    }

    @Test
    void decimalStringsAreNeverOctal() {
        assertEquals(10, read(Map.of("lostInterruptsEvery", "010")).lostInterruptsEvery());
        assertNull(read(Map.of("lostInterruptsEvery", "--5")));
    }
}
