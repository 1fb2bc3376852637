package io.jiffy.machine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jiffy.machine.IrqLine;

/**
 * The machine in real time: interrupt serialization per CPU, exactly-once alarm delivery and
 * shutdown. No sleeps and no assertions on durations: waits are latches with a generous timeout.
 */
class MachineCoreRealTest {

    private static final long TIMEOUT_SECONDS = 30;
    private MachineCore machine;

    @AfterEach
    void stop() {
        if (machine != null) {
            machine.shutdown();
        }
    }

    private MachineCore start(int cpus) {
        machine = new MachineCore(false, cpus, 50_000);
        machine.start();
        return machine;
    }

    @Test
    void handlersOfOneCpuNeverOverlap() throws Exception {
        start(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger wrongCpu = new AtomicInteger();
        List<IrqLine> lines = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            lines.add(machine.requestIrq("l" + i, 0, l -> {
                int now = running.incrementAndGet();
                maxRunning.accumulateAndGet(now, Math::max);
                if (machine.currentCpu() != 0 || !Thread.currentThread().getName().equals("jiffy-cpu0")) {
                    wrongCpu.incrementAndGet();
                }
                for (int spin = 0; spin < 200; spin++) {
                    Thread.onSpinWait(); // widen the window an overlap would show in
                }
                running.decrementAndGet();
            }));
        }
        int threads = 4;
        CountDownLatch raised = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int n = 0; n < 5_000; n++) {
                    IrqLine line = lines.get(random.nextInt(lines.size()));
                    if (random.nextBoolean()) {
                        line.raise();
                    } else {
                        line.raiseAt(machine.nanoTime() + random.nextInt(100_000));
                    }
                }
                raised.countDown();
            }, "raiser-" + t).start();
        }
        assertTrue(raised.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "raisers finished");
        // armed after everything else, at a later time: runs once everything before it has run
        CountDownLatch drained = new CountDownLatch(1);
        machine.requestIrq("sentinel", 0, l -> drained.countDown()).raiseAt(machine.nanoTime() + 200_000);
        assertTrue(drained.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "sentinel delivered");

        assertEquals(1, maxRunning.get(), "handlers of one CPU overlapped");
        assertEquals(0, wrongCpu.get(), "a handler ran outside its CPU thread");
        long delivered = lines.stream().mapToLong(IrqLine::count).sum();
        assertTrue(delivered > 0);
    }

    @Test
    void everyArmedAlarmRunsExactlyOnce() throws Exception {
        start(4);
        int alarms = 2_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(alarms);
        CountDownLatch done = new CountDownLatch(alarms);
        List<IrqLine> lines = new ArrayList<>();
        for (int i = 0; i < alarms; i++) {
            int id = i;
            lines.add(machine.requestIrq("alarm" + i, i % 4, l -> {
                runs.incrementAndGet(id);
                done.countDown();
            }));
        }
        int threads = 4;
        CountDownLatch armed = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int first = t;
            new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = first; i < alarms; i += threads) {
                    lines.get(i).raiseAt(machine.nanoTime() + random.nextLong(5_000_000));
                }
                armed.countDown();
            }, "armer-" + t).start();
        }
        assertTrue(armed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "armers finished");
        assertTrue(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "all alarms delivered, missing " + done.getCount());

        machine.shutdown(); // joins the CPU threads: counts are final
        for (int i = 0; i < alarms; i++) {
            assertEquals(1, runs.get(i), "alarm " + i + " runs");
            assertEquals(1, lines.get(i).count(), "alarm " + i + " count");
            assertEquals(-1, lines.get(i).armedAt(), "alarm " + i + " disarmed");
        }
    }

    @Test
    void shutdownStopsDelivery() throws Exception {
        start(2);
        CountDownLatch alive = new CountDownLatch(1);
        machine.requestIrq("alive", 1, l -> alive.countDown()).raise();
        assertTrue(alive.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the machine delivers interrupts");
        AtomicInteger late = new AtomicInteger();
        IrqLine far = machine.requestIrq("far", 0, l -> late.incrementAndGet());
        far.raiseAt(machine.nanoTime() + TimeUnit.HOURS.toNanos(1));
        IrqLine soon = machine.requestIrq("soon", 1, l -> late.incrementAndGet());

        machine.shutdown();
        soon.raise();
        soon.raiseAt(0);

        assertEquals(0, far.count());
        assertEquals(-1, far.armedAt(), "shutdown drops what was armed");
        assertEquals(0, soon.count());
        assertEquals(0, late.get());
    }

    @Test
    void aThrowingHandlerDoesNotStopItsCpu() throws Exception {
        start(1);
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        machine.setErrorLog((message, error) -> errors.add(message));
        IrqLine bad = machine.requestIrq("bad", 0, l -> {
            throw new IllegalStateException("boom");
        });
        CountDownLatch after = new CountDownLatch(1);
        IrqLine good = machine.requestIrq("good", 0, l -> after.countDown());
        bad.raise();
        bad.raise();
        good.raiseAt(machine.nanoTime() + 1_000_000);
        assertTrue(after.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the CPU went on after a failing handler");
        machine.shutdown();
        assertEquals(bad.count(), machine.handlerErrors());
        assertEquals(1, errors.size(), "one log line per failing line");
    }

    @Test
    void currentCpuIsTheCpuThreadsIndexAndMinusOneElsewhere() throws Exception {
        start(3);
        AtomicIntegerArray seen = new AtomicIntegerArray(3);
        CountDownLatch done = new CountDownLatch(3);
        for (int cpu = 0; cpu < 3; cpu++) {
            int expected = cpu;
            machine.requestIrq("who", cpu, l -> {
                seen.set(expected, machine.currentCpu());
                done.countDown();
            }).raise();
        }
        assertTrue(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        for (int cpu = 0; cpu < 3; cpu++) {
            assertEquals(cpu, seen.get(cpu));
        }
        assertEquals(-1, machine.currentCpu());
        assertTrue(machine.nanoTime() >= 0);
    }
}
