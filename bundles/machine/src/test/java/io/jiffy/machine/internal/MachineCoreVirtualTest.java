package io.jiffy.machine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jiffy.machine.IrqHandler;
import io.jiffy.machine.IrqInfo;
import io.jiffy.machine.IrqLine;

/** The machine in virtual time: dispatch order, the tie rule, arming semantics and determinism. */
class MachineCoreVirtualTest {

    private MachineCore machine;
    private final List<String> trace = new ArrayList<>();

    @BeforeEach
    void start() {
        machine = new MachineCore(true, 4, 0);
        machine.start();
    }

    @AfterEach
    void stop() {
        machine.shutdown();
    }

    /** A handler that records "time cpu name" in the trace. */
    private IrqHandler recorder() {
        return line -> trace.add(machine.nanoTime() + " cpu" + machine.currentCpu() + " " + line.name());
    }

    private IrqLine line(String name, int cpu) {
        return machine.requestIrq(name, cpu, recorder());
    }

    @Test
    void interruptsRunInTimeOrderAtTheirArmedTime() {
        line("c", 2).raiseAt(300);
        line("a", 0).raiseAt(100);
        line("b", 1).raiseAt(200);

        machine.advance(1_000);

        assertEquals(List.of("100 cpu0 a", "200 cpu1 b", "300 cpu2 c"), trace);
        assertEquals(1_000, machine.nanoTime());
        assertEquals(-1, machine.currentCpu(), "no CPU context outside a handler");
    }

    @Test
    void tiesRunByCpuIndexThenArmingOrder() {
        line("cpu1-first", 1).raiseAt(50);
        line("cpu3", 3).raiseAt(50);
        line("cpu0-first", 0).raiseAt(50);
        line("cpu1-second", 1).raiseAt(50);
        line("cpu0-second", 0).raiseAt(50);
        line("earlier", 3).raiseAt(49);

        machine.advanceTo(50);

        assertEquals(List.of("49 cpu3 earlier", "50 cpu0 cpu0-first", "50 cpu0 cpu0-second",
                "50 cpu1 cpu1-first", "50 cpu1 cpu1-second", "50 cpu3 cpu3"), trace);
    }

    @Test
    void raiseDuringAnAdvanceRunsAtTheCurrentTimeAfterWhatWasArmedBefore() {
        IrqLine soft = line("soft", 0);
        line("later", 0).raiseAt(10);
        machine.requestIrq("kick", 1, l -> {
            trace.add(machine.nanoTime() + " cpu" + machine.currentCpu() + " kick");
            soft.raise();
        }).raiseAt(10);

        machine.advance(20);

        // at 10: cpu0 "later" first (lower CPU), then cpu1 "kick", whose raise on cpu0 runs at 10 too
        assertEquals(List.of("10 cpu0 later", "10 cpu1 kick", "10 cpu0 soft"), trace);
    }

    @Test
    void handlerArmingWithinTheWindowRunsInTheSameAdvance() {
        IrqLine next = line("next", 1);
        IrqLine beyond = line("beyond", 1);
        machine.requestIrq("first", 0, l -> {
            trace.add(machine.nanoTime() + " cpu" + machine.currentCpu() + " first");
            next.raiseAt(machine.nanoTime() + 5);
            beyond.raiseAt(machine.nanoTime() + 50);
        }).raiseAt(10);

        machine.advance(20);
        assertEquals(List.of("10 cpu0 first", "15 cpu1 next"), trace);
        assertEquals(60, beyond.armedAt());

        machine.advance(40);
        assertEquals(List.of("10 cpu0 first", "15 cpu1 next", "60 cpu1 beyond"), trace);
        assertEquals(60, machine.nanoTime());
    }

    @Test
    void aPeriodicHandlerReArmingItselfFiresOncePerPeriod() {
        machine.requestIrq("tick", 0, l -> {
            trace.add(String.valueOf(machine.nanoTime()));
            l.raiseAt(machine.nanoTime() + 4);
        }).raiseAt(4);

        machine.advance(20);

        assertEquals(List.of("4", "8", "12", "16", "20"), trace);
    }

    @Test
    void armedInThePastOrRaisedOutsideAnAdvanceRunsAtTheNextAdvanceAtTheCurrentTime() {
        machine.advance(100);
        IrqLine past = line("past", 1);
        past.raiseAt(50);
        IrqLine soft = line("soft", 0);
        soft.raise();
        assertTrue(trace.isEmpty(), "nothing runs outside an advance");
        assertEquals(50, past.armedAt(), "armedAt reports the requested time");

        machine.advance(0);

        assertEquals(List.of("100 cpu0 soft", "100 cpu1 past"), trace);
        assertEquals(100, machine.nanoTime());
        assertEquals(-1, past.armedAt(), "a comparator that matched is disarmed");
    }

    @Test
    void raisingTwiceBeforeDeliveryIsOneInterrupt() {
        IrqLine soft = line("soft", 0);
        soft.raise();
        soft.raise();
        machine.advance(0);
        assertEquals(1, soft.count());
    }

    @Test
    void raiseAndComparatorAreIndependent() {
        IrqLine l = line("both", 2);
        l.raiseAt(30);
        l.raise();
        machine.advance(30);
        assertEquals(List.of("0 cpu2 both", "30 cpu2 both"), trace);
        assertEquals(2, l.count());
    }

    @Test
    void reArmingReplacesTheEarlierArming() {
        IrqLine l = line("l", 0);
        l.raiseAt(10);
        l.raiseAt(30);
        assertEquals(30, l.armedAt());

        machine.advance(100);

        assertEquals(List.of("30 cpu0 l"), trace);
        assertEquals(-1, l.armedAt());
    }

    @Test
    void cancelWithdrawsComparatorAndPendingRaise() {
        IrqLine l = line("l", 0);
        assertFalse(l.cancel(), "nothing pending yet");
        l.raiseAt(10);
        l.raise();
        assertTrue(l.cancel());
        assertEquals(-1, l.armedAt());
        assertFalse(l.cancel());

        machine.advance(100);

        assertTrue(trace.isEmpty());
        assertEquals(0, l.count());
    }

    @Test
    void freeCancelsRemovesTheLineAndIgnoresLaterCalls() {
        IrqLine kept = line("kept", 0);
        IrqLine freed = line("freed", 1);
        freed.raiseAt(10);
        freed.raise();

        freed.free();
        freed.raiseAt(20);
        freed.raise();
        freed.free();

        assertEquals(-1, freed.armedAt());
        assertFalse(freed.cancel());
        assertEquals(List.of("kept"), machine.interrupts().stream().map(IrqInfo::name).toList());
        machine.advance(100);
        assertTrue(trace.isEmpty());
        assertEquals(0, kept.count());
    }

    @Test
    void freeAllFreesOnlyTheLinesOfOneRequester() {
        Object bundleA = new Object();
        Object bundleB = new Object();
        IrqLine a1 = machine.requestIrq("a1", 0, recorder(), "a", bundleA);
        IrqLine b1 = machine.requestIrq("b1", 1, recorder(), "b", bundleB);
        IrqLine a2 = machine.requestIrq("a2", 2, recorder(), "a", bundleA);
        a1.raiseAt(5);
        b1.raiseAt(5);
        a2.raiseAt(5);

        assertEquals(2, machine.freeAll(bundleA));

        machine.advance(10);
        assertEquals(List.of("5 cpu1 b1"), trace);
        assertEquals(List.of(new IrqInfo(1, "b1", 1, 1, -1, "b")), machine.interrupts());
    }

    @Test
    void interruptsListsLinesInAllocationOrderWithCountsAndOwner() {
        IrqLine a = line("a", 0);
        IrqLine b = line("b", 3);
        machine.requestIrq("c", 1, recorder(), "io.example", null);
        a.raiseAt(1);
        machine.advance(1);
        a.raiseAt(2);
        machine.advance(1);
        a.raise();
        b.raise();
        b.raiseAt(100);
        machine.advance(1);

        assertEquals(List.of(
                new IrqInfo(0, "a", 0, 3, -1, MachineCore.KERNEL_OWNER),
                new IrqInfo(1, "b", 3, 1, 100, MachineCore.KERNEL_OWNER),
                new IrqInfo(2, "c", 1, 0, -1, "io.example")), machine.interrupts());
        assertEquals(3, a.count());
        assertEquals(1, b.count());
    }

    @Test
    void aHandlerThatThrowsIsCountedAndTheMachineGoesOn() {
        List<String> errors = new ArrayList<>();
        machine.setErrorLog((message, error) -> errors.add(message));
        IrqLine bad = machine.requestIrq("bad", 0, l -> {
            throw new IllegalStateException("boom");
        });
        bad.raiseAt(1);
        line("good", 0).raiseAt(2);

        machine.advance(5);

        assertEquals(List.of("2 cpu0 good"), trace);
        assertEquals(1, bad.count());
        assertEquals(1, machine.handlerErrors());
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("bad") && errors.get(0).contains("boom"), errors.get(0));
    }

    @Test
    void advanceFromAHandlerIsRefused() {
        AtomicReference<RuntimeException> refused = new AtomicReference<>();
        machine.requestIrq("nested", 0, l -> {
            try {
                machine.advance(1);
            } catch (RuntimeException e) {
                refused.set(e);
            }
        }).raiseAt(5);

        machine.advance(10);

        assertInstanceOf(IllegalStateException.class, refused.get());
        assertTrue(refused.get().getMessage().contains("interrupt handler"), refused.get().getMessage());
        assertEquals(10, machine.nanoTime());
    }

    @Test
    void invalidAdvancesAreRefused() {
        machine.advance(100);
        assertThrows(IllegalArgumentException.class, () -> machine.advance(-1));
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class, () -> machine.advanceTo(99));
        assertTrue(past.getMessage().contains("past"), past.getMessage());
        assertThrows(IllegalArgumentException.class, () -> machine.advance(Long.MAX_VALUE));
        assertEquals(100, machine.nanoTime());
        machine.advanceTo(100); // not in the past: allowed, runs nothing
        assertEquals(100, machine.nanoTime());
    }

    @Test
    void advanceIsRefusedInRealModeAndAfterShutdown() {
        MachineCore real = new MachineCore(false, 1, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> real.advance(1));
        assertTrue(e.getMessage().contains("real time"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> real.advanceTo(1));

        machine.shutdown();
        assertThrows(IllegalStateException.class, () -> machine.advance(1));
    }

    @Test
    void requestIrqChecksItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> machine.requestIrq("x", 4, recorder()));
        assertThrows(IllegalArgumentException.class, () -> machine.requestIrq("x", -1, recorder()));
        assertThrows(IllegalArgumentException.class, () -> machine.requestIrq(null, 0, recorder()));
        assertThrows(IllegalArgumentException.class, () -> machine.requestIrq("x", 0, null));
        assertTrue(machine.interrupts().isEmpty());
    }

    @Test
    void sameInputsGiveTheSameTrace() {
        List<String> first = randomScenario(42);
        List<String> second = randomScenario(42);
        assertTrue(first.size() > 1_000, "the scenario delivers interrupts: " + first.size());
        assertEquals(first, second);
    }

    /**
     * A scripted random scenario: lines on all CPUs whose handlers re-arm, raise and cancel other
     * lines with a seeded generator; several advances of random length. Returns the trace.
     */
    private static List<String> randomScenario(long seed) {
        Random random = new Random(seed);
        MachineCore m = new MachineCore(true, 3, 0);
        m.start();
        List<String> out = new ArrayList<>();
        List<IrqLine> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lines.add(m.requestIrq("l" + i, i % 3, l -> {
                out.add(m.nanoTime() + " cpu" + m.currentCpu() + " " + l.name() + " #" + l.count());
                IrqLine other = lines.get(random.nextInt(lines.size()));
                switch (random.nextInt(4)) {
                    case 0 -> other.raise();
                    case 1 -> other.cancel();
                    default -> other.raiseAt(m.nanoTime() + random.nextInt(20));
                }
                if (random.nextInt(3) > 0) {
                    l.raiseAt(m.nanoTime() + 1 + random.nextInt(30)); // keep the scenario alive
                }
            }));
        }
        for (IrqLine l : lines) {
            l.raiseAt(random.nextInt(10));
        }
        for (int step = 0; step < 200; step++) {
            if (random.nextInt(5) == 0) {
                lines.get(random.nextInt(lines.size())).raise();
            }
            m.advance(random.nextInt(25));
        }
        out.add("end " + m.nanoTime() + " " + m.interrupts());
        m.shutdown();
        return out;
    }
}
