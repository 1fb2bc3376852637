package io.jiffy.machine;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Code run in interrupt context when an {@link IrqLine} fires: the kernel's
 * {@code irq_handler_t}. It runs on the line's CPU, never concurrently with another handler of
 * that CPU, and must not block. {@link Machine#nanoTime()} read inside it gives the time the
 * interrupt is delivered (in virtual mode, exactly the armed time).
 */
@ConsumerType
@FunctionalInterface
public interface IrqHandler {

    /** Handles one interrupt on {@code line}. */
    void handle(IrqLine line);
}
