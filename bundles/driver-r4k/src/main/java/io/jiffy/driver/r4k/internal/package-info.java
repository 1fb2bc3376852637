/**
 * The MIPS R4K driver's implementation (DESIGN §9; the kernel's {@code arch/mips/kernel/csrc-r4k.c}
 * and {@code cevt-r4k.c}): the CP0 Count register as clocksource {@code MIPS}, each CPU's CP0
 * Compare register as clock-event device {@code MIPS}, the compare-interrupt probe, the
 * configuration and the {@code r4k:info} command. Private to the bundle.
 */
package io.jiffy.driver.r4k.internal;
