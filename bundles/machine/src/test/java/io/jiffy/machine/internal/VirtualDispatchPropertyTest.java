package io.jiffy.machine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Virtual dispatch against a reference model: arming lines at random times and CPUs, one
 * advance delivers exactly those due, in (time, CPU, arming order) order, each at its time.
 */
class VirtualDispatchPropertyTest {

    /** One arming: a line on {@code cpu} armed for {@code time}. */
    record Arming(int cpu, long time) {
    }

    @Provide
    Arbitrary<List<Arming>> armings() {
        Arbitrary<Arming> one = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.longs().between(0, 50)).as(Arming::new);
        return one.list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void oneAdvanceDeliversWhatIsDueInTimeCpuArmingOrder(@ForAll("armings") List<Arming> armings,
            @ForAll("window") long window) {
        MachineCore machine = new MachineCore(true, 4, 0);
        machine.start();
        List<String> trace = new ArrayList<>();
        for (int i = 0; i < armings.size(); i++) {
            Arming a = armings.get(i);
            machine.requestIrq("l" + i, a.cpu(), l -> trace.add(machine.nanoTime() + "@" + machine.currentCpu() + ":" + l.name()))
                    .raiseAt(a.time());
        }

        machine.advance(window);
        machine.shutdown();

        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < armings.size(); i++) {
            if (armings.get(i).time() <= window) {
                expected.add(i);
            }
        }
        expected.sort(Comparator.<Integer>comparingLong(i -> armings.get(i).time())
                .thenComparingInt(i -> armings.get(i).cpu())
                .thenComparingInt(i -> i));
        List<String> model = expected.stream()
                .map(i -> armings.get(i).time() + "@" + armings.get(i).cpu() + ":l" + i).toList();
        assertEquals(model, trace);
    }

    @Provide
    Arbitrary<Long> window() {
        return Arbitraries.longs().between(0, 60);
    }
}
