package io.jiffy.driver.shub.rtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.machine.internal.MachineCore;
import io.jiffy.timekeeping.internal.TimekeeperCore;

/** The 55-bit RTC register, its wrap, and the sgi_rtc clocksource on the real timekeeper. */
class ShubRtcTest {

    private static final long TOP = 1L << 55;

    @Test
    void registerIs55BitsWideAndWrapsToZeroWhileTheCountGoesOn() {
        // 25 MHz: one tick is 40 ns; the count starts 25,000 ticks (1 ms) below 2^55
        try (Rig rig = new Rig(Rig.settings("counterJumpCycles", TOP - 25_000))) {
            ClockSource cs = rig.driver.clockSource();
            assertEquals(TOP - 1, cs.mask());
            assertEquals(55, ClockSource.bits(cs.mask()));
            assertEquals(55, rig.driver.mmtimer().bits());
            assertEquals(TOP - 25_000, cs.read());
            long clock0 = rig.clock().getTime();

            rig.advanceTo(999_960);
            assertEquals(TOP - 1, cs.read(), "the last value before the wrap");
            rig.advanceTo(1_000_000);
            assertEquals(0, cs.read(), "the register wraps to 0");
            rig.advanceTo(2_000_000);
            assertEquals(25_000, cs.read());
            assertEquals(25_000, rig.driver.mmtimer().counter());
            assertEquals(TOP + 25_000, rig.rtc().count(), "the unmasked count does not wrap");
            assertEquals(clock0 + 2_000_000, rig.clock().getTime(), "CLOCK_SGI_CYCLE does not jump at the wrap");
        }
    }

    @Test
    void clocksourceIsSgiRtcAsTheSn2DriverRegisteredIt() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            ClockSource cs = rig.driver.clockSource();
            assertEquals("sgi_rtc", cs.name());
            assertEquals(450, cs.rating());
            assertEquals(25_000_000L, cs.frequencyHz());
            assertEquals(EnumSet.of(ClockSourceFlag.CONTINUOUS, ClockSourceFlag.VALID_FOR_HRES), cs.flags());
            assertThrows(UnsupportedOperationException.class, () -> cs.flags().add(ClockSourceFlag.MUST_VERIFY));
            rig.advanceTo(1_000_000_000L);
            assertEquals(25_000_000L, cs.read(), "one second is 25,000,000 ticks");
        }
        try (Rig rig = new Rig(Rig.settings("frequencyHz", 33_333_333L, "driftPpm", 0))) {
            assertEquals(33_333_333L, rig.driver.clockSource().frequencyHz());
        }
    }

    @Test
    void configuredRatingIsUsed() {
        try (Rig rig = new Rig(new ShubRtcSettings(25_000_000L, 123, 40, 0, 0, false, 0, 0))) {
            assertEquals(123, rig.driver.clockSource().rating());
        }
    }

    @Test
    void timekeeperSelectsSgiRtcAndCarriesTimeAcrossTheWrap() {
        try (Rig rig = new Rig(Rig.settings("counterJumpCycles", TOP - 25_000))) {
            TimekeeperCore tk = new TimekeeperCore(rig.machine, TimekeeperCore.Log.NONE, List.of(),
                    500_000_000L, 100_000L);
            tk.start();
            try {
                tk.addSource(rig.driver.clockSource(), "io.jiffy.driver.shub.rtc");
                assertEquals("sgi_rtc", tk.current().name());
                assertEquals(55, tk.current().bits());
                long m0 = tk.monotonicNanos();
                rig.advanceTo(3_000_000);
                assertEquals(3_000_000, tk.monotonicNanos() - m0, 1, "monotonic time runs on across the 55-bit wrap");
            } finally {
                tk.stop();
            }
        }
    }

    @Test
    void driftAndStuckFaultsChangeWhatTheCounterDoes() {
        try (Rig rig = new Rig(Rig.settings("driftPpm", 1_000))) {
            rig.advanceTo(1_000_000_000L);
            assertEquals(25_025_000L, rig.rtc().read(), "+1000 ppm: 0.1% more ticks");
            assertEquals(25_000_000L, rig.driver.clockSource().frequencyHz(), "the nominal frequency is reported");
        }
        try (Rig rig = new Rig(Rig.settings("stuckCounter", true))) {
            long c = rig.rtc().read();
            rig.advanceTo(1_000_000_000L);
            assertEquals(c, rig.rtc().read());
        }
        try (Rig rig = new Rig(Rig.settings("counterJumpCycles", -1_000))) {
            assertEquals(TOP - 1_000, rig.rtc().read(), "a backwards jump from 0 shows as the top of the register");
            assertEquals(-1_000, rig.rtc().count());
            assertEquals(-40_000, rig.rtc().nanosOf(rig.rtc().count()));
        }
    }

    @Test
    void resolutionIsOnePeriodRoundedUp() {
        MachineCore m = new MachineCore(true, 1, 0);
        m.start();
        try {
            assertEquals(40, new ShubRtc(m, 25_000_000L, 0, false, 0).periodNanosCeil());
            assertEquals(31, new ShubRtc(m, 33_333_333L, 0, false, 0).periodNanosCeil(), "30.0000003 ns, rounded up");
            assertEquals(10_000, new ShubRtc(m, 100_000L, 0, false, 0).periodNanosCeil());
            assertEquals(1, new ShubRtc(m, 2_000_000_000L, 0, false, 0).periodNanosCeil(), "at least 1 ns");
            assertThrows(IllegalArgumentException.class, () -> new ShubRtc(m, 99_999L, 0, false, 0));
        } finally {
            m.shutdown();
        }
    }

    @Test
    void conversionsAreExactAtAFrequencyThatDoesNotDivideOneSecond() {
        MachineCore m = new MachineCore(true, 1, 0);
        m.start();
        try {
            ShubRtc rtc = new ShubRtc(m, 33_333_333L, 0, false, 0);
            // one hour of ticks: the seed's integer period (30 ns) would be 36 us short here
            long hour = 33_333_333L * 3600;
            assertEquals(3_600_000_000_000L, rtc.nanosOf(hour), "floor(hour ticks * 10^9 / f)");
            assertEquals(3_599_999_964_000L, hour * (1_000_000_000L / 33_333_333L), "the seed's truncated period");
            assertEquals(hour, rtc.countAt(rtc.nanosOf(hour)));
            assertEquals(33_334, rtc.countAt(1_000_000), "ceil(33,333.333)");
            assertEquals(1_000_020, rtc.nanosOf(33_334));
        } finally {
            m.shutdown();
        }
    }
}
