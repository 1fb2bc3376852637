package io.jiffy.itests;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clockevent.HrTimers;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.machine.Machine;
import io.jiffy.posix.PosixClocks;
import io.jiffy.timer.TimerWheel;

/**
 * Churn in real time (issue 8): each driver bundle installed, started, stopped and uninstalled
 * {@value #CYCLES} times while wheel timers, hrtimers and POSIX timers run on the machine's CPU
 * threads and two threads read CLOCK_MONOTONIC; afterwards the system is as it was. Time passes
 * as the machine runs: the test waits for hrtimers of its own. The scenario and what it checks:
 * {@link Churn}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChurnRealIT {

    /**
     * Install/start/stop/uninstall cycles per driver: the full 200, as in virtual time. Measured on
     * a busy 2-core machine (load average 7-10): 20-30 s per framework for the 600 cycles, most
     * of it the framework resolving and SCR activating the drivers; the real-time waits add ~3 s.
     */
    static final int CYCLES = 200;

    @Inject
    BundleContext context;

    @Inject
    Machine machine;

    @Inject
    Timekeeper timekeeper;

    @Inject
    ClockEvents clockEvents;

    @Inject
    PosixClocks posix;

    @Inject
    TimerWheel wheel;

    @Inject
    HrTimers hrTimers;

    @Configuration
    public Option[] config() {
        return new Option[] {JiffyRuntime.systemWithDrivers("real")};
    }

    @Test
    public void driversComeAndGoWhileTimersRunAndNothingIsLeftBehind() throws Exception {
        new Churn(context, machine, timekeeper, clockEvents, posix, wheel, hrTimers, CYCLES).run();
    }
}
