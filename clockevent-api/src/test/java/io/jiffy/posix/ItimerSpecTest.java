package io.jiffy.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ItimerSpec}: validation of its fields and what arms a timer. */
class ItimerSpecTest {

    @ParameterizedTest
    @CsvSource({"-1, 0", "0, -1", "-1, -1", "1000, -1", "-9223372036854775808, 0", "0, -9223372036854775808"})
    void negativeFieldsAreEinval(long value, long interval) {
        PosixException e = assertThrows(PosixException.class, () -> new ItimerSpec(value, interval));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(22, e.errno().value());
        assertTrue(e.getMessage().startsWith("EINVAL"), e::getMessage);
        assertTrue(e.getMessage().contains("negative"), e::getMessage);
    }

    @Test
    void zeroValueDisarms() {
        assertFalse(ItimerSpec.DISARMED.armed());
        assertEquals(0, ItimerSpec.DISARMED.valueNanos());
        assertEquals(0, ItimerSpec.DISARMED.intervalNanos());
        assertFalse(new ItimerSpec(0, 1_000_000).armed());
    }

    @Test
    void anyPositiveValueArms() {
        assertTrue(new ItimerSpec(1, 0).armed());
        ItimerSpec periodic = new ItimerSpec(Long.MAX_VALUE, Long.MAX_VALUE);
        assertTrue(periodic.armed());
        assertEquals(Long.MAX_VALUE, periodic.intervalNanos());
    }

    @Test
    void isAValue() {
        assertEquals(new ItimerSpec(5, 7), new ItimerSpec(5, 7));
        assertEquals(new ItimerSpec(5, 7).hashCode(), new ItimerSpec(5, 7).hashCode());
        assertEquals(ItimerSpec.DISARMED, new ItimerSpec(0, 0));
    }
}
