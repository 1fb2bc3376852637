package io.jiffy.driver.shub.rtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The configuration: defaults, parsing, bad values, and the refusal below 100 kHz. */
class ShubRtcSettingsTest {

    @Test
    void belowOneHundredKilohertzTheDriverRefusesToStart() {
        try (Rig rig = new Rig(Rig.settings("frequencyHz", 99_999L))) {
            assertNull(rig.driver, "no devices");
            List<String> errors = rig.lines(DriverLog.Level.ERROR);
            assertEquals(1, errors.size(), "one line: " + rig.log);
            String line = errors.get(0);
            assertTrue(line.contains("99999 Hz"), line);
            assertTrue(line.contains(">= 100 kHz"), line);
            assertTrue(line.contains("required"), line);
            assertEquals(List.of(), rig.lines(DriverLog.Level.INFO));
            assertEquals(List.of(), rig.comparatorLines(), "no interrupt line requested");
        }
    }

    @Test
    void oneHundredKilohertzIsAccepted() {
        try (Rig rig = new Rig(Rig.settings("frequencyHz", 100_000L))) {
            assertNotNull(rig.driver);
            assertEquals(List.of(), rig.lines(DriverLog.Level.ERROR));
            assertEquals(1, rig.lines(DriverLog.Level.INFO).size());
            assertTrue(rig.lines(DriverLog.Level.INFO).get(0).contains("100000 Hz"));
            assertEquals(10_000, rig.clock().getResolution());
            assertEquals(1, rig.comparatorLines().size(), "one node on a 2-CPU machine");
        }
    }

    @Test
    void aFrequencyAboveOneTerahertzIsRefusedToo() {
        try (Rig rig = new Rig(Rig.settings("frequencyHz", 1_000_000_000_001L))) {
            assertNull(rig.driver);
            assertTrue(rig.lines(DriverLog.Level.ERROR).get(0).contains("100000..1000000000000 Hz"));
        }
    }

    @Test
    void absentConfigurationGivesTheDefaults() {
        List<String> log = new ArrayList<>();
        ShubRtcSettings s = ShubRtcSettings.from(Map.of("service.pid", "io.jiffy.driver.shub.rtc"),
                (level, m) -> log.add(m));
        assertEquals(ShubRtcSettings.defaults(), s);
        assertEquals(new ShubRtcSettings(25_000_000L, 450, 40, 0, 0, false, 0, 0), s);
        assertEquals(List.of(), log);
        assertEquals(ShubRtcSettings.defaults(), ShubRtcSettings.from(null, DriverLog.NONE));
    }

    @Test
    void valuesAreReadFromNumbersAndText() {
        Map<String, Object> c = new HashMap<>();
        c.put("frequencyHz", "33333333");
        c.put("rating", 300);
        c.put("intervalRetryIncrement", 80L);
        c.put("compareWriteLatencyTicks", " 100 ");
        c.put("driftPpm", "-50");
        c.put("stuckCounter", "true");
        c.put("counterJumpCycles", -5L);
        c.put("lostInterruptsEvery", "3");
        List<String> log = new ArrayList<>();
        assertEquals(new ShubRtcSettings(33_333_333L, 300, 80, 100, -50, true, -5, 3),
                ShubRtcSettings.from(c, (level, m) -> log.add(m)));
        assertEquals(List.of(), log);
    }

    @Test
    void badValuesAreLoggedOnceEachAndTakeTheirDefaults() {
        Map<String, Object> c = new HashMap<>();
        c.put("frequencyHz", "fast");
        c.put("rating", 500);
        c.put("intervalRetryIncrement", -1);
        c.put("compareWriteLatencyTicks", "x");
        c.put("driftPpm", 2_000_000);
        c.put("stuckCounter", "maybe");
        c.put("lostInterruptsEvery", -2);
        List<String> log = new ArrayList<>();
        ShubRtcSettings s = ShubRtcSettings.from(c, (level, m) -> {
            assertEquals(DriverLog.Level.ERROR, level);
            log.add(m);
        });
        assertEquals(ShubRtcSettings.defaults(), s);
        assertEquals(7, log.size(), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.contains("rating=500") && l.contains("accepted is 1..499")
                && l.contains("using the default 450")), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.contains("stuckCounter=maybe") && l.contains("true or false")));
        assertTrue(log.stream().allMatch(l -> l.startsWith("mmtimer: invalid configuration io.jiffy.driver.shub.rtc ")));
    }

    @Test
    void frequencyBelowTheMinimumIsKeptSoTheDriverCanRefuseIt() {
        ShubRtcSettings s = ShubRtcSettings.from(Map.of("frequencyHz", 99_999L), DriverLog.NONE);
        assertEquals(99_999L, s.frequencyHz());
        assertNotNull(ShubDriver.refusal(s));
        assertNull(ShubDriver.refusal(Rig.settings("frequencyHz", 100_000L)));
    }
}
