/**
 * The jiffies timer wheel (DESIGN §7): per-CPU cascading wheels with {@code timer_list}
 * semantics, run as the timer softirq after each CPU's tick, and the bundle-scoped
 * {@code TimerWheel} facade. Private to the timer-wheel bundle.
 */
package io.jiffy.timerwheel.internal;
