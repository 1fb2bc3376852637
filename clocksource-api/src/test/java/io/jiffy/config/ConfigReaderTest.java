package io.jiffy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@link ConfigReader}: the forms values come in, ranges, defaults and the one line per bad value. */
class ConfigReaderTest {

    private final List<String> errors = new ArrayList<>();

    @Test
    void wholeNumbersAreIntegralNumbersOrTheirText() {
        assertEquals(7L, ConfigReader.toLong(7));
        assertEquals(7L, ConfigReader.toLong((short) 7));
        assertEquals(7L, ConfigReader.toLong((byte) 7));
        assertEquals(-7L, ConfigReader.toLong(-7L));
        assertEquals(10L, ConfigReader.toLong(" 010 "), "never octal");
        assertEquals(5L, ConfigReader.toLong("+5"));
        assertEquals(-0x100L, ConfigReader.toLong("-0x100"));
        assertEquals(0x40L, ConfigReader.toLong("0X40"));
        assertEquals(25_000_000L, ConfigReader.toLong("25_000_000"));
        assertEquals(Long.MIN_VALUE, ConfigReader.toLong("-9223372036854775808"));
        assertEquals(Long.MIN_VALUE, ConfigReader.toLong("-0x8000000000000000"));
        for (Object bad : new Object[] {"fast", "", "-", "--5", "+-5", "0x-5", "010x", "9223372036854775808", 5.0, true}) {
            assertNull(ConfigReader.toLong(bad), String.valueOf(bad));
        }
    }

    @Test
    void missingKeysTakeTheirDefaultsAndGoodValuesAreRead() {
        Map<String, Object> c = new HashMap<>();
        c.put("hz", "100000000");
        c.put("on", "TRUE");
        c.put("off", Boolean.FALSE);
        ConfigReader r = new ConfigReader(c, errors::add);
        assertEquals(100_000_000L, r.number("hz", 1, 1, Long.MAX_VALUE, "Hz"));
        assertEquals(42, r.number("missing", 42, 0, 1, "anything"));
        assertTrue(r.bool("on", false));
        assertFalse(r.bool("off", true));
        assertTrue(r.bool("missing", true));
        assertTrue(r.valid());
        assertEquals(List.of(), errors);
        assertEquals(3, new ConfigReader(null, errors::add).number("hz", 3, 0, 9, "0..9"), "no configuration at all");
    }

    @Test
    void eachBadValueIsOneLineSayingWhatIsAcceptedAndTakesItsDefault() {
        Map<String, Object> c = new HashMap<>();
        c.put("rating", 500);
        c.put("hz", "fast");
        c.put("stuck", "yes");
        c.put("divisor", 3);
        ConfigReader r = new ConfigReader(c, errors::add);
        assertEquals(300, r.number("rating", 300, 1, 499, "ratings 1..499"));
        assertEquals(1, r.number("hz", 1, 1, 9, "1..9 Hz"));
        assertFalse(r.bool("stuck", false));
        r.reject("divisor", "1, 2, 4 or 8", 4);
        assertFalse(r.valid());
        assertEquals(List.of("invalid configuration rating '500': accepted are ratings 1..499; using 300",
                "invalid configuration hz 'fast': accepted are 1..9 Hz; using 1",
                "invalid configuration stuck 'yes': accepted are true or false; using false",
                "invalid configuration divisor '3': accepted are 1, 2, 4 or 8; using 4"), errors);
    }

    @Test
    void aBundleMayWordTheLineItself() {
        ConfigReader r = new ConfigReader(Map.of("rating", 0), (key, value, accepted, dflt) ->
                errors.add("mmtimer: " + key + "=" + value + ": accepted is " + accepted + "; using the default " + dflt));
        assertEquals(450, r.number("rating", 450, 1, 499, "1..499"));
        assertEquals(List.of("mmtimer: rating=0: accepted is 1..499; using the default 450"), errors);
    }
}
