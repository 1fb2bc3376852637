/**
 * The SGI SHub RTC driver's implementation (DESIGN §9), private to the bundle: the 55-bit RTC
 * counter ({@link io.jiffy.driver.shub.rtc.internal.ShubRtc}), the {@code sgi_rtc} clocksource,
 * the mmtimer device, the CLOCK_SGI_CYCLE POSIX clock with its per-node comparator timers
 * ({@link io.jiffy.driver.shub.rtc.internal.NodeTimers}), the DS component that wires them and
 * the {@code mmtimer:info} console command. The logic lives in plain classes so it can be tested
 * on the real machine core without a framework; the components only wire them.
 */
package io.jiffy.driver.shub.rtc.internal;
