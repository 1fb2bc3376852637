/**
 * The jiffies timer wheel with the kernel's {@code timer_list} semantics: low-resolution
 * timers expiring on ticks, O(1) to add, modify and delete, allocation-free after creation.
 *
 * <p>1.1: soft-lockup detection ({@link io.jiffy.timer.TimerLockup}, {@code TimerStats.lockups}).
 */
@Export
@Version("1.1.0")
package io.jiffy.timer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
