package io.jiffy.clockevents.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import io.jiffy.clockevent.ClockEvents;

/**
 * Metatype of the tick's configuration (PID {@code io.jiffy.tick}). Only describes the keys;
 * {@link TickSettings} reads and validates the values.
 */
@ObjectClassDefinition(id = ClockEvents.PID, name = "Jiffy tick",
        description = "The tick: HZ and periodic or tickless mode. A change takes effect at once; jiffies continue.")
@interface TickConfig {

    @AttributeDefinition(name = "HZ", required = false, description = "Ticks per second: 100, 250, 300 or 1000.",
            options = {@Option(label = "100", value = "100"), @Option(label = "250", value = "250"),
                @Option(label = "300", value = "300"), @Option(label = "1000", value = "1000")})
    int hz() default TickSettings.DEFAULT_HZ;

    @AttributeDefinition(name = "Mode", required = false,
            description = "periodic: a tick every 1/HZ on every CPU; tickless: a CPU with nothing pending sleeps "
                    + "up to the clocksource's max idle.",
            options = {@Option(label = "periodic", value = "periodic"), @Option(label = "tickless", value = "tickless")})
    String mode() default "periodic";
}
