package io.jiffy.machine.internal;

import java.util.List;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.jiffy.machine.IrqHandler;
import io.jiffy.machine.IrqInfo;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.Machine;

/**
 * The {@link Machine} service as each bundle sees it: one instance per using bundle (bundle
 * scope), delegating to the one {@link MachineCore}. It records the bundle as the owner of every
 * line it requests and frees them all when the bundle stops using the service, so nothing a
 * stopped bundle armed keeps firing.
 */
@Component(scope = ServiceScope.BUNDLE, service = Machine.class)
public class MachineFacade implements Machine {

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private MachineComponent board;

    private MachineCore core;
    private String owner;

    @Activate
    void activate(ComponentContext context) {
        core = board.core();
        owner = context.getUsingBundle().getSymbolicName();
    }

    @Deactivate
    void deactivate() {
        int freed = core.freeAll(this);
        if (freed > 0) {
            logger.info("freed {} IRQ line(s) of {}: it no longer uses the machine", freed, owner);
        }
    }

    @Override
    public int cpus() {
        return core.cpus();
    }

    @Override
    public long nanoTime() {
        return core.nanoTime();
    }

    @Override
    public boolean isVirtual() {
        return core.isVirtual();
    }

    @Override
    public int currentCpu() {
        return core.currentCpu();
    }

    @Override
    public IrqLine requestIrq(String name, int cpu, IrqHandler handler) {
        return core.requestIrq(name, cpu, handler, owner, this);
    }

    @Override
    public List<IrqInfo> interrupts() {
        return core.interrupts();
    }

    @Override
    public void advance(long nanos) {
        core.advance(nanos);
    }

    @Override
    public void advanceTo(long machineNanos) {
        core.advanceTo(machineNanos);
    }

    @Override
    public String toString() {
        return "Machine for " + owner;
    }
}
