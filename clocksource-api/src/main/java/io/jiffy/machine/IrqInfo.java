package io.jiffy.machine;

/**
 * One interrupt line as shown by {@code irq:list}: a row of the kernel's /proc/interrupts.
 *
 * @param number  the line's number, in allocation order
 * @param name    its name
 * @param cpu     the CPU it is delivered on
 * @param count   interrupts delivered so far
 * @param armedAt the comparator's armed time, or -1
 * @param owner   symbolic name of the bundle that requested it
 */
public record IrqInfo(int number, String name, int cpu, long count, long armedAt, String owner) {
}
