package io.jiffy.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two kinds of plot the report draws, as self-contained SVG files (no plotting package
 * needed): grouped bar charts and line charts, each axis linear or logarithmic.
 */
final class Svg {

    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int W = 760;
    private static final int H = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private Svg() {
    }

    /** A series of points for {@link #lines}. */
    record Series(String name, List<double[]> points) {
    }

    /**
     * A grouped bar chart: one group per category, one bar per series (NaN: no bar).
     *
     * @param values values[series][category]
     */
    static void bars(Path file, String title, String yLabel, String[] categories, String[] series, double[][] values,
            boolean logY) {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double[] row : values) {
            for (double v : row) {
                if (!Double.isNaN(v) && v > 0) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        if (max == 0) {
            max = 1;
            min = 1;
        }
        Axis y = logY ? Axis.log(min, max) : Axis.linear(0, max * 1.1);
        StringBuilder s = header(title);
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        yAxis(s, y, yLabel, plotH);
        double groupW = plotW / (double) categories.length;
        double barW = groupW * 0.8 / series.length;
        for (int c = 0; c < categories.length; c++) {
            double gx = LEFT + c * groupW + groupW * 0.1;
            for (int k = 0; k < series.length; k++) {
                double v = values[k][c];
                if (Double.isNaN(v) || (logY && v <= 0)) {
                    continue;
                }
                double top = TOP + plotH * (1 - y.frac(v));
                double x = gx + k * barW;
                s.append(String.format(Locale.ROOT,
                        "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'><title>%s %s: %s</title></rect>%n",
                        x, top, barW * 0.92, TOP + plotH - top, COLORS[k % COLORS.length], esc(series[k]),
                        esc(categories[c]), fmt(v)));
                s.append(String.format(Locale.ROOT,
                        "<text x='%.1f' y='%.1f' font-size='9' text-anchor='middle'>%s</text>%n",
                        x + barW * 0.46, top - 3, fmt(v)));
            }
            s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='12' text-anchor='middle'>%s</text>%n",
                    gx + groupW * 0.4, TOP + plotH + 18, esc(categories[c])));
        }
        legend(s, series);
        write(file, s);
    }

    /** A line chart; {@code xTicks} (value, label) pairs replace the automatic x labels when not null. */
    static void lines(Path file, String title, String xLabel, String yLabel, List<Series> series, boolean logX,
            boolean logY, List<Object[]> xTicks) {
        double xmin = Double.MAX_VALUE;
        double xmax = -Double.MAX_VALUE;
        double ymin = Double.MAX_VALUE;
        double ymax = -Double.MAX_VALUE;
        for (Series se : series) {
            for (double[] p : se.points()) {
                xmin = Math.min(xmin, p[0]);
                xmax = Math.max(xmax, p[0]);
                ymin = Math.min(ymin, p[1]);
                ymax = Math.max(ymax, p[1]);
            }
        }
        if (xmin > xmax) {
            xmin = 1;
            xmax = 10;
            ymin = 1;
            ymax = 10;
        }
        Axis x = logX ? Axis.log(xmin, xmax) : Axis.linear(xmin, xmax);
        Axis y = logY ? Axis.log(Math.max(ymin, 1e-3), ymax) : Axis.linear(0, ymax * 1.05);
        StringBuilder s = header(title);
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        yAxis(s, y, yLabel, plotH);
        List<Object[]> ticks = xTicks != null ? xTicks : x.ticks();
        for (Object[] t : ticks) {
            double v = (Double) t[0];
            if (v < x.lo || v > x.hi) {
                continue;
            }
            double px = LEFT + plotW * x.frac(v);
            s.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#ddd'/>%n", px, TOP, px, TOP + plotH));
            s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>%n",
                    px, TOP + plotH + 16, esc((String) t[1])));
        }
        s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' text-anchor='middle'>%s</text>%n",
                LEFT + plotW / 2, H - 15, esc(xLabel)));
        String[] names = new String[series.size()];
        for (int k = 0; k < series.size(); k++) {
            Series se = series.get(k);
            names[k] = se.name();
            StringBuilder path = new StringBuilder();
            for (double[] p : se.points()) {
                if ((logX && p[0] <= 0) || (logY && p[1] <= 0)) {
                    continue;
                }
                double px = LEFT + plotW * x.frac(Math.min(Math.max(p[0], x.lo), x.hi));
                double py = TOP + plotH * (1 - y.frac(Math.min(Math.max(p[1], y.lo), y.hi)));
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
            }
            s.append(String.format(Locale.ROOT, "<path d='%s' fill='none' stroke='%s' stroke-width='1.8'/>%n",
                    path, COLORS[k % COLORS.length]));
        }
        legend(s, names);
        write(file, s);
    }

    private static StringBuilder header(String title) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "font-family='sans-serif' viewBox='0 0 %d %d'>%n", W, H, W, H));
        s.append(String.format(Locale.ROOT, "<rect width='%d' height='%d' fill='white'/>%n", W, H));
        s.append(String.format(Locale.ROOT, "<text x='%d' y='24' font-size='15' text-anchor='middle' font-weight='bold'>%s</text>%n",
                (W - RIGHT + LEFT) / 2, esc(title)));
        return s;
    }

    private static void yAxis(StringBuilder s, Axis y, String label, int plotH) {
        int plotW = W - LEFT - RIGHT;
        for (Object[] t : y.ticks()) {
            double v = (Double) t[0];
            double py = TOP + plotH * (1 - y.frac(v));
            s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/>%n", LEFT, py, LEFT + plotW, py));
            s.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' font-size='11' text-anchor='end'>%s</text>%n",
                    LEFT - 6, py + 4, esc((String) t[1])));
        }
        s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n", LEFT, TOP, LEFT, TOP + plotH));
        s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n",
                LEFT, TOP + plotH, LEFT + plotW, TOP + plotH));
        s.append(String.format(Locale.ROOT, "<text x='18' y='%d' font-size='12' text-anchor='middle' "
                + "transform='rotate(-90 18 %d)'>%s</text>%n", TOP + plotH / 2, TOP + plotH / 2, esc(label)));
    }

    private static void legend(StringBuilder s, String[] names) {
        int x = W - RIGHT + 15;
        for (int k = 0; k < names.length; k++) {
            int y = TOP + 10 + k * 20;
            s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='12' height='12' fill='%s'/>%n", x, y - 10,
                    COLORS[k % COLORS.length]));
            s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12'>%s</text>%n", x + 18, y, esc(names[k])));
        }
    }

    private static void write(Path file, StringBuilder s) {
        s.append("</svg>\n");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, s, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fmt(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.2fG", v / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (a >= 100 || (a >= 10 && v == Math.rint(v))) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }

    /** A value axis: linear or base-10 logarithmic. */
    private static final class Axis {
        final double lo;
        final double hi;
        final boolean log;

        private Axis(double lo, double hi, boolean log) {
            this.lo = lo;
            this.hi = hi;
            this.log = log;
        }

        static Axis linear(double lo, double hi) {
            return new Axis(lo, hi > lo ? hi : lo + 1, false);
        }

        static Axis log(double lo, double hi) {
            double l = Math.pow(10, Math.floor(Math.log10(lo)));
            double h = Math.pow(10, Math.ceil(Math.log10(hi)));
            return new Axis(l, h > l ? h : l * 10, true);
        }

        double frac(double v) {
            return log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
        }

        List<Object[]> ticks() {
            List<Object[]> t = new ArrayList<>();
            if (log) {
                for (double v = lo; v <= hi * 1.0001; v *= 10) {
                    t.add(new Object[] {v, fmt(v)});
                }
            } else {
                double step = niceStep((hi - lo) / 5);
                for (double v = Math.ceil(lo / step) * step; v <= hi * 1.0001; v += step) {
                    t.add(new Object[] {v, fmt(v)});
                }
            }
            return t;
        }

        private static double niceStep(double raw) {
            double p = Math.pow(10, Math.floor(Math.log10(raw)));
            double m = raw / p;
            return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
        }
    }
}
