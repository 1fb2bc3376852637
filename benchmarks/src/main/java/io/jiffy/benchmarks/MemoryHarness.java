package io.jiffy.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Retained heap per pending timer: the used heap after full GCs with n timers pending 1–60 s out,
 * minus the used heap before they were armed (the subject built and the array holding the
 * handles already allocated), divided by n. Run one subject and one n per JVM, with a compacting
 * collector whose used heap after a full GC is the live bytes ({@code -XX:+UseParallelGC}: G1 adds
 * a little region slack).
 *
 * <p>Usage: {@code MemoryHarness <subject> <n> <out.csv>}
 */
public final class MemoryHarness {

    static final String HEADER = "subject,n,baseline_bytes,after_bytes,bytes_per_timer";

    private MemoryHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: MemoryHarness <subject: " + String.join("|", Subject.NAMES) + "> <n> <out.csv>");
            System.exit(2);
        }
        String name = args[0];
        int n = Integer.parseInt(args[1]);
        // real-time subjects: 10 minutes further out, so nothing fires while the heap is measured
        try (Subject s = Subject.create(name, 600_000_000_000L)) {
            s.reserve(n);
            long before = usedAfterGc();
            s.armBackground(n, new Delays(Delays.BACKGROUND_SEED));
            if (s instanceof NettySubject netty) {
                netty.settle(n);
            }
            long after = usedAfterGc();
            double perTimer = (after - before) / (double) n;
            Csv.append(Path.of(args[2]), HEADER,
                    String.format(Locale.ROOT, "%s,%d,%d,%d,%.1f", name, n, before, after, perTimer));
            System.out.printf(Locale.ROOT, "memory %-6s n=%-9d %.1f bytes per pending timer%n", name, n, perTimer);
            reachabilityFence(s);
        }
    }

    private static void reachabilityFence(Object o) {
        java.lang.ref.Reference.reachabilityFence(o);
    }

    /** Used heap after full collections (until it stops shrinking, at most 5). */
    static long usedAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            long u = mem.getHeapMemoryUsage().getUsed();
            if (u >= used) {
                return Math.min(u, used);
            }
            used = u;
        }
        return used;
    }
}
