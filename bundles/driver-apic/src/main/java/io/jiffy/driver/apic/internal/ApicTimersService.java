package io.jiffy.driver.apic.internal;

import java.util.List;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.jiffy.driver.apic.ApicTimer;
import io.jiffy.driver.apic.ApicTimerCallback;
import io.jiffy.driver.apic.ApicTimerInfo;
import io.jiffy.driver.apic.ApicTimerStats;
import io.jiffy.driver.apic.ApicTimers;

/**
 * The {@link ApicTimers} service as each bundle sees it: one instance per using bundle (bundle
 * scope), adding to the driver's one {@link ApicTimerList} with the bundle as owner. When the
 * bundle releases the service (it stops), every timer it added and that is still pending is
 * cancelled.
 */
@Component(scope = ServiceScope.BUNDLE, service = ApicTimers.class)
public class ApicTimersService implements ApicTimers {

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private ApicDriver driver;

    private ApicTimerList list;
    private String owner;

    /** Made by DS, which then injects the references and calls {@code activate}. */
    public ApicTimersService() {
    }

    /** Outside OSGi (tests): the instance of bundle {@code owner} over {@code list}. */
    ApicTimersService(ApicTimerList list, String owner) {
        this.list = list;
        this.owner = owner;
    }

    @Activate
    void activate(ComponentContext context) {
        list = driver.devices().timers();
        owner = context.getUsingBundle().getSymbolicName();
    }

    @Deactivate
    void deactivate() {
        int cancelled = list.cancelOwner(this);
        if (cancelled > 0) {
            logger.info("cancelled {} APIC timer(s) of {}: it no longer uses the APIC timer list", cancelled, owner);
        }
    }

    @Override
    public int cpus() {
        return list.cpus();
    }

    @Override
    public long readTsc() {
        return list.tsc().read();
    }

    @Override
    public long tscFrequencyHz() {
        return list.tsc().frequencyHz();
    }

    @Override
    public ApicTimer addAt(int cpu, long deadlineTsc, ApicTimerCallback callback) {
        return list.addAt(cpu, deadlineTsc, callback, owner, this);
    }

    @Override
    public ApicTimer addAfter(int cpu, long delayNanos, ApicTimerCallback callback) {
        return list.addAfter(cpu, delayNanos, callback, owner, this);
    }

    @Override
    public List<ApicTimerInfo> pending() {
        return list.pending();
    }

    @Override
    public List<ApicTimerStats> stats() {
        return list.stats();
    }

    @Override
    public String toString() {
        return "ApicTimers for " + owner;
    }
}
