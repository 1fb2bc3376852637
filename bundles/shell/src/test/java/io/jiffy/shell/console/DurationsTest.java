package io.jiffy.shell.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and formatting of console durations. */
class DurationsTest {

    private static final String UNITS = "give one of ns, us, ms, s (e.g. 10ms)";
    private static final String UNITS_WITH_J = "give one of ns, us, ms, s, j (jiffies) (e.g. 10ms)";

    // ---------------------------------------------------------------- parsing, accepted

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0ns                 | 0",
        "0s                  | 0",
        "1ns                 | 1",
        "10ms                | 10000000",
        "10 ms               | 10000000",
        "'  10ms  '          | 10000000",
        "'\t10 \t ms\n'      | 10000000",
        "1us                 | 1000",
        "1µs                 | 1000",
        "250us               | 250000",
        "1s                  | 1000000000",
        "1.5s                | 1500000000",
        "1.234567891s        | 1234567891",
        "1.500000000000s     | 1500000000",
        "0.5ms               | 500000",
        "0.001us             | 1",
        "007ms               | 7000000",
        "10MS                | 10000000",
        "2S                  | 2000000000",
        "9223372036854775807ns | 9223372036854775807",
        "9223372036.854775807s | 9223372036854775807",
        "9223372036s         | 9223372036000000000",
    })
    void parsesNumbersWithUnits(String text, long nanos) {
        assertEquals(nanos, Durations.parseNanos(text));
        assertEquals(nanos, Durations.parseNanos(text, 250), "the same with jiffies allowed");
    }

    @ParameterizedTest
    @CsvSource({
        "1j, 250, 4000000",
        "250j, 250, 1000000000",
        "1j, 100, 10000000",
        "1j, 1000, 1000000",
        "0j, 250, 0",
        "3j, 300, 10000000",
        // one jiffy at HZ 300 is 3333333.33... ns: rounded up so that advancing reaches the tick
        "1j, 300, 3333334",
        "2j, 300, 6666667",
        "' 5 J ', 1000, 5000000",
    })
    void parsesJiffiesWhenAllowed(String text, int hz, long nanos) {
        assertEquals(nanos, Durations.parseNanos(text, hz));
    }

    @ParameterizedTest
    @CsvSource({
        "5j, 250, 5",
        "0j, 250, 0",
        "4ms, 250, 1",
        "1ms, 250, 1",
        "4.000001ms, 250, 2",
        "1s, 250, 250",
        "1s, 300, 300",
        "10ms, 300, 3",
        "0ns, 100, 0",
        "1ns, 100, 1",
        "9223372036854775807j, 100, 9223372036854775807",
    })
    void parsesTimerWheelDelaysInJiffiesRoundingUp(String text, int hz, long jiffies) {
        assertEquals(jiffies, Durations.parseJiffies(text, hz));
    }

    // ---------------------------------------------------------------- parsing, refused

    @ParameterizedTest
    @ValueSource(strings = {"10", "0", " 42 ", "1.5"})
    void bareNumbersAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(text));
        assertEquals("'" + text.strip() + "' has no unit; " + UNITS, e.getMessage());
    }

    @Test
    void theBriefsExampleMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("10"));
        assertEquals("'10' has no unit; give one of ns, us, ms, s (e.g. 10ms)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1ms", "-0ns", " - 5 s", "-10"})
    void negativeDurationsAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(text));
        assertEquals("'" + text.strip() + "' is negative; a duration is 0 or more, " + UNITS, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5ns", "0.1ns", "1.0000000001s", "0.0001us", "1.0000001ms"})
    void durationsFinerThanANanosecondAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(text));
        assertTrue(e.getMessage().startsWith("'" + text + "' is "), e.getMessage());
        assertTrue(e.getMessage().contains("nanosecond") || e.getMessage().contains("finer than 1 ns"), e.getMessage());
        assertTrue(e.getMessage().endsWith(UNITS), e.getMessage());
    }

    @Test
    void fractionalNanosecondsSayNanoseconds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("1.5ns"));
        assertEquals("'1.5ns' is not a whole number of nanoseconds; " + UNITS, e.getMessage());
    }

    @Test
    void wholeNanosecondsWithZeroFractionAreFine() {
        assertEquals(2, Durations.parseNanos("2.000ns"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808ns", "9223372036.854775808s", "9223372037s",
        "100000000000000000000000000000ms", "9223372036854776us"})
    void overflowIsRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(text));
        assertEquals("'" + text + "' is too long; the longest duration is 9223372036.854775807 s (about 292 years)",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"10m, m", "10h, h", "10min, min", "5sec, sec", "3nsec, nsec", "1jj, jj", "1 ms s, ", "2 x, x"})
    void unknownUnitsAreRefused(String text, String unit) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(text));
        if (unit == null) {
            assertEquals("'" + text + "' is not a duration; " + UNITS, e.getMessage());
        } else {
            assertEquals("'" + text + "' has an unknown unit '" + unit + "'; " + UNITS, e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ms", "abc", "1e3ms", "0x10ms", "1,5ms", "+5ms", "1.ms", ".5ms", "10ms!", "1 0ms", "--5ms"})
    void garbageIsRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(text));
        assertEquals("'" + text + "' is not a duration; " + UNITS, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void emptyIsRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(text));
        assertEquals("no duration given; " + UNITS, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(null));
    }

    @Test
    void jiffiesAreRefusedWhereTheCallerDoesNotAllowThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("10j"));
        assertEquals("'10j': jiffies (j) are not accepted here; " + UNITS, e.getMessage());
    }

    @Test
    void jiffiesNeedATick() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("10j", 0));
        assertEquals("'10j': jiffies (j) need HZ, and there is no tick yet; " + UNITS, e.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> Durations.parseJiffies("10ms", 0));
        assertEquals("'10ms' needs HZ to count jiffies, and there is no tick yet", w.getMessage());
    }

    @Test
    void jiffiesMustBeWhole() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("1.5j", 250));
        assertEquals("'1.5j' is not a whole number of jiffies; " + UNITS_WITH_J, e.getMessage());
        assertEquals(4_000_000, Durations.parseNanos("1.0j", 250));
    }

    @Test
    void messagesWithJiffiesAllowedNameTheJiffyUnit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("10", 250));
        assertEquals("'10' has no unit; " + UNITS_WITH_J, e.getMessage());
    }

    @Test
    void tooManyJiffiesAreRefused() {
        // fine as jiffies, too long in ns
        assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("9223372036854775807j", 100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Durations.parseJiffies("9223372036854775808j", 100));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }

    @Test
    void everyMessageIsOneLine() {
        for (String bad : new String[] {"", "10", "-1s", "1.5ns", "99999999999999s", "1m", "x", "1j", "1.5j"}) {
            try {
                Durations.parseNanos(bad, bad.equals("1j") ? 0 : 250);
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
                continue;
            }
            throw new AssertionError("accepted " + bad);
        }
    }

    // ---------------------------------------------------------------- formatting

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0                   | 0 ns",
        "1                   | 1 ns",
        "999                 | 999 ns",
        "1000                | 1 us (1000 ns)",
        "1500                | 1.5 us (1500 ns)",
        "999999              | 999.999 us (999999 ns)",
        "1000000             | 1 ms (1000000 ns)",
        "10000000            | 10 ms (10000000 ns)",
        "10000001            | 10.000001 ms (10000001 ns)",
        "1000000000          | 1 s (1000000000 ns)",
        "1234567891          | 1.234567891 s (1234567891 ns)",
        "1500000000          | 1.5 s (1500000000 ns)",
        "60000000000         | 60 s (60000000000 ns)",
        "9223372036854775807 | 9223372036.854775807 s (9223372036854775807 ns)",
        "-1500000            | -1.5 ms (-1500000 ns)",
        "-5                  | -5 ns",
        "-9223372036854775808 | -9223372036.854775808 s (-9223372036854775808 ns)",
    })
    void formatsInTheLargestUnitWithTheRawNanoseconds(long nanos, String text) {
        assertEquals(text, Durations.format(nanos));
    }

    @ParameterizedTest
    @CsvSource({"0, 0 ns", "250000, 250 us", "4000000, 4 ms", "1500000000, 1.5 s", "100000000000, 100 s"})
    void shortFormHasNoRawNanoseconds(long nanos, String text) {
        assertEquals(text, Durations.formatShort(nanos));
    }

    @Test
    void formatAndParseRoundTrip() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            long nanos = (random.nextLong() >>> 1) >>> random.nextInt(63);
            String shortForm = Durations.formatShort(nanos);
            assertEquals(nanos, Durations.parseNanos(shortForm), shortForm);
            String full = Durations.format(nanos);
            assertTrue(full.startsWith(shortForm), full);
        }
    }
}
