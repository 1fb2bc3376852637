package io.jiffy.timer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a {@link Timer} runs when it expires (the kernel's {@code timer->function}), in softirq
 * context on the timer's CPU after that CPU's tick. Must not block (a call running longer than the
 * wheel's soft-lockup threshold is reported, see {@link TimerLockup}); may re-arm the timer with
 * {@link Timer#mod(long)}. An exception is counted and logged with the timer's owner.
 */
@ConsumerType
@FunctionalInterface
public interface TimerFunction {

    /** The timer expired. */
    void run(Timer timer);
}
