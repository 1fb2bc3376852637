package io.jiffy.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.jiffy.clockevent.TickMode;
import io.jiffy.posix.ClockId;
import io.jiffy.posix.PosixClocks;
import io.jiffy.timekeeping.internal.TimekeeperCore;

/**
 * The cost of reading time, layer by layer, on a real-time Jiffy system (HZ 250, the machine's
 * oscillator as clocksource): the JDK's {@code System.nanoTime()}, the machine oscillator
 * ({@code Machine.nanoTime()}), {@code Timekeeper.monotonicNanos()} (sequence count, snapshot,
 * mult/shift) and {@code PosixClocks.clockGettime(CLOCK_MONOTONIC)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ClockReadBench {

    private JiffySystem system;
    private TimekeeperCore timekeeper;
    private PosixClocks posix;

    @Setup
    public void setup() {
        system = new JiffySystem(false, 1, 250, TickMode.PERIODIC);
        timekeeper = system.timekeeper;
        posix = system.posix;
    }

    @TearDown
    public void tearDown() {
        system.close();
    }

    /** The reference: the JDK's monotonic clock. */
    @Benchmark
    public long systemNanoTime() {
        return System.nanoTime();
    }

    /** The machine's oscillator in real mode (System.nanoTime() minus the boot time). */
    @Benchmark
    public long machineNanoTime() {
        return system.machine.nanoTime();
    }

    /** CLOCK_MONOTONIC from the timekeeper. */
    @Benchmark
    public long monotonicNanos() {
        return timekeeper.monotonicNanos();
    }

    /** CLOCK_MONOTONIC through the POSIX clocks service. */
    @Benchmark
    public long clockGettime() {
        return posix.clockGettime(ClockId.CLOCK_MONOTONIC);
    }
}
