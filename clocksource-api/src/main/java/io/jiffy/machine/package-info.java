/**
 * The simulated board everything runs on: an oscillator (real or virtual time), CPUs and
 * interrupt lines. Drivers model their counters and comparators over it; the tick and all
 * timers are interrupts delivered on its CPUs.
 */
@Export
@Version("1.1.0")
package io.jiffy.machine;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
