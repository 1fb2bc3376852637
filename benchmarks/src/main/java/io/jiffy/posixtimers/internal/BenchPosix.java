package io.jiffy.posixtimers.internal;

import java.util.function.LongSupplier;

import io.jiffy.clockevent.HrTimers;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.posix.PosixClocks;

/**
 * Benchmark-only access to the POSIX timers core (package private in the posix-timers bundle):
 * the core and its {@link PosixClocks} facade without a framework. Lives in the core's package
 * on the benchmarks' plain classpath, as the bundle's unit tests do. Not part of any bundle.
 */
public final class BenchPosix {

    private BenchPosix() {
    }

    /** POSIX clocks and timers over {@code timekeeper} and {@code hrTimers}, as a bundle named {@code owner} sees them. */
    public static PosixClocks newPosixClocks(Timekeeper timekeeper, HrTimers hrTimers, LongSupplier tickNanos, String owner) {
        PosixCore core = new PosixCore(timekeeper, hrTimers, tickNanos);
        PosixClocksFacade facade = new PosixClocksFacade();
        facade.init(core, new Owner(owner));
        return facade;
    }
}
