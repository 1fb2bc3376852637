/**
 * Being woken by time: clock-event devices (programmable comparators published by drivers),
 * the per-CPU tick built on them, and high-resolution timers (the kernel's
 * {@code kernel/time/clockevents.c}, {@code tick-*.c} and {@code hrtimer.c}).
 */
@Export
@Version("1.0.0")
package io.jiffy.clockevent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
