/**
 * The x86 driver's implementation (DESIGN §9): the {@code tsc} clocksource, the per-CPU
 * {@code lapic} clock-event devices and the APIC timer list as plain classes over the machine
 * ({@link io.jiffy.driver.apic.internal.Tsc}, {@link io.jiffy.driver.apic.internal.Lapic},
 * {@link io.jiffy.driver.apic.internal.ApicTimerList}, wired by
 * {@link io.jiffy.driver.apic.internal.ApicDevices}), and the thin DS components that publish
 * them. Private to the bundle.
 */
package io.jiffy.driver.apic.internal;
