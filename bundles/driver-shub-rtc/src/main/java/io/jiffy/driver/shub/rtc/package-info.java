/**
 * The SGI SHub mmtimer device as a service: the ioctl set of the kernel's
 * {@code drivers/char/mmtimer.c} ({@code MMTIMER_GETOFFSET} .. {@code MMTIMER_GETCOUNTER}) and a
 * read-only view of the RTC counter register, as {@code /dev/mmtimer} offered them to user
 * programs. Exported by the SHub RTC driver bundle: the device's ioctl set is the driver's own
 * API, as {@code /dev/mmtimer} was the driver's own ABI.
 */
@Export
@Version("1.0.0")
package io.jiffy.driver.shub.rtc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
