package io.jiffy.machine;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The simulated board: an oscillator, {@link #cpus()} CPUs and interrupt lines.
 *
 * <p>In <b>real</b> mode the oscillator is the host's monotonic clock and each CPU is a thread
 * that runs its interrupt handlers one at a time (interrupt serialization: handlers of one CPU
 * never overlap, so per-CPU state needs no lock). In <b>virtual</b> mode time stands still until
 * {@link #advance(long)} or {@link #advanceTo(long)} moves it, running every interrupt that
 * falls due in time order on the calling thread, acting as the interrupt's CPU; the same inputs
 * always give the same trace. Ties at one instant run by CPU index, then in arming order.
 */
@ProviderType
public interface Machine {

    /** Framework property and configuration key choosing the mode: {@code real} or {@code virtual}. */
    String MODE_PROPERTY = "jiffy.machine.mode";

    /** The number of CPUs, numbered 0..cpus()-1. */
    int cpus();

    /** Oscillator time in nanoseconds since power-on. Lock-free. */
    long nanoTime();

    /** Whether time is virtual (moved only by {@link #advance(long)}). */
    boolean isVirtual();

    /**
     * The CPU whose interrupt handler (or CPU thread) is running on the calling thread, or -1
     * outside CPU context.
     */
    int currentCpu();

    /**
     * Allocates an interrupt line delivered on one CPU (the kernel's {@code request_irq}).
     *
     * @param name    shown in {@code irq:list}, for example {@code lapic-timer}
     * @param cpu     the CPU that runs the handler, 0..cpus()-1
     * @param handler runs in interrupt context on that CPU each time the line fires
     * @throws IllegalArgumentException if {@code cpu} is out of range or an argument is null
     */
    IrqLine requestIrq(String name, int cpu, IrqHandler handler);

    /** Every allocated line with its counts, in allocation order (the kernel's /proc/interrupts). */
    List<IrqInfo> interrupts();

    /**
     * Virtual mode: runs time forward by {@code nanos}, delivering every interrupt that falls due,
     * in time order, on the calling thread.
     *
     * @throws IllegalArgumentException if {@code nanos} is negative, or the oscillator would pass
     *                                  {@code Long.MAX_VALUE}
     * @throws IllegalStateException in real mode, or when called from an interrupt handler
     */
    void advance(long nanos);

    /**
     * Virtual mode: runs time forward to {@code machineNanos}, as {@link #advance(long)}.
     *
     * @throws IllegalArgumentException if {@code machineNanos} lies in the past
     * @throws IllegalStateException in real mode, or when called from an interrupt handler
     */
    void advanceTo(long machineNanos);
}
