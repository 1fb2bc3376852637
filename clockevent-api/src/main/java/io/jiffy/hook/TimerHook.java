package io.jiffy.hook;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Code run on every tick of the timekeeping CPU, in interrupt context: must be short, must not
 * block (a call running longer than the chain's soft-lockup threshold is reported, see
 * {@link HookLockup}). Register it with {@link TimerHookChain#register} or as a whiteboard OSGi service
 * (priority from {@code service.ranking}, flags from the {@code PROPERTY_*} keys).
 */
@ConsumerType
@FunctionalInterface
public interface TimerHook {

    /** Whiteboard service property (Boolean): run even when a grabber returned done. */
    String PROPERTY_RUN_ALWAYS = "hook.run_always";

    /** Whiteboard service property (String): the name shown in {@code hook:list}. */
    String PROPERTY_NAME = "hook.name";

    /**
     * Handles one tick.
     *
     * @return {@code true} ("done") when this hook has handled the tick: if it is the grabber,
     *         only {@code run_always} hooks run after it; ignored for other hooks
     */
    boolean onTick(Tick tick);
}
