package io.jiffy.machine;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One interrupt line on one CPU, with a hardware comparator: {@link #raiseAt(long)} arms it to
 * fire when the oscillator reaches a time, {@link #raise()} fires it as soon as possible (an IPI
 * or a software-triggered interrupt). Each delivery runs the handler once and is counted.
 */
@ProviderType
public interface IrqLine {

    /** The name given to {@link Machine#requestIrq}. */
    String name();

    /** The CPU this line is delivered on. */
    int cpu();

    /**
     * Fires the line as soon as possible; in virtual mode at the current time, so during an
     * advance, or at the next advance when called outside one. Independent of the comparator.
     * A second raise before the first is delivered is merged into it (one pending bit, as in an
     * interrupt controller).
     */
    void raise();

    /**
     * Arms the comparator to fire at oscillator time {@code machineNanos}, replacing any earlier
     * arming (one comparator per line). A time already past fires as soon as possible.
     */
    void raiseAt(long machineNanos);

    /** Disarms the comparator and withdraws a pending {@link #raise()}; returns whether anything was pending. */
    boolean cancel();

    /** The time the comparator is armed for, or -1 when disarmed. */
    long armedAt();

    /** Releases the line (the kernel's {@code free_irq}): cancels it; later calls on it are ignored. */
    void free();

    /** Interrupts delivered on this line so far. */
    long count();
}
