/**
 * POSIX clocks and timers ({@code clock_gettime}, {@code timer_create}, ...) and the
 * {@link io.jiffy.posix.PosixClock} SPI through which a driver bundle adds a clock of its own
 * (the kernel's {@code kernel/time/posix-timers.c} and {@code struct k_clock}).
 */
@Export
@Version("1.0.0")
package io.jiffy.posix;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
