package io.jiffy.clockevents.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import io.jiffy.clockevent.HrTimer;
import io.jiffy.clockevent.HrTimerCallback;
import io.jiffy.clockevent.HrTimerClock;
import io.jiffy.clockevent.HrTimers;

/**
 * The {@link HrTimers} service, one instance per using bundle: the timers a bundle made are
 * cancelled when it releases the service (when it stops).
 */
@Component(service = HrTimers.class, scope = ServiceScope.BUNDLE)
public class HrTimersComponent implements HrTimers {

    @Reference
    private TickComponent tick;

    private final Set<HrTimerImpl> timers = ConcurrentHashMap.newKeySet();
    private volatile String owner = "?";
    private volatile boolean closed;

    @Activate
    void activate(ComponentContext context) {
        Bundle user = context.getUsingBundle();
        owner = user == null ? "?" : user.getSymbolicName();
    }

    @Deactivate
    void deactivate() {
        closed = true;
        for (HrTimerImpl t : timers) {
            t.cancel();
        }
        timers.clear();
    }

    @Override
    public HrTimer newTimer(HrTimerClock clock, int cpu, HrTimerCallback callback) {
        if (closed) {
            throw new IllegalStateException("hrtimers: the service was released");
        }
        HrTimerImpl t = tick.core().newTimer(clock, cpu, callback, owner);
        timers.add(t);
        return t;
    }

    @Override
    public long resolutionNanos() {
        return tick.core().resolutionNanos();
    }
}
