package io.jiffy.hook;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The tick being handled, passed to every {@link TimerHook}. The chain reuses one instance so
 * the tick path allocates nothing: read it during the call, do not keep it.
 */
@ProviderType
public interface Tick {

    /** The CPU the tick runs on. */
    int cpu();

    /** Jiffies, after this tick's {@code do_timer} if it has run. */
    long jiffies();

    /** CLOCK_MONOTONIC at the tick, in nanoseconds. */
    long nowNanos();
}
