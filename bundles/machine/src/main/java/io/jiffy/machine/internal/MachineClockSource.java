package io.jiffy.machine.internal;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;

/**
 * The fallback clocksource {@code machine} (rating 100): the oscillator itself, a 64-bit
 * counter at 1 GHz, so the system keeps time with no driver installed (the kernel's jiffies or
 * refined-jiffies clocksource plays this role).
 */
@Component(service = ClockSource.class, immediate = true)
public class MachineClockSource implements ClockSource {

    static final String NAME = "machine";
    static final long FREQUENCY_HZ = 1_000_000_000L;
    private static final Set<ClockSourceFlag> FLAGS =
            Collections.unmodifiableSet(EnumSet.of(ClockSourceFlag.CONTINUOUS, ClockSourceFlag.VALID_FOR_HRES));

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private MachineComponent board;

    private MachineCore core; // set in activate, before registration publishes the service

    @Activate
    void activate() {
        core = board.core();
        logger.info("clocksource {} registered: rating {}, 1 GHz, 64 bits", NAME, RATING_BASE);
    }

    @Deactivate
    void deactivate() {
        logger.info("clocksource {} unregistered", NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rating() {
        return RATING_BASE;
    }

    @Override
    public long read() {
        return core.nanoTime();
    }

    @Override
    public long mask() {
        return -1L;
    }

    @Override
    public long frequencyHz() {
        return FREQUENCY_HZ;
    }

    @Override
    public Set<ClockSourceFlag> flags() {
        return FLAGS;
    }

    @Override
    public String toString() {
        return "clocksource " + NAME;
    }
}
