package io.jiffy.hookchain.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import io.jiffy.hook.HookInfo;
import io.jiffy.hook.HookLockup;
import io.jiffy.hook.HookRegistration;
import io.jiffy.hook.Tick;
import io.jiffy.hook.TimerHook;
import io.jiffy.hook.TimerHookChain;

/**
 * The {@link TimerHookChain} service, one instance per using bundle: hooks a bundle registered
 * are owned by it and leave the chain when it releases the service (when it stops).
 */
@Component(service = TimerHookChain.class, scope = ServiceScope.BUNDLE)
public class TimerHookChainFacade implements TimerHookChain {

    private final HookChain chain;
    private final Set<HookEntry> mine = ConcurrentHashMap.newKeySet();
    private final String owner;
    private boolean closed;

    /** Made by DS with the shared chain. */
    @Activate
    public TimerHookChainFacade(@Reference(name = "chain") HookChainComponent component, ComponentContext context) {
        this(component.chain(), symbolicName(context.getUsingBundle()));
    }

    /** A facade over {@code chain} for the bundle named {@code owner} (tests). */
    TimerHookChainFacade(HookChain chain, String owner) {
        this.chain = chain;
        this.owner = owner;
    }

    private static String symbolicName(Bundle user) {
        return user == null ? "?" : user.getSymbolicName();
    }

    /** Removes every hook the using bundle registered and still has. */
    @Deactivate
    synchronized void deactivate() {
        closed = true;
        for (HookEntry e : mine) {
            chain.remove(e);
        }
        mine.clear();
    }

    @Override
    public synchronized HookRegistration register(String name, int priority, boolean runAlways, TimerHook hook) {
        if (closed) {
            throw new IllegalStateException("timer-hook chain: the service was released");
        }
        HookEntry e = chain.add(name, priority, runAlways, hook, owner);
        mine.add(e);
        HookRegistration r = chain.registration(e);
        return new HookRegistration() {
            @Override
            public long id() {
                return e.id;
            }

            @Override
            public void unregister() {
                mine.remove(e);
                r.unregister();
            }
        };
    }

    @Override
    public void grab(long id) {
        chain.grab(id);
    }

    @Override
    public boolean ungrab(long id) {
        return chain.ungrab(id);
    }

    @Override
    public List<HookInfo> hooks() {
        return chain.hooks();
    }

    @Override
    public void run(Tick tick) {
        chain.run(tick);
    }

    @Override
    public HookLockup lastLockup() {
        return chain.lastLockup();
    }

    @Override
    public long softLockupThresholdNanos() {
        return chain.softLockupThresholdNanos();
    }
}
