/**
 * The x86 driver's APIC timer list (DESIGN §9): TSC-deadline timers kept per CPU in a list
 * sorted by expiry, the local APIC's deadline comparator armed for the first, with a latency
 * correction learned from observed lateness so that timers fire within a microsecond of their
 * deadline. Obtain {@link io.jiffy.driver.apic.ApicTimers} as an OSGi service (bundle-scoped:
 * a bundle's timers are cancelled when it releases the service).
 */
@Export
@Version("1.0.0")
package io.jiffy.driver.apic;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
