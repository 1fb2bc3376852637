package io.jiffy.driver.r4k.internal;

import java.util.List;
import java.util.stream.Collectors;

import io.jiffy.machine.IrqInfo;
import io.jiffy.machine.internal.MachineCore;

/** Test fixture: a started virtual {@link MachineCore}, shut down on close. */
final class Board implements AutoCloseable {

    /** One Count cycle at the default 100 MHz, in ns. */
    static final long CYCLE_NS = 10;
    /** 2^32 cycles of 10 ns: the Count's wrap period at 100 MHz. */
    static final long WRAP_NS = (Cp0Count.MASK + 1) * CYCLE_NS;

    final MachineCore machine;

    Board(int cpus) {
        machine = new MachineCore(true, cpus, 0);
        machine.start();
    }

    /** The allocated interrupt lines named {@code name}. */
    List<IrqInfo> lines(String name) {
        return machine.interrupts().stream().filter(i -> i.name().equals(name)).collect(Collectors.toList());
    }

    @Override
    public void close() {
        machine.shutdown();
    }
}
