/**
 * The timekeeping bundle's implementation (DESIGN §4): the clocksource registry, selection by
 * rating, the watchdog and the {@link io.jiffy.clocksource.Timekeeper}. Private to the bundle.
 */
package io.jiffy.timekeeping.internal;
