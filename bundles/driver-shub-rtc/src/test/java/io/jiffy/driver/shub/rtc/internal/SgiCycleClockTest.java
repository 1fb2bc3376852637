package io.jiffy.driver.shub.rtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jiffy.posix.ClockId;
import io.jiffy.posix.Errno;
import io.jiffy.posix.PosixException;

/** CLOCK_SGI_CYCLE: exact time from the counter, setting it, its resolution. */
class SgiCycleClockTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void isClockTenNamedSgiCycleSettableWithTimers() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            SgiCycleClock c = rig.clock();
            assertEquals(10, SgiCycleClock.ID);
            assertEquals(ClockId.CLOCK_SGI_CYCLE, SgiCycleClock.ID);
            assertEquals("CLOCK_SGI_CYCLE", c.name());
            assertTrue(c.settable());
            assertTrue(c.hasTimers());
            assertEquals(40, c.getResolution(), "one period at 25 MHz");
        }
    }

    @Test
    void readsCounterTimesPeriodUntilSet() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            rig.advanceTo(123_456_789L);
            // 3,086,419 ticks of 40 ns
            assertEquals(123_456_760L, rig.clock().getTime());
        }
    }

    @Test
    void setToFiveSecondsThenOneSecondLaterReadsSix() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            rig.advanceTo(123_456_789L);
            rig.clock().setTime(5 * SECOND);
            assertEquals(5 * SECOND, rig.clock().getTime(), "reads the set value");
            rig.advanceTo(123_456_789L + SECOND);
            assertEquals(6 * SECOND, rig.clock().getTime(), "exact at 25 MHz");
        }
    }

    @Test
    void atAFrequencyThatDoesNotDivideOneSecondItStaysWithinOnePeriodForAnHour() {
        long hz = 33_333_333L;
        try (Rig rig = new Rig(Rig.settings("frequencyHz", hz))) {
            long start = 987_654_321L;
            rig.advanceTo(start);
            rig.clock().setTime(5 * SECOND);
            long diff = rig.clock().getTime() - 5 * SECOND;
            assertEquals(0, diff);
            for (int minute = 1; minute <= 60; minute++) {
                long elapsed = minute * 60 * SECOND;
                rig.advanceTo(start + elapsed);
                long error = rig.clock().getTime() - (5 * SECOND + elapsed);
                // |error| below one period (30.0000003 ns): |error| * f < 10^9
                assertTrue(Math.abs(error) * hz < SECOND, "minute " + minute + ": off by " + error + " ns");
            }
            // and, for an hour, the seed's truncated 30 ns period would be some 36 us behind
            long ticks = rig.rtc().count();
            assertTrue(3_600 * SECOND + start - ticks * (SECOND / hz) > 30_000, "the seed loses precision");
        }
    }

    @Test
    void setTimeRestartsFromTheSetValueAnyNumberOfTimes() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            rig.advanceTo(SECOND);
            rig.clock().setTime(0);
            assertEquals(0, rig.clock().getTime());
            rig.advanceTo(SECOND + 400);
            assertEquals(400, rig.clock().getTime());
            rig.clock().setTime(7 * SECOND + 123_456_789L);
            rig.advanceTo(3 * SECOND);
            assertEquals(7 * SECOND + 123_456_789L + 2 * SECOND - 400, rig.clock().getTime());
            PosixException e = assertThrows(PosixException.class, () -> rig.clock().setTime(-1));
            assertEquals(Errno.EINVAL, e.errno());
        }
    }

    @Test
    void aTimeSoLateThatTheClockCouldOverflowIsRefused() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            rig.advanceTo(SECOND);
            long before = rig.clock().getTime();
            PosixException e = assertThrows(PosixException.class, () -> rig.clock().setTime(Long.MAX_VALUE));
            assertEquals(Errno.EINVAL, e.errno());
            assertEquals(Errno.EINVAL, assertThrows(PosixException.class,
                    () -> rig.clock().setTime(SgiCycleClock.MAX_SETTABLE_NANOS + 1)).errno());
            assertEquals(before, rig.clock().getTime(), "unchanged");
            rig.clock().setTime(SgiCycleClock.MAX_SETTABLE_NANOS);
            rig.advanceTo(2 * SECOND);
            assertEquals(SgiCycleClock.MAX_SETTABLE_NANOS + SECOND, rig.clock().getTime(), "runs on without overflowing");
        }
    }
}
