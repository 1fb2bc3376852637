package io.jiffy.timekeeping.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * CLOCK_MONOTONIC under random switches, removals, re-registrations and user selections of
 * drift-free sources of varied frequencies (odd ones included) and widths (16 to 64 bits),
 * interleaved with advances, wall-time updates and reads: it never decreases, and between two
 * reads it grows by at most the machine time advanced plus one counter period of each source
 * used meanwhile (a counter only counts whole cycles), and stays that close to machine time.
 */
class MonotonicPropertyTest {

    /** name, rating, frequency, bits */
    private static final Object[][] KINDS = {
        {"machine", 100, 1_000_000_000L, 64},
        {"tsc", 300, 2_399_999_999L, 64},
        {"hpet", 250, 14_318_180L, 32},
        {"acpi_pm", 200, 3_579_545L, 24},
        {"sgi_rtc", 400, 25_000_000L, 55},
        {"MIPS", 220, 100_000_000L, 32},
        {"rtc32k", 150, 32_768L, 32},
        {"odd16", 120, 1_000_003L, 16},
    };

    @Test
    void tenThousandRandomOperations() {
        run(20240601L, 10_000);
    }

    @Property(tries = 30)
    void randomOperations(@ForAll long seed) {
        run(seed, 400);
    }

    private static void run(long seed, int operations) {
        Random rnd = new Random(seed);
        try (VirtualBoard board = new VirtualBoard()) {
            TimekeeperCore tk = board.tk;
            List<TestClockSource> registered = new ArrayList<>();
            List<TestClockSource> removed = new ArrayList<>();
            long last = tk.monotonicNanos();
            long lastMachine = board.machine.nanoTime();
            long slack = period(tk) + 1;     // allowed excess since the last read
            long totalSlack = slack;          // allowed distance to machine time overall
            String cur = tk.current().name();
            int switches = 0;
            for (int i = 0; i < operations; i++) {
                int op = rnd.nextInt(100);
                if (op < 15) {
                    TestClockSource cs;
                    if (!removed.isEmpty() && rnd.nextBoolean()) {
                        cs = removed.remove(rnd.nextInt(removed.size())); // re-registration
                    } else {
                        Object[] k = KINDS[rnd.nextInt(KINDS.length)];
                        long hz = (Long) k[2];
                        long offset = (long) (rnd.nextDouble() * 1e12); // counters start anywhere
                        // a unique name per source: switches are detected by name below
                        cs = new TestClockSource(board.machine, k[0] + "-" + i, (Integer) k[1], hz, hz, (Integer) k[3], offset);
                    }
                    registered.add(cs);
                    tk.addSource(cs, "owner" + i);
                } else if (op < 28 && !registered.isEmpty()) {
                    TestClockSource cs = registered.remove(rnd.nextInt(registered.size()));
                    tk.removeSource(cs);
                    removed.add(cs);
                } else if (op < 38 && !registered.isEmpty()) {
                    tk.select(registered.get(rnd.nextInt(registered.size())).name());
                } else if (op < 42) {
                    tk.selectAutomatic();
                } else if (op < 75) {
                    long step = rnd.nextInt(10) == 0 ? (long) (rnd.nextDouble() * 3e9) : (long) (rnd.nextDouble() * 5e7);
                    board.machine.advance(step);
                } else if (op < 85) {
                    tk.updateWallTime();
                }
                String now = tk.current().name();
                if (!now.equals(cur)) {
                    cur = now;
                    switches++;
                    slack += period(tk) + 1;
                    totalSlack += period(tk) + 1;
                }
                if (op >= 85 || rnd.nextInt(4) == 0) {
                    long mono = tk.monotonicNanos();
                    long machine = board.machine.nanoTime();
                    String where = "seed " + seed + ", operation " + i + " on " + cur;
                    assertTrue(mono >= last, "CLOCK_MONOTONIC went back from " + last + " to " + mono + " at " + where);
                    assertTrue(mono - last <= machine - lastMachine + slack, "CLOCK_MONOTONIC jumped by "
                            + (mono - last) + " ns after " + (machine - lastMachine) + " ns at " + where);
                    assertTrue(Math.abs(mono - machine) <= totalSlack, "CLOCK_MONOTONIC " + mono
                            + " strayed from machine time " + machine + " at " + where);
                    assertTrue(tk.monotonicCoarseNanos() <= mono, where);
                    last = mono;
                    lastMachine = machine;
                    slack = period(tk) + 1;
                }
            }
            assertTrue(operations < 1000 || switches > operations / 20, "too few switches: " + switches);
        }
    }

    /** One cycle of the current source in ns, rounded up. */
    private static long period(TimekeeperCore tk) {
        long hz = tk.current().frequencyHz();
        return (1_000_000_000L + hz - 1) / hz;
    }
}
