/**
 * POSIX clocks and timers (DESIGN §8, the kernel's {@code kernel/time/posix-timers.c}): the
 * built-in clocks over the timekeeper, timers on hrtimers, and the registry of driver clocks
 * ({@code struct k_clock}). Private to the posix-timers bundle.
 */
package io.jiffy.posixtimers.internal;
