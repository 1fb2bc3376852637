package io.jiffy.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Expiry throughput: n timers due in one window, fired; timers fired per second. Not JMH: the
 * subjects that fire on their own thread can only be timed from inside their callbacks. A few
 * warm-up rounds, then measured rounds; the median round is reported.
 *
 * <p>Usage: {@code ExpireHarness <subject> <n> <warmup rounds> <rounds> <out.csv>}
 */
public final class ExpireHarness {

    static final String HEADER = "subject,n,rounds,median_ns,fired_per_s,min_ns,max_ns,median_deadline_to_last_ns";

    private ExpireHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ExpireHarness <subject: " + String.join("|", Subject.NAMES)
                    + "> <n> <warmup rounds> <rounds> <out.csv>");
            System.exit(2);
        }
        String name = args[0];
        int n = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        long[] times = new long[rounds];
        long[] lateness = new long[rounds];
        try (Subject s = Subject.create(name, 0)) {
            for (int r = 0; r < warmup; r++) {
                s.expire(n);
            }
            for (int r = 0; r < rounds; r++) {
                times[r] = s.expire(n);
                lateness[r] = s.lastDeadlineToLastNanos();
            }
        }
        Arrays.sort(times);
        Arrays.sort(lateness);
        long median = times[rounds / 2];
        double perSecond = n * 1e9 / median;
        String row = String.format(Locale.ROOT, "%s,%d,%d,%d,%.0f,%d,%d,%d", name, n, rounds, median, perSecond,
                times[0], times[rounds - 1], lateness[rounds / 2]);
        Csv.append(Path.of(args[4]), HEADER, row);
        System.out.printf(Locale.ROOT, "expire %-6s n=%-8d median %,d ns  -> %,.0f timers/s%n", name, n, median, perSecond);
    }
}
