package io.jiffy.driver.apic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading the configuration: defaults, values as numbers or strings, and one line per invalid value. */
class ApicSettingsTest {

    private final List<String> errors = new ArrayList<>();

    @Test
    void noConfigurationGivesTheDefaults() {
        ApicSettings s = ApicSettings.from(Map.of(), errors::add);
        assertEquals(ApicSettings.DEFAULTS, s);
        assertEquals(2_400_000_000L, s.tscFrequencyHz());
        assertEquals(300, s.tscRating());
        assertEquals(100_000_000L, s.busFrequencyHz());
        assertEquals(16, s.apicDivisor());
        assertEquals(6_250_000L, s.lapicFrequencyHz());
        assertEquals(100, s.lapicRating());
        assertTrue(errors.isEmpty());
    }

    @Test
    void valuesMayBeNumbersOrStrings() {
        Map<String, Object> c = new HashMap<>();
        c.put(ApicSettings.TSC_FREQUENCY_HZ, "3000000000");
        c.put(ApicSettings.TSC_RATING, 350);
        c.put(ApicSettings.BUS_FREQUENCY_HZ, 200_000_000L);
        c.put(ApicSettings.APIC_DIVISOR, "128");
        c.put(ApicSettings.LAPIC_RATING, "150");
        c.put(ApicSettings.TSC_DRIFT_PPM, "-500");
        c.put(ApicSettings.TSC_STUCK, "true");
        c.put(ApicSettings.TSC_JUMP_CYCLES, -42L);
        c.put(ApicSettings.LOST_INTERRUPTS_EVERY, "7");
        c.put(ApicSettings.IRQ_LATENCY_NANOS, 7000);
        c.put(ApicSettings.IRQ_JITTER_NANOS, "250");
        ApicSettings s = ApicSettings.from(c, errors::add);
        assertEquals(new ApicSettings(3_000_000_000L, 350, 200_000_000L, 128, 150, -500, true, -42, 7, 7000, 250), s);
        assertEquals(1_562_500L, s.lapicFrequencyHz());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aDivisorThatIsNotAPowerOfTwoIsReplacedByTheDefault() {
        ApicSettings s = ApicSettings.from(Map.of(ApicSettings.APIC_DIVISOR, 3), errors::add);
        assertEquals(16, s.apicDivisor());
        assertEquals(List.of("invalid configuration apicDivisor '3': accepted are 1, 2, 4, 8, 16, 32, 64 or 128; using 16"),
                errors);
        errors.clear();
        ApicSettings.from(Map.of(ApicSettings.APIC_DIVISOR, 256), errors::add);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("accepted are 1, 2, 4, 8, 16, 32, 64 or 128"), errors.get(0));
    }

    @Test
    void everyInvalidValueIsOneLineSayingWhatIsAccepted() {
        Map<String, Object> c = new HashMap<>();
        c.put(ApicSettings.TSC_FREQUENCY_HZ, "fast");
        c.put(ApicSettings.TSC_RATING, 500);
        c.put(ApicSettings.BUS_FREQUENCY_HZ, 999_999L);
        c.put(ApicSettings.LAPIC_RATING, 0);
        c.put(ApicSettings.TSC_DRIFT_PPM, -1_000_000L);
        c.put(ApicSettings.TSC_STUCK, "yes");
        c.put(ApicSettings.LOST_INTERRUPTS_EVERY, -1);
        c.put(ApicSettings.IRQ_LATENCY_NANOS, 2_000_000_000L);
        c.put(ApicSettings.IRQ_JITTER_NANOS, -1);
        ApicSettings s = ApicSettings.from(c, errors::add);
        assertEquals(ApicSettings.DEFAULTS, s);
        assertEquals(9, errors.size(), errors.toString());
        for (String e : errors) {
            assertTrue(e.startsWith("invalid configuration ") && e.contains("accepted are") && e.contains("; using "), e);
        }
        assertTrue(errors.contains("invalid configuration tscRating '500': accepted are ratings 1..499; using 300"), errors.toString());
    }
}
