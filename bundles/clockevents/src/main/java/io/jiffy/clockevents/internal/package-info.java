/**
 * The tick (DESIGN §5): clock-event device registry, per-CPU tick device with hand-over,
 * periodic and tickless tick, jiffies and {@code do_timer}, and the per-CPU hrtimer queues.
 * Private to the clockevents bundle.
 */
package io.jiffy.clockevents.internal;
