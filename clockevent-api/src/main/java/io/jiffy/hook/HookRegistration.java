package io.jiffy.hook;

import org.osgi.annotation.versioning.ProviderType;

/** A hook in the chain, as returned by {@link TimerHookChain#register}: its id and the way out. */
@ProviderType
public interface HookRegistration {

    /** The hook's id in {@code hook:list}. */
    long id();

    /** Removes the hook; releases the grab if it held it. Idempotent. */
    void unregister();
}
