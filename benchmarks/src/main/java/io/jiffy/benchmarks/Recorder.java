package io.jiffy.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Collects wake-up lateness from one callback thread: the first {@code warmup} samples are
 * dropped, the next {@code samples} go into an HdrHistogram (ns, 1 ns to 10 s, 3 digits), and
 * the process CPU time and wall time of the measured stretch are taken at its first and last
 * sample. Allocation-free per sample.
 */
final class Recorder {

    private final int warmup;
    private final int samples;
    final Histogram histogram = new Histogram(1, TimeUnit.SECONDS.toNanos(10), 3);
    private final CountDownLatch done = new CountDownLatch(1);
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private int seen;
    private long cpuStart;
    private long wallStart;
    volatile long cpuNanos;
    volatile long wallNanos;
    /** Samples below zero (a callback before its deadline): counted, recorded as 0. */
    long early;

    Recorder(int warmup, int samples) {
        this.warmup = warmup;
        this.samples = samples;
    }

    /**
     * Records one wake-up {@code latenessNanos} after its deadline.
     *
     * @return whether more samples are wanted (re-arm), false once done
     */
    boolean sample(long latenessNanos) {
        int k = seen++;
        if (k < warmup) {
            if (k == warmup - 1) {
                cpuStart = os.getProcessCpuTime();
                wallStart = System.nanoTime();
            }
            return true;
        }
        if (k >= warmup + samples) {
            return false;
        }
        if (latenessNanos < 0) {
            early++;
            latenessNanos = 0;
        }
        histogram.recordValue(Math.min(latenessNanos, histogram.getHighestTrackableValue()));
        if (k == warmup + samples - 1) {
            wallNanos = System.nanoTime() - wallStart;
            cpuNanos = os.getProcessCpuTime() - cpuStart;
            done.countDown();
            return false;
        }
        return true;
    }

    /** Waits for the last sample, at most {@code timeoutNanos}. */
    boolean await(long timeoutNanos) throws InterruptedException {
        return done.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }
}
