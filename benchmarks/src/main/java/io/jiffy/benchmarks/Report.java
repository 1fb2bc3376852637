package io.jiffy.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads everything run.sh left in the results directory (JMH CSV files, expire.csv, memory.csv,
 * latency.csv and the .hgrm files, machine.txt) and writes {@code summary.md} (figures, ratios
 * against each peer, the goals with their measured values) and the SVG plots under
 * {@code plots/}. With a doc file, also replaces the part of it between
 * {@value #BEGIN} and {@value #END} with the summary, links pointing at the plots from there.
 *
 * <p>Usage: {@code Report <results dir> [<doc file> <path from the doc to the results dir>]}
 */
public final class Report {

    static final String BEGIN = "<!-- BEGIN RESULTS (written by benchmarks/run.sh) -->";
    static final String END = "<!-- END RESULTS -->";

    static final String[] PEERS = {"netty", "kafka", "agrona", "stpe"};
    static final Map<String, String> NAMES = Map.of(
            "jiffy", "Jiffy timer wheel",
            "netty", "Netty HashedWheelTimer",
            "kafka", "Kafka SystemTimer",
            "agrona", "Agrona DeadlineTimerWheel",
            "stpe", "JDK ScheduledThreadPoolExecutor");
    static final String[] LATENCY = {"machine-irq", "hrtimer", "posix-timer", "stpe", "netty", "cyclictest"};

    private final Path dir;
    private final List<JmhRow> jmh = new ArrayList<>();
    private final StringBuilder md = new StringBuilder();
    private final List<String[]> goals = new ArrayList<>();

    /** One JMH result row: benchmark method (with ":gc..." for secondary results), score, unit, params. */
    record JmhRow(String bench, double score, String unit, Map<String, String> params) {
    }

    private Report(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && args.length != 3) {
            System.err.println("usage: Report <results dir> [<doc file> <path from the doc to the results dir>]");
            System.exit(2);
        }
        Report r = new Report(Path.of(args[0]));
        r.load();
        String summary = r.render("");
        Files.writeString(r.dir.resolve("summary.md"), summary, StandardCharsets.UTF_8);
        System.out.println("wrote " + r.dir.resolve("summary.md") + " and plots in " + r.dir.resolve("plots"));
        if (args.length == 3) {
            Path doc = Path.of(args[1]);
            String prefix = args[2].endsWith("/") ? args[2] : args[2] + "/";
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            int b = text.indexOf(BEGIN);
            int e = text.indexOf(END);
            if (b < 0 || e < b) {
                System.err.println(doc + ": no " + BEGIN + " ... " + END + " block; left unchanged");
                System.exit(1);
            }
            Report again = new Report(r.dir);
            again.load();
            String body = again.render(prefix);
            Files.writeString(doc, text.substring(0, b + BEGIN.length()) + "\n" + body + text.substring(e),
                    StandardCharsets.UTF_8);
            System.out.println("updated the results in " + doc);
        }
    }

    // ------------------------------------------------------------------ loading

    private void load() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("jmh-")
                    && p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                readJmh(f);
            }
        }
    }

    private void readJmh(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        List<String> head = splitCsv(lines.get(0));
        int iBench = head.indexOf("Benchmark");
        int iScore = head.indexOf("Score");
        int iUnit = head.indexOf("Unit");
        for (int i = 1; i < lines.size(); i++) {
            List<String> row = splitCsv(lines.get(i));
            if (row.size() < head.size()) {
                continue;
            }
            Map<String, String> params = new HashMap<>();
            for (int k = 0; k < head.size(); k++) {
                if (head.get(k).startsWith("Param: ")) {
                    params.put(head.get(k).substring(7), row.get(k));
                }
            }
            String bench = row.get(iBench);
            bench = bench.substring(bench.lastIndexOf('.', bench.indexOf(':') < 0 ? bench.length() : bench.indexOf(':')) + 1);
            String cls = row.get(iBench);
            cls = cls.substring(0, cls.lastIndexOf('.', cls.indexOf(':') < 0 ? cls.length() : cls.indexOf(':')));
            cls = cls.substring(cls.lastIndexOf('.') + 1);
            try {
                jmh.add(new JmhRow(cls + "." + bench, Double.parseDouble(row.get(iScore)), row.get(iUnit), params));
            } catch (NumberFormatException skip) {
                // a score JMH could not compute
            }
        }
    }

    private static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** A JMH score, NaN when not measured. */
    private double score(String bench, String... params) {
        outer:
        for (JmhRow r : jmh) {
            if (!r.bench().equals(bench)) {
                continue;
            }
            for (int i = 0; i < params.length; i += 2) {
                if (!params[i + 1].equals(r.params().get(params[i]))) {
                    continue outer;
                }
            }
            return r.score();
        }
        return Double.NaN;
    }

    private TreeSet<Integer> jmhParam(String bench, String param) {
        TreeSet<Integer> v = new TreeSet<>();
        for (JmhRow r : jmh) {
            if (r.bench().equals(bench) && r.params().containsKey(param)) {
                v.add(Integer.parseInt(r.params().get(param)));
            }
        }
        return v;
    }

    // ------------------------------------------------------------------ rendering

    private String render(String prefix) throws IOException {
        md.setLength(0);
        goals.clear();
        Path machine = dir.resolve("machine.txt");
        if (Files.exists(machine)) {
            String m = Files.readString(machine, StandardCharsets.UTF_8);
            if (m.contains("mode: smoke")) {
                md.append("> **Smoke run, not the results**: tiny N, one short iteration, 1,000 latency samples. "
                        + "It only shows that everything runs end to end; run `benchmarks/run.sh` on a quiet "
                        + "machine for the figures.\n\n");
            }
            md.append("Machine and run:\n\n```\n").append(m.strip()).append("\n```\n\n");
        }
        armCancel(prefix);
        mod(prefix);
        expire(prefix);
        memory(prefix);
        ratios();
        clocks(prefix);
        hooks(prefix);
        latency(prefix);
        goalTable();
        return md.toString();
    }

    private void armCancel(String prefix) {
        TreeSet<Integer> ns = jmhParam("TimerOpsBench.armCancel", "pending");
        if (ns.isEmpty()) {
            return;
        }
        md.append("### Arm + cancel with N pending\n\nOne timer armed 1–60 s out and cancelled again, N timers already "
                + "pending 1–60 s out. ns/op (lower is better) and bytes allocated per op (`-prof gc`).\n\n| library |");
        for (int n : ns) {
            md.append(" ns/op N=").append(count(n)).append(" | B/op N=").append(count(n)).append(" |");
        }
        md.append("\n|---|").append("---:|---:|".repeat(ns.size())).append('\n');
        String[] cats = ns.stream().map(n -> "N = " + count(n)).toArray(String[]::new);
        double[][] v = new double[Subject.NAMES.length][ns.size()];
        for (int k = 0; k < Subject.NAMES.length; k++) {
            String s = Subject.NAMES[k];
            md.append("| ").append(NAMES.get(s)).append(" |");
            int c = 0;
            for (int n : ns) {
                double t = score("TimerOpsBench.armCancel", "subject", s, "pending", String.valueOf(n));
                double b = score("TimerOpsBench.armCancel:gc.alloc.rate.norm", "subject", s, "pending", String.valueOf(n));
                md.append(' ').append(num(t)).append(" | ").append(num(b)).append(" |");
                v[k][c++] = t;
            }
            md.append('\n');
        }
        Svg.bars(dir.resolve("plots/arm-cancel.svg"), "Arm + cancel with N pending (lower is better)", "ns/op", cats,
                displayNames(Subject.NAMES), v, true);
        md.append("\n![arm + cancel](").append(prefix).append("plots/arm-cancel.svg)\n\n");
    }

    private void mod(String prefix) {
        TreeSet<Integer> ns = jmhParam("TimerOpsBench.mod", "pending");
        if (ns.isEmpty()) {
            return;
        }
        md.append("### Re-arm a pending timer (mod)\n\nOne pending timer moved to a new 1–60 s expiry.\n\n| library |");
        for (int n : ns) {
            md.append(" ns/op N=").append(count(n)).append(" | B/op N=").append(count(n)).append(" |");
        }
        md.append("\n|---|").append("---:|---:|".repeat(ns.size())).append('\n');
        double[][] v = new double[Subject.NAMES.length][ns.size()];
        for (int k = 0; k < Subject.NAMES.length; k++) {
            String s = Subject.NAMES[k];
            md.append("| ").append(NAMES.get(s)).append(" |");
            int c = 0;
            for (int n : ns) {
                double t = score("TimerOpsBench.mod", "subject", s, "pending", String.valueOf(n));
                md.append(' ').append(num(t)).append(" | ")
                        .append(num(score("TimerOpsBench.mod:gc.alloc.rate.norm", "subject", s, "pending", String.valueOf(n))))
                        .append(" |");
                v[k][c++] = t;
            }
            md.append('\n');
        }
        Svg.bars(dir.resolve("plots/mod.svg"), "Re-arm (mod) a pending timer (lower is better)", "ns/op",
                ns.stream().map(n -> "N = " + count(n)).toArray(String[]::new), displayNames(Subject.NAMES), v, true);
        md.append("\n![mod](").append(prefix).append("plots/mod.svg)\n\n");
    }

    private Map<String, Map<Integer, String[]>> byNameAndN(List<String[]> rows) {
        Map<String, Map<Integer, String[]>> m = new LinkedHashMap<>();
        for (String[] r : rows) {
            m.computeIfAbsent(r[0], k -> new HashMap<>()).put(Integer.parseInt(r[1]), r);
        }
        return m;
    }

    private double cell(Map<String, Map<Integer, String[]>> m, String s, int n, int col) {
        Map<Integer, String[]> byN = m.get(s);
        if (byN == null || !byN.containsKey(n)) {
            return Double.NaN;
        }
        String v = byN.get(n)[col];
        return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }

    private Map<String, Map<Integer, String[]>> expireRows;
    private TreeSet<Integer> expireNs = new TreeSet<>();
    private Map<String, Map<Integer, String[]>> memoryRows;
    private TreeSet<Integer> memoryNs = new TreeSet<>();

    private void expire(String prefix) {
        List<String[]> rows = Csv.read(dir.resolve("expire.csv"));
        expireRows = byNameAndN(rows);
        expireNs = new TreeSet<>();
        rows.forEach(r -> expireNs.add(Integer.parseInt(r[1])));
        if (rows.isEmpty()) {
            return;
        }
        md.append("### Expire\n\nN timers due in one window, then fired: timers fired per second (higher is better; "
                + "median round). For Netty and the JDK, which fire on their own thread, the time runs from the first "
                + "to the last callback; the column \"deadline→last\" is the time from the deadline to the last "
                + "callback, their wake-up included.\n\n| library |");
        for (int n : expireNs) {
            md.append(" fired/s N=").append(count(n)).append(" |");
        }
        for (int n : expireNs) {
            md.append(" deadline→last N=").append(count(n)).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(expireNs.size() * 2)).append('\n');
        double[][] v = new double[Subject.NAMES.length][expireNs.size()];
        for (int k = 0; k < Subject.NAMES.length; k++) {
            String s = Subject.NAMES[k];
            md.append("| ").append(NAMES.get(s)).append(" |");
            int c = 0;
            for (int n : expireNs) {
                double f = cell(expireRows, s, n, 4);
                v[k][c++] = f;
                md.append(' ').append(num(f)).append(" |");
            }
            for (int n : expireNs) {
                double d = cell(expireRows, s, n, 7);
                md.append(' ').append(d < 0 || Double.isNaN(d) ? "–" : Svg.fmt(d / 1e3) + " µs").append(" |");
            }
            md.append('\n');
        }
        Svg.bars(dir.resolve("plots/expire.svg"), "Expire: timers fired per second (higher is better)", "timers/s",
                expireNs.stream().map(n -> "N = " + count(n)).toArray(String[]::new), displayNames(Subject.NAMES), v, true);
        md.append("\n![expire](").append(prefix).append("plots/expire.svg)\n\n");
    }

    private void memory(String prefix) {
        List<String[]> rows = Csv.read(dir.resolve("memory.csv"));
        memoryRows = byNameAndN(rows);
        memoryNs = new TreeSet<>();
        rows.forEach(r -> memoryNs.add(Integer.parseInt(r[1])));
        if (rows.isEmpty()) {
            return;
        }
        md.append("### Memory\n\nRetained heap per pending timer (used heap after full GCs with N timers pending, "
                + "minus before; lower is better).\n\n| library |");
        for (int n : memoryNs) {
            md.append(" B/timer N=").append(count(n)).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(memoryNs.size())).append('\n');
        double[][] v = new double[Subject.NAMES.length][memoryNs.size()];
        for (int k = 0; k < Subject.NAMES.length; k++) {
            String s = Subject.NAMES[k];
            md.append("| ").append(NAMES.get(s)).append(" |");
            int c = 0;
            for (int n : memoryNs) {
                double b = cell(memoryRows, s, n, 4);
                v[k][c++] = b;
                md.append(' ').append(num(b)).append(" |");
            }
            md.append('\n');
        }
        Svg.bars(dir.resolve("plots/memory.svg"), "Heap per pending timer (lower is better)", "bytes",
                memoryNs.stream().map(n -> "N = " + count(n)).toArray(String[]::new), displayNames(Subject.NAMES), v, false);
        md.append("\n![memory](").append(prefix).append("plots/memory.svg)\n\n");
    }

    private void ratios() {
        List<String[]> rows = new ArrayList<>();
        for (int n : jmhParam("TimerOpsBench.armCancel", "pending")) {
            String p = String.valueOf(n);
            rows.add(ratioRow("arm + cancel, N=" + count(n), s -> score("TimerOpsBench.armCancel", "subject", s, "pending", p), false));
        }
        for (int n : jmhParam("TimerOpsBench.mod", "pending")) {
            String p = String.valueOf(n);
            rows.add(ratioRow("mod, N=" + count(n), s -> score("TimerOpsBench.mod", "subject", s, "pending", p), false));
        }
        for (int n : expireNs) {
            rows.add(ratioRow("expire, N=" + count(n), s -> cell(expireRows, s, n, 4), true));
        }
        for (int n : memoryNs) {
            rows.add(ratioRow("memory, N=" + count(n), s -> cell(memoryRows, s, n, 4), false));
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("### Ratios against each peer\n\nHow many times better Jiffy is (peer ÷ Jiffy for times and bytes, "
                + "Jiffy ÷ peer for throughput): above 1 Jiffy is better, below 1 the peer is.\n\n| measure |");
        for (String p : PEERS) {
            md.append(' ').append(NAMES.get(p)).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(PEERS.length)).append('\n');
        for (String[] r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        md.append('\n');
    }

    private String[] ratioRow(String label, java.util.function.ToDoubleFunction<String> value, boolean higherBetter) {
        String[] r = new String[PEERS.length + 1];
        r[0] = label;
        double j = value.applyAsDouble("jiffy");
        for (int k = 0; k < PEERS.length; k++) {
            double p = value.applyAsDouble(PEERS[k]);
            double ratio = higherBetter ? j / p : p / j;
            r[k + 1] = Double.isNaN(ratio) || Double.isInfinite(ratio) ? "–" : String.format(Locale.ROOT, "%.2f×", ratio);
        }
        return r;
    }

    private void clocks(String prefix) {
        String[] reads = {"systemNanoTime", "machineNanoTime", "monotonicNanos", "clockGettime"};
        String[] labels = {"System.nanoTime()", "Machine.nanoTime()", "Timekeeper.monotonicNanos()",
            "PosixClocks.clockGettime(CLOCK_MONOTONIC)"};
        double base = score("ClockReadBench.systemNanoTime");
        if (Double.isNaN(base)) {
            return;
        }
        md.append("### Time reads\n\n| read | ns/op | × System.nanoTime() |\n|---|---:|---:|\n");
        double[][] v = new double[1][reads.length];
        for (int i = 0; i < reads.length; i++) {
            double t = score("ClockReadBench." + reads[i]);
            v[0][i] = t;
            md.append("| `").append(labels[i]).append("` | ").append(num(t)).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", t / base)).append(" |\n");
        }
        Svg.bars(dir.resolve("plots/clock-reads.svg"), "Time reads (lower is better)", "ns/op",
                new String[] {"System.nanoTime", "Machine", "monotonicNanos", "clockGettime"}, new String[] {"ns/op"}, v, false);
        md.append("\n![time reads](").append(prefix).append("plots/clock-reads.svg)\n\n");
        double mono = score("ClockReadBench.monotonicNanos");
        goal("monotonicNanos() ≤ 2× System.nanoTime()", String.format(Locale.ROOT, "%.2f×", mono / base), mono <= 2 * base);
    }

    private void hooks(String prefix) {
        TreeSet<Integer> hs = jmhParam("HookDispatchBench.dispatch", "hooks");
        if (hs.isEmpty()) {
            return;
        }
        md.append("### Hook dispatch\n\nOne tick through the chain (no grabber); each hook counts its calls. "
                + "\"plain loop\" calls the same hooks from an array: the floor.\n\n"
                + "| hooks | chain ns/tick | chain ns/hook | plain loop ns/tick | plain loop ns/hook |\n|---:|---:|---:|---:|---:|\n");
        String[] cats = hs.stream().map(h -> h + (h == 1 ? " hook" : " hooks")).toArray(String[]::new);
        double[][] v = new double[2][hs.size()];
        int c = 0;
        for (int h : hs) {
            double d = score("HookDispatchBench.dispatch", "hooks", String.valueOf(h));
            double p = score("HookDispatchBench.plainLoop", "hooks", String.valueOf(h));
            v[0][c] = d / h;
            v[1][c] = p / h;
            c++;
            goal("hook dispatch ≤ 5 ns per hook, chain of " + h, num(d / h) + " ns/hook", d / h <= 5);
            md.append("| ").append(h).append(" | ").append(num(d)).append(" | ").append(num(d / h)).append(" | ")
                    .append(num(p)).append(" | ").append(num(p / h)).append(" |\n");
        }
        Svg.bars(dir.resolve("plots/hooks.svg"), "Hook dispatch per hook (lower is better)", "ns per hook", cats,
                new String[] {"chain", "plain loop"}, v, false);
        md.append("\n![hooks](").append(prefix).append("plots/hooks.svg)\n\n");
    }

    private void latency(String prefix) throws IOException {
        List<String[]> rows = Csv.read(dir.resolve("latency.csv"));
        if (rows.isEmpty()) {
            return;
        }
        Map<String, String[]> by = new LinkedHashMap<>();
        rows.forEach(r -> by.put(r[0], r));
        md.append("### Wake-up lateness in real time\n\nA callback due every 1 ms, re-armed for the next absolute "
                + "deadline; lateness = clock at the callback − deadline (µs). CPU = process CPU time over the "
                + "measured stretch, in % of one core (the JVM's own threads included).\n\n"
                + "| subject | samples | p50 | p99 | p99.9 | max | CPU % |\n|---|---:|---:|---:|---:|---:|---:|\n");
        List<String> order = new ArrayList<>(List.of(LATENCY));
        for (String k : by.keySet()) {
            if (!order.contains(k)) {
                order.add(k);
            }
        }
        List<Svg.Series> cdf = new ArrayList<>();
        List<String> barNames = new ArrayList<>();
        for (String s : order) {
            String[] r = by.get(s);
            if (r == null) {
                continue;
            }
            md.append("| ").append(s).append(" | ").append(r[1]).append(" | ").append(dash(r[2])).append(" | ")
                    .append(dash(r[3])).append(" | ").append(dash(r[4])).append(" | ").append(dash(r[5])).append(" | ")
                    .append(r[7]).append(" |\n");
            Path h = dir.resolve("latency-" + s + ".hgrm");
            if (Files.exists(h)) {
                cdf.add(new Svg.Series(s, hgrm(h)));
                barNames.add(s);
            }
        }
        md.append('\n');
        if (!cdf.isEmpty()) {
            List<Object[]> ticks = new ArrayList<>();
            String[] tl = {"0%", "90%", "99%", "99.9%", "99.99%"};
            for (int i = 0; i < tl.length; i++) {
                ticks.add(new Object[] {Math.pow(10, i), tl[i]});
            }
            Svg.lines(dir.resolve("plots/latency-percentiles.svg"), "Wake-up lateness by percentile (1 ms period)",
                    "percentile", "lateness (µs)", cdf, true, true, ticks);
            md.append("![lateness by percentile](").append(prefix).append("plots/latency-percentiles.svg)\n\n");
            String[] cats = {"p50", "p99", "p99.9", "max"};
            double[][] v = new double[barNames.size()][4];
            for (int k = 0; k < barNames.size(); k++) {
                String[] r = by.get(barNames.get(k));
                for (int i = 0; i < 4; i++) {
                    v[k][i] = r[2 + i].isEmpty() ? Double.NaN : Double.parseDouble(r[2 + i]);
                }
            }
            Svg.bars(dir.resolve("plots/latency.svg"), "Wake-up lateness (lower is better)", "µs", cats,
                    barNames.toArray(String[]::new), v, true);
            md.append("![lateness](").append(prefix).append("plots/latency.svg)\n\n");
        }
        String[] idle = by.get("jiffy-idle");
        String[] jvmIdle = by.get("jvm-idle");
        if (idle != null) {
            md.append("Idle (nothing armed) for the same length of time: the full Jiffy system at HZ 250 uses **")
                    .append(idle[7]).append("%** of one core");
            if (jvmIdle != null) {
                md.append("; a JVM that only sleeps uses ").append(jvmIdle[7]).append('%');
            }
            md.append(".\n\n");
            goal("idle at HZ 250 under 5% of one core", idle[7] + "%", Double.parseDouble(idle[7]) < 5);
        }
        String[] cyc = by.get("cyclictest");
        for (String s : new String[] {"machine-irq", "hrtimer", "posix-timer"}) {
            String[] r = by.get(s);
            if (r != null && cyc != null) {
                double p = Double.parseDouble(r[3]);
                double ref = Double.parseDouble(cyc[3]);
                goal(s + " p99 ≤ cyclictest SCHED_OTHER p99", num(p) + " µs vs " + num(ref) + " µs", p <= ref);
            }
        }
    }

    /** The (1/(1-percentile), value µs) points of an HdrHistogram percentile distribution file. */
    private static List<double[]> hgrm(Path f) throws IOException {
        List<double[]> pts = new ArrayList<>();
        for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            String t = l.trim();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("Value")) {
                continue;
            }
            String[] c = t.split("\\s+");
            if (c.length < 4) {
                continue;
            }
            try {
                double value = Double.parseDouble(c[0]);
                double pct = Double.parseDouble(c[1]);
                if (pct >= 1.0) {
                    continue;
                }
                pts.add(new double[] {1 / (1 - pct), Math.max(value, 0.1)});
            } catch (NumberFormatException skip) {
                // a summary line
            }
        }
        return pts;
    }

    private void goal(String what, String measured, boolean met) {
        goals.add(new String[] {what, measured, met ? "met" : "**missed**"});
    }

    private void goalTable() {
        double j1m = Double.NaN;
        TreeSet<Integer> ns = jmhParam("TimerOpsBench.armCancel", "pending");
        if (!ns.isEmpty()) {
            int big = ns.last();
            String p = String.valueOf(big);
            j1m = score("TimerOpsBench.armCancel", "subject", "jiffy", "pending", p);
            goals.add(0, new String[] {"arm + cancel ≤ 25 ns/op with N=" + count(big) + " pending", num(j1m) + " ns/op",
                j1m <= 25 ? "met" : "**missed**"});
            double b = score("TimerOpsBench.armCancel:gc.alloc.rate.norm", "subject", "jiffy", "pending", p);
            goals.add(1, new String[] {"arm + cancel 0 B/op after warm-up", num(b) + " B/op", b < 0.5 ? "met" : "**missed**"});
            int at = 2;
            for (int n : ns) {
                String pn = String.valueOf(n);
                double j = score("TimerOpsBench.armCancel", "subject", "jiffy", "pending", pn);
                for (String[] peer : new String[][] {{"kafka", "5"}, {"netty", "5"}, {"stpe", "20"}, {"agrona", "1"}}) {
                    double x = score("TimerOpsBench.armCancel", "subject", peer[0], "pending", pn) / j;
                    double need = Double.parseDouble(peer[1]);
                    goals.add(at++, new String[] {"arm + cancel " + (need > 1 ? "≥ " + peer[1] + "× " : "") + "faster than "
                        + NAMES.get(peer[0]) + ", N=" + count(n), String.format(Locale.ROOT, "%.2f×", x),
                        x >= need && (need > 1 || x > 1) ? "met" : "**missed**"});
                }
            }
        }
        for (int n : memoryNs) {
            double b = cell(memoryRows, "jiffy", n, 4);
            if (!Double.isNaN(b)) {
                goals.add(new String[] {"memory ≤ 64 bytes per pending timer, N=" + count(n), num(b) + " B",
                    b <= 64 ? "met" : "**missed**"});
            }
        }
        if (goals.isEmpty()) {
            return;
        }
        md.append("### Goals\n\nMeasured, never asserted in a test.\n\n| goal | measured | |\n|---|---:|---|\n");
        for (String[] g : goals) {
            md.append("| ").append(String.join(" | ", g)).append(" |\n");
        }
        md.append('\n');
    }

    // ------------------------------------------------------------------ formatting

    private static String[] displayNames(String[] subjects) {
        String[] out = new String[subjects.length];
        for (int i = 0; i < subjects.length; i++) {
            out[i] = subjects[i].equals("stpe") ? "JDK STPE" : NAMES.get(subjects[i]).split(" ")[0];
        }
        return out;
    }

    private static String count(int n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) {
            return (n / 1_000_000) + "M";
        }
        if (n >= 1000 && n % 1000 == 0) {
            return (n / 1000) + "k";
        }
        return String.valueOf(n);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Math.abs(v) >= 1e6) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String dash(String s) {
        return s.isEmpty() ? "–" : s;
    }
}
