package io.jiffy.posixtimers.internal;

import java.util.List;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.jiffy.posix.ClockInfo;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.PosixTimerInfo;
import io.jiffy.posix.SigEvent;
import io.jiffy.posix.SigInfo;

/**
 * The {@link PosixClocks} service as each bundle sees it: one instance per using bundle (bundle
 * scope). Every timer it creates is owned by that bundle; when the bundle stops using the
 * service all of them are deleted and it can create no more.
 */
@Component(scope = ServiceScope.BUNDLE, service = PosixClocks.class)
public class PosixClocksFacade implements PosixClocks {

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private PosixTimersComponent component;

    private PosixCore core;
    private Owner owner;

    @Activate
    void activate(ComponentContext context) {
        init(component.core(), new Owner(context.getUsingBundle().getSymbolicName()));
    }

    /** Wires the facade; for activate and for tests without a framework. */
    void init(PosixCore core, Owner owner) {
        this.core = core;
        this.owner = owner;
    }

    @Deactivate
    void deactivate() {
        int n = close();
        if (n > 0 && logger != null) {
            logger.info("deleted {} POSIX timer(s) of {}: it no longer uses POSIX timers", n, owner.name);
        }
    }

    /** Closes the owner and deletes its timers; returns how many there were. */
    int close() {
        owner.closed = true;
        return core.cancelAll(owner);
    }

    @Override
    public long clockGettime(int clockId) {
        return core.clockGettime(clockId);
    }

    @Override
    public void clockSettime(int clockId, long nanos) {
        core.clockSettime(clockId, nanos);
    }

    @Override
    public long clockGetres(int clockId) {
        return core.clockGetres(clockId);
    }

    @Override
    public List<ClockInfo> clocks() {
        return core.clocks();
    }

    @Override
    public int timerCreate(int clockId, SigEvent notification) {
        return core.timerCreate(clockId, notification, owner);
    }

    @Override
    public ItimerSpec timerSettime(int timerId, int flags, ItimerSpec value) {
        return core.timerSettime(timerId, flags, value);
    }

    @Override
    public ItimerSpec timerGettime(int timerId) {
        return core.timerGettime(timerId);
    }

    @Override
    public int timerGetoverrun(int timerId) {
        return core.timerGetoverrun(timerId);
    }

    @Override
    public void timerDelete(int timerId) {
        core.timerDelete(timerId);
    }

    @Override
    public SigInfo takeNotification(int timerId) {
        return core.takeNotification(timerId);
    }

    @Override
    public List<PosixTimerInfo> timers() {
        return core.timers();
    }

    @Override
    public String toString() {
        return "PosixClocks for " + owner;
    }
}
