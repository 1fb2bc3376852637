package io.jiffy.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Arm + cancel and re-arm (mod) with N timers already pending 1–60 s out, for every
 * {@link Subject}: ns/op (and B/op with {@code -prof gc}). One subject per fork, so every call
 * site sees one implementation.
 *
 * <ul>
 * <li>{@code armCancel}: arm one of 4096 idle measured timers 1–60 s out and cancel it;
 *     the N background timers stay pending.</li>
 * <li>{@code mod}: re-arm one of 4096 pending measured timers (part of the N) to a new 1–60 s
 *     expiry.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TimerOpsBench {

    /** Which library. */
    @Param({"jiffy", "netty", "kafka", "agrona", "stpe"})
    public String subject;

    /** Timers already pending. */
    @Param({"1000", "1000000"})
    public int pending;

    private Subject s;
    private int c;

    @Setup
    public void setup(BenchmarkParams params) throws InterruptedException {
        // real-time subjects push every delay past the whole trial (+ a minute): nothing fires while measured
        long trial = params.getWarmup().getCount() * params.getWarmup().getTime().convertTo(TimeUnit.NANOSECONDS)
                + params.getMeasurement().getCount() * params.getMeasurement().getTime().convertTo(TimeUnit.NANOSECONDS);
        s = Subject.create(subject, trial + 60_000_000_000L);
        boolean mod = params.getBenchmark().endsWith(".mod");
        int background = mod ? Math.max(0, pending - Subject.OPS) : pending;
        s.reserve(background);
        s.armBackground(background, new Delays(Delays.BACKGROUND_SEED));
        if (mod) {
            s.prepareMod(new Delays(Delays.MEASURED_SEED), new Delays(Delays.MEASURED_SEED + 1));
        } else {
            s.prepareArmCancel(new Delays(Delays.MEASURED_SEED));
        }
        if (s instanceof NettySubject n) {
            n.settle(pending);
        }
        System.gc();
    }

    @TearDown
    public void tearDown() {
        s.close();
    }

    /** Arm one timer 1–60 s out and cancel it, with N pending. */
    @Benchmark
    public boolean armCancel() {
        return s.armCancel(c++);
    }

    /** Re-arm one pending timer to a new 1–60 s expiry, with N pending. */
    @Benchmark
    public boolean mod() {
        return s.mod(c++);
    }
}
