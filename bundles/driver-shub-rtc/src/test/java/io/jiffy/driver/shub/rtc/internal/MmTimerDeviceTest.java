package io.jiffy.driver.shub.rtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jiffy.driver.shub.rtc.MmTimer;
import io.jiffy.posix.Errno;
import io.jiffy.posix.PosixException;

/** The mmtimer device's ioctl answers and its read-only counter page. */
class MmTimerDeviceTest {

    @Test
    void ioctlAnswersAt25MHz() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            MmTimer m = rig.driver.mmtimer();
            assertEquals(0, m.counterOffset(), "SH_RTC sits at the start of its page");
            assertEquals(40_000_000L, m.resolutionFemtos());
            assertEquals(25_000_000L, m.frequencyHz());
            assertEquals(55, m.bits());
            assertTrue(m.mmapAvailable());
            assertEquals(0, m.counter());
            rig.advanceTo(1_000_000);
            assertEquals(25_000, m.counter());
            assertEquals("mmtimer", MmTimer.NAME);
        }
    }

    @Test
    void resolutionIsRoundedToTheNearestFemtosecond() {
        assertEquals(40_000_000L, femtos(25_000_000L));
        // 10^15 / 33,333,333 = 30,000,000.3 fs
        assertEquals(30_000_000L, femtos(33_333_333L));
        // 10^15 / 15,000,000 = 66,666,666.67 fs: to nearest is 67, truncation would give 66
        assertEquals(66_666_667L, femtos(15_000_000L));
        assertNotEquals(1_000_000_000_000_000L / 15_000_000L, femtos(15_000_000L));
        // exact at the lowest accepted frequency
        assertEquals(10_000_000_000L, femtos(100_000L));
    }

    private static long femtos(long hz) {
        try (Rig rig = new Rig(Rig.settings("frequencyHz", hz))) {
            return rig.driver.mmtimer().resolutionFemtos();
        }
    }

    @Test
    void counterRegisterCanBeReadButNotWritten() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            MmTimer.CounterRegister reg = rig.driver.mmtimer().counterRegister();
            rig.advanceTo(2_000_000);
            assertEquals(50_000, reg.read());
            assertEquals(50_000, reg.getAsLong(), "usable as a LongSupplier");

            PosixException e = assertThrows(PosixException.class, () -> reg.write(0));
            assertEquals(Errno.EPERM, e.errno());
            assertEquals("EPERM: the mmtimer counter page is read-only", e.getMessage());
            assertEquals(50_000, reg.read(), "the refused write changed nothing");
            assertEquals(50_000, rig.driver.mmtimer().counter());
        }
    }
}
