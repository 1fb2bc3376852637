package io.jiffy.clocksource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Counter-width helpers of {@link ClockSource}: {@code bits} and {@code maskOf}. */
class ClockSourceTest {

    @Test
    void masksOfTheWidthsDriversUse() {
        assertEquals(0x1L, ClockSource.maskOf(1));
        assertEquals(0xFFFF_FFFFL, ClockSource.maskOf(32));
        assertEquals((1L << 55) - 1, ClockSource.maskOf(55));
        assertEquals(Long.MAX_VALUE, ClockSource.maskOf(63));
        assertEquals(-1L, ClockSource.maskOf(64));
    }

    @Test
    void bitsAndMaskOfAreInverse() {
        for (int bits = 1; bits <= 64; bits++) {
            long mask = ClockSource.maskOf(bits);
            assertEquals(bits, ClockSource.bits(mask), "bits of maskOf(" + bits + ")");
            assertEquals(bits, Long.bitCount(mask), "maskOf(" + bits + ") must be the low bits set");
            assertEquals(0, mask & (mask + 1), "maskOf(" + bits + ") must be contiguous low bits");
        }
    }

    @Test
    void bitsOfSpecialMasks() {
        assertEquals(64, ClockSource.bits(-1L));
        assertEquals(32, ClockSource.bits(0xFFFF_FFFFL));
        assertEquals(0, ClockSource.bits(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void maskOfRejectsWidthsOutside1To64(int bits) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClockSource.maskOf(bits));
        assertTrue(e.getMessage().contains("1..64"), e::getMessage);
        assertTrue(e.getMessage().contains(Integer.toString(bits)), e::getMessage);
    }
}
