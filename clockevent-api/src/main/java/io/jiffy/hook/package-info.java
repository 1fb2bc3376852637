/**
 * The timer-hook chain: code run on every tick of the timekeeping CPU in priority order, with
 * one hook able to grab the chain (from the 2005 timer-hook API proposal, with its rough edges
 * fixed). The core's own tick work ({@code do_timer}, {@code update_process_times}) runs as
 * hooks in the chain.
 *
 * <p>1.1: soft-lockup detection ({@link io.jiffy.hook.HookLockup}, {@code HookInfo.lockups}).
 */
@Export
@Version("1.1.0")
package io.jiffy.hook;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
