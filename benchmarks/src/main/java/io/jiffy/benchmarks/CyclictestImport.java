package io.jiffy.benchmarks;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Turns the histogram cyclictest prints with {@code -q -h <max>} (one line per microsecond:
 * {@code <us> <count>}, then {@code # Max Latencies} and {@code # Histogram Overflows}) into the
 * same files the {@link LatencyHarness} writes: {@code latency-cyclictest.hgrm} and a row of
 * {@code latency.csv}. A bucket of {@code k} µs is recorded as k µs (cyclictest's resolution is
 * 1 µs); overflows are recorded at the reported maximum.
 *
 * <p>Usage: {@code CyclictestImport <cyclictest output> <cpu seconds (user+sys)> <wall seconds> <results dir>}
 */
public final class CyclictestImport {

    private CyclictestImport() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: CyclictestImport <cyclictest output> <cpu seconds> <wall seconds> <results dir>");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        double cpuSeconds = Double.parseDouble(args[1]);
        double wallSeconds = Double.parseDouble(args[2]);
        Path dir = Path.of(args[3]);
        Histogram h = new Histogram(1, TimeUnit.SECONDS.toNanos(10), 3);
        long maxUs = -1;
        long overflows = 0;
        for (String raw : lines) {
            String l = raw.trim();
            if (l.matches("\\d+\\s+\\d+.*")) {
                String[] f = l.split("\\s+");
                long us = Long.parseLong(f[0]);
                long count = Long.parseLong(f[1]);
                if (count > 0) {
                    h.recordValueWithCount(Math.max(1, us * 1000), count);
                }
            } else if (l.startsWith("# Max Latencies:")) {
                maxUs = Long.parseLong(l.substring(l.indexOf(':') + 1).trim().split("\\s+")[0]);
            } else if (l.startsWith("# Histogram Overflows:")) {
                overflows = Long.parseLong(l.substring(l.indexOf(':') + 1).trim().split("\\s+")[0]);
            }
        }
        if (overflows > 0 && maxUs > 0) {
            h.recordValueWithCount(maxUs * 1000, overflows);
        }
        if (h.getTotalCount() == 0) {
            System.err.println("cyclictest: no histogram found in " + args[0] + " (was it run with -q -h <max>?)");
            System.exit(1);
        }
        try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("latency-cyclictest.hgrm")), true, "UTF-8")) {
            h.outputPercentileDistribution(out, 1000.0);
        }
        double max = maxUs > 0 ? maxUs : h.getMaxValue() / 1e3;
        String row = String.format(Locale.ROOT, "cyclictest,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.2f,%.2f,0", h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3,
                max, h.getMean() / 1e3, 100.0 * cpuSeconds / wallSeconds, wallSeconds);
        Csv.append(dir.resolve("latency.csv"), LatencyHarness.HEADER, row);
        System.out.printf(Locale.ROOT, "latency %-12s p50 %.1f us  p99 %.1f us  p99.9 %.1f us  max %.1f us  cpu %.2f%%%n",
                "cyclictest", h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, max, 100.0 * cpuSeconds / wallSeconds);
    }
}
