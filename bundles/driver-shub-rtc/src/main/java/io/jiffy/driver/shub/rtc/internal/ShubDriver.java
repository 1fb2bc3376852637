package io.jiffy.driver.shub.rtc.internal;

import java.util.EnumSet;

import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.clocksource.CounterClockSource;
import io.jiffy.machine.Machine;

/**
 * The whole driver as plain objects, what {@link ShubRtcComponent} registers as services: the
 * RTC, the {@code sgi_rtc} clocksource, the mmtimer device and CLOCK_SGI_CYCLE with its node
 * timers. {@link #start} refuses a frequency below 100 kHz as the kernel's mmtimer_init did.
 */
final class ShubDriver {

    /**
     * The name of the clocksource of the ia64 sn2 platform ({@code arch/ia64/sn/kernel/sn2/timer.c}):
     * the RTC register, continuous and good for high-resolution timers, rated 450 by default.
     */
    static final String CLOCKSOURCE_NAME = "sgi_rtc";

    private final ShubRtcSettings settings;
    private final ShubRtc rtc;
    private final CounterClockSource clockSource;
    private final MmTimerDevice mmtimer;
    private final SgiCycleClock clock;
    private final DriverLog log;

    private ShubDriver(Machine machine, ShubRtcSettings settings, DriverLog log) {
        this.settings = settings;
        this.log = log;
        this.rtc = new ShubRtc(machine, settings.frequencyHz(), settings.driftPpm(), settings.stuckCounter(),
                settings.counterJumpCycles());
        this.clockSource = new CounterClockSource(CLOCKSOURCE_NAME, settings.rating(),
                EnumSet.of(ClockSourceFlag.CONTINUOUS, ClockSourceFlag.VALID_FOR_HRES), rtc.counter());
        this.mmtimer = new MmTimerDevice(rtc);
        this.clock = new SgiCycleClock(machine, rtc, settings, log);
    }

    /**
     * Why {@code settings} cannot start the driver (one line for the log), or null if they can.
     */
    static String refusal(ShubRtcSettings settings) {
        long hz = settings.frequencyHz();
        if (hz < ShubRtc.MIN_FREQUENCY_HZ) {
            return "mmtimer: SHub RTC frequency " + hz + " Hz is too low: >= 100 kHz (" + ShubRtc.MIN_FREQUENCY_HZ
                    + " Hz) is required; the driver does not start (no sgi_rtc clocksource, mmtimer device or "
                    + SgiCycleClock.NAME + ")";
        }
        if (hz > ShubRtc.MAX_FREQUENCY_HZ) {
            return "mmtimer: SHub RTC frequency " + hz + " Hz is too high: accepted are " + ShubRtc.MIN_FREQUENCY_HZ
                    + ".." + ShubRtc.MAX_FREQUENCY_HZ + " Hz (100 kHz to 1 THz); the driver does not start";
        }
        return null;
    }

    /**
     * Starts the driver on {@code machine}: builds the RTC with its faults and requests one
     * comparator interrupt line per node. Logs one line either way.
     *
     * @return the running driver, or null if the settings were refused (logged at ERROR)
     */
    static ShubDriver start(Machine machine, ShubRtcSettings settings, DriverLog log) {
        String refusal = refusal(settings);
        if (refusal != null) {
            log.error(refusal);
            return null;
        }
        ShubDriver d = new ShubDriver(machine, settings, log);
        log.info("mmtimer: SGI Altix RTC Timer v2.1, " + d.describe());
        return d;
    }

    /** Stops CLOCK_SGI_CYCLE's timers and frees the comparator lines; logs one line. */
    void stop() {
        int dropped = 0;
        for (NodeTimers n : clock.nodes()) {
            dropped += n.pending();
        }
        clock.stop();
        log.info("mmtimer: stopped; " + dropped + " armed CLOCK_SGI_CYCLE timer(s) dropped, comparator lines freed");
    }

    /** A one-line summary: frequency, rating, nodes and faults. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(rtc.frequencyHz()).append(" Hz, ").append(ShubRtc.RTC_BITS).append(" bits; clocksource ")
                .append(CLOCKSOURCE_NAME).append(" rating ").append(settings.rating()).append(", ")
                .append(SgiCycleClock.NAME).append(" (").append(SgiCycleClock.ID).append(") on ")
                .append(clock.nodes().size()).append(" node(s)");
        if (settings.driftPpm() != 0) {
            sb.append(", drift ").append(settings.driftPpm()).append(" ppm");
        }
        if (settings.stuckCounter()) {
            sb.append(", counter stuck");
        }
        if (settings.counterJumpCycles() != 0) {
            sb.append(", counter jumped by ").append(settings.counterJumpCycles()).append(" cycles");
        }
        if (settings.compareWriteLatencyTicks() != 0) {
            sb.append(", comparator write latency ").append(settings.compareWriteLatencyTicks()).append(" ticks");
        }
        if (settings.lostInterruptsEvery() != 0) {
            sb.append(", 1 in ").append(settings.lostInterruptsEvery()).append(" comparator interrupts lost");
        }
        return sb.toString();
    }

    ShubRtcSettings settings() {
        return settings;
    }

    ShubRtc rtc() {
        return rtc;
    }

    CounterClockSource clockSource() {
        return clockSource;
    }

    MmTimerDevice mmtimer() {
        return mmtimer;
    }

    SgiCycleClock clock() {
        return clock;
    }
}
