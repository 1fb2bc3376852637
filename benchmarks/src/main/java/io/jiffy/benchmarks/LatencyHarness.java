package io.jiffy.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import io.jiffy.clockevent.HrTimer;
import io.jiffy.clockevent.HrTimerClock;
import io.jiffy.clockevent.HrTimerMode;
import io.jiffy.clockevent.HrTimerRestart;
import io.jiffy.clockevent.TickMode;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.internal.MachineCore;
import io.jiffy.posix.ClockId;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.SigEvent;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;

/**
 * Wake-up lateness in real time: a callback due every {@code period} (1 ms), each re-armed for
 * the next absolute deadline (missed deadlines are skipped, as cyclictest does), lateness =
 * clock at the callback minus its deadline. Warm-up samples (a tenth, at least 200) are dropped.
 * Also the process CPU time over the measured stretch, as a percentage of one core.
 *
 * <p>Subjects: {@code machine-irq} (an IRQ line of a real-time machine re-armed with raiseAt),
 * {@code hrtimer} (a MONOTONIC hrtimer forwarded by one period, on a full system at HZ 250),
 * {@code posix-timer} (a CLOCK_MONOTONIC POSIX interval timer with a callback, same system),
 * {@code stpe} (ScheduledThreadPoolExecutor, one thread, re-scheduling itself), {@code netty}
 * (HashedWheelTimer, 1 ms tick, 512 buckets, re-arming itself), and two without timers:
 * {@code jiffy-idle} (the full system at HZ 250 with nothing armed: the cost of the tick) and
 * {@code jvm-idle} (a JVM that only sleeps), run for samples x period.
 *
 * <p>Usage: {@code LatencyHarness <subject> <samples> <period ns> <results dir>}; writes
 * {@code latency-<subject>.hgrm} (percentiles in µs) and a row of {@code latency.csv}.
 */
public final class LatencyHarness {

    static final String HEADER = "subject,samples,p50_us,p99_us,p999_us,max_us,mean_us,cpu_pct,wall_s,early";
    static final String[] SUBJECTS = {"machine-irq", "hrtimer", "posix-timer", "stpe", "netty", "jiffy-idle", "jvm-idle"};

    private LatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: LatencyHarness <subject: " + String.join("|", SUBJECTS)
                    + "> <samples> <period ns> <results dir>");
            System.exit(2);
        }
        String subject = args[0];
        int samples = Integer.parseInt(args[1]);
        long period = Long.parseLong(args[2]);
        Path dir = Path.of(args[3]);
        Files.createDirectories(dir);
        if (subject.endsWith("-idle")) {
            idle(subject, samples * period, dir);
            return;
        }
        Recorder rec = new Recorder(Math.max(200, samples / 10), samples);
        AutoCloseable running;
        switch (subject) {
            case "machine-irq" -> running = machineIrq(rec, period);
            case "hrtimer" -> running = hrtimer(rec, period);
            case "posix-timer" -> running = posixTimer(rec, period);
            case "stpe" -> running = stpe(rec, period);
            case "netty" -> running = netty(rec, period);
            default -> {
                System.err.println("unknown subject '" + subject + "': accepted are " + String.join(", ", SUBJECTS));
                System.exit(2);
                return;
            }
        }
        long limit = (samples + samples / 10 + 200) * period * 10 + 30_000_000_000L;
        boolean finished = rec.await(limit);
        running.close();
        if (!finished) {
            System.err.println("latency " + subject + ": timed out before " + samples + " samples");
            System.exit(1);
        }
        write(subject, rec.histogram, rec.cpuNanos, rec.wallNanos, rec.early, dir);
    }

    /** An IRQ line of a real-time machine (2 CPUs, 50 µs spin) on CPU 0, re-armed from its handler. */
    static AutoCloseable machineIrq(Recorder rec, long period) {
        MachineCore m = new MachineCore(false, 2, JiffySystem.DEFAULT_SPIN_NANOS);
        m.start();
        long[] next = {m.nanoTime() + period};
        IrqLine line = m.requestIrq("latency", 0, l -> {
            long now = m.nanoTime();
            boolean more = rec.sample(now - next[0]);
            next[0] = following(next[0], now, period);
            if (more) {
                l.raiseAt(next[0]);
            }
        });
        line.raiseAt(next[0]);
        return () -> {
            line.free();
            m.shutdown();
        };
    }

    /** A MONOTONIC hrtimer on CPU 0 of a full real-time system (2 CPUs, HZ 250, periodic), forwarded by one period. */
    static AutoCloseable hrtimer(Recorder rec, long period) {
        JiffySystem sys = new JiffySystem(false, 2, 250, TickMode.PERIODIC);
        HrTimer t = sys.hrTimers.newTimer(HrTimerClock.MONOTONIC, 0, timer -> {
            long now = timer.now();
            if (!rec.sample(now - timer.expires())) {
                return HrTimerRestart.NORESTART;
            }
            timer.forward(now, period);
            return HrTimerRestart.RESTART;
        });
        t.start(sys.timekeeper.monotonicNanos() + period, HrTimerMode.ABS);
        return () -> {
            t.cancel();
            sys.close();
        };
    }

    /** A CLOCK_MONOTONIC POSIX interval timer with a callback on the same system; overruns skip deadlines. */
    static AutoCloseable posixTimer(Recorder rec, long period) {
        JiffySystem sys = new JiffySystem(false, 2, 250, TickMode.PERIODIC);
        PosixClocks posix = sys.posix;
        long first = posix.clockGettime(ClockId.CLOCK_MONOTONIC) + period;
        long[] next = {first};
        int id = posix.timerCreate(ClockId.CLOCK_MONOTONIC, SigEvent.callback((timerId, overrun) -> {
            long now = posix.clockGettime(ClockId.CLOCK_MONOTONIC);
            rec.sample(now - next[0]);
            next[0] += (1L + overrun) * period;
        }));
        posix.timerSettime(id, PosixClocks.TIMER_ABSTIME, new ItimerSpec(first, period));
        return () -> {
            posix.timerDelete(id);
            sys.close();
        };
    }

    /** A ScheduledThreadPoolExecutor (one thread, removeOnCancel) task re-scheduling itself for the next deadline. */
    static AutoCloseable stpe(Recorder rec, long period) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, Subject.daemon("stpe-latency"));
        pool.setRemoveOnCancelPolicy(true);
        long[] next = {System.nanoTime() + period};
        Runnable task = new Runnable() {
            @Override
            public void run() {
                long now = System.nanoTime();
                boolean more = rec.sample(now - next[0]);
                next[0] = following(next[0], now, period);
                if (more) {
                    pool.schedule(this, next[0] - System.nanoTime(), TimeUnit.NANOSECONDS);
                }
            }
        };
        pool.schedule(task, next[0] - System.nanoTime(), TimeUnit.NANOSECONDS);
        return pool::shutdownNow;
    }

    /** Netty's HashedWheelTimer (1 ms tick, 512 buckets), the task re-arming itself for the next deadline. */
    static AutoCloseable netty(Recorder rec, long period) {
        HashedWheelTimer timer = new HashedWheelTimer(Subject.daemon("netty-latency"), 1, TimeUnit.MILLISECONDS, 512);
        long[] next = {System.nanoTime() + period};
        TimerTask task = new TimerTask() {
            @Override
            public void run(Timeout timeout) {
                long now = System.nanoTime();
                boolean more = rec.sample(now - next[0]);
                next[0] = following(next[0], now, period);
                if (more) {
                    timer.newTimeout(this, next[0] - System.nanoTime(), TimeUnit.NANOSECONDS);
                }
            }
        };
        timer.newTimeout(task, next[0] - System.nanoTime(), TimeUnit.NANOSECONDS);
        return timer::stop;
    }

    /** The deadline after {@code deadline}, skipping those already past at {@code now}. */
    static long following(long deadline, long now, long period) {
        long next = deadline + period;
        if (next <= now) {
            next += ((now - next) / period + 1) * period;
        }
        return next;
    }

    /** CPU use with nothing armed: the full system's tick at HZ 250, or a sleeping JVM. */
    static void idle(String subject, long nanos, Path dir) throws Exception {
        JiffySystem sys = subject.equals("jiffy-idle") ? new JiffySystem(false, 2, 250, TickMode.PERIODIC) : null;
        if (sys == null && !subject.equals("jvm-idle")) {
            System.err.println("unknown subject '" + subject + "': accepted are " + String.join(", ", SUBJECTS));
            System.exit(2);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(1000); // let start-up work (JIT, class loading) settle
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Thread.sleep(nanos / 1_000_000L);
        long cpu = os.getProcessCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        if (sys != null) {
            sys.close();
        }
        write(subject, null, cpu, wall, 0, dir);
    }

    static void write(String subject, Histogram h, long cpuNanos, long wallNanos, long early, Path dir) throws IOException {
        double cpuPct = 100.0 * cpuNanos / wallNanos;
        String row;
        if (h == null) {
            row = String.format(Locale.ROOT, "%s,0,,,,,,%.2f,%.2f,0", subject, cpuPct, wallNanos / 1e9);
            System.out.printf(Locale.ROOT, "latency %-12s idle: %.2f%% of one core%n", subject, cpuPct);
        } else {
            row = String.format(Locale.ROOT, "%s,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.2f,%.2f,%d", subject, h.getTotalCount(),
                    h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3,
                    h.getMaxValue() / 1e3, h.getMean() / 1e3, cpuPct, wallNanos / 1e9, early);
            try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("latency-" + subject + ".hgrm")), true, "UTF-8")) {
                h.outputPercentileDistribution(out, 1000.0);
            }
            System.out.printf(Locale.ROOT, "latency %-12s p50 %.1f us  p99 %.1f us  p99.9 %.1f us  max %.1f us  cpu %.2f%%%n",
                    subject, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                    h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, cpuPct);
        }
        Csv.append(dir.resolve("latency.csv"), HEADER, row);
    }
}
