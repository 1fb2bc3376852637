/**
 * Where time comes from: clocksources (free-running counters published by drivers), the
 * {@link io.jiffy.clocksource.CycleConverter} that turns their cycles into nanoseconds, and the
 * {@link io.jiffy.clocksource.Timekeeper} that picks the best source and keeps
 * CLOCK_MONOTONIC, CLOCK_REALTIME and CLOCK_MONOTONIC_RAW from it (the kernel's
 * {@code kernel/time/clocksource.c} and {@code timekeeping.c}). Drivers whose counter is an
 * {@link io.jiffy.machine.OscillatorCounter} publish it as a {@link io.jiffy.clocksource.CounterClockSource}.
 */
@Export
@Version("1.1.0")
package io.jiffy.clocksource;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
