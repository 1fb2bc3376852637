package io.jiffy.timerwheel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jiffy.machine.IrqLine;
import io.jiffy.machine.internal.MachineCore;
import io.jiffy.timer.Timer;

/**
 * The seeds' "second" device: a timer re-armed with {@code mod(jiffies + HZ)} from its own
 * function fires exactly N times in N seconds of virtual time, at every HZ, on every CPU. A
 * virtual {@link MachineCore} delivers a per-CPU tick interrupt at each jiffy boundary that
 * runs the wheel's softirq, as the clockevents tick does.
 */
class SecondDeviceTest {

    @ParameterizedTest
    @ValueSource(ints = {100, 250, 300, 1000})
    void firesOncePerSecond(int hz) {
        int cpus = 2;
        MachineCore machine = new MachineCore(true, cpus, 0);
        machine.start();
        try {
            StubTick tick = new StubTick(hz);
            WheelCore core = new WheelCore(cpus, 0, WheelLog.NONE);
            TimerWheelFacade wheel = new TimerWheelFacade();
            wheel.init(core, tick, machine, new Owner("test"));
            AtomicLong[] jiffies = new AtomicLong[cpus];
            for (int c = 0; c < cpus; c++) {
                int cpu = c;
                jiffies[c] = new AtomicLong();
                IrqLine first = machine.requestIrq("tick" + c, c, line -> {
                    long j = jiffies[cpu].incrementAndGet();
                    if (cpu == 0) {
                        tick.jiffies = j; // the timekeeping CPU's do_timer
                    }
                    core.runTimers(cpu, tick.jiffies);
                    line.raiseAt(nanosOf(j + 1, hz));
                });
                first.raiseAt(nanosOf(1, hz));
            }
            long[] fired = new long[cpus];
            for (int c = 0; c < cpus; c++) {
                int cpu = c;
                Timer t = wheel.newTimer(timer -> {
                    fired[cpu]++;
                    timer.mod(wheel.jiffies() + wheel.hz());
                }, c);
                t.add(wheel.jiffies() + wheel.hz());
            }
            int seconds = 7;
            for (int s = 1; s <= seconds; s++) {
                machine.advanceTo(s * 1_000_000_000L);
                assertEquals(s * (long) hz, tick.jiffies, "jiffies after " + s + " s");
                for (int c = 0; c < cpus; c++) {
                    assertEquals(s, fired[c], "firings on cpu" + c + " after " + s + " s at HZ " + hz);
                }
            }
            for (int c = 0; c < cpus; c++) {
                assertEquals(seconds, core.stats().get(c).expired());
                assertEquals(1, core.stats().get(c).pending());
            }
        } finally {
            machine.shutdown();
        }
    }

    /** The time of jiffy {@code j}: j * 10^9 / hz rounded up (a tick never comes early). */
    private static long nanosOf(long j, int hz) {
        return (j * 1_000_000_000L + hz - 1) / hz;
    }
}
