package io.jiffy.benchmarks;

import java.util.concurrent.ThreadFactory;

/**
 * One timer facility under test, with the same operations for all of them. Each implementation
 * uses its library's cheapest legitimate way to do an operation; docs/BENCHMARKS.md says what
 * that is, library by library.
 *
 * <ul>
 * <li><b>background</b>: N timers armed 1–60 s out ({@link Delays}), the "already pending" load;</li>
 * <li><b>arm + cancel</b>: arm one of {@link #OPS} measured timers and cancel it again;</li>
 * <li><b>mod</b>: re-arm one of {@link #OPS} pending timers to a new expiry;</li>
 * <li><b>expire</b>: arm n timers due in one window, then fire them all.</li>
 * </ul>
 *
 * <p>Subjects that run on real time (Netty, the JDK) would fire background timers during a long
 * run; they add {@code realTimeOffsetNanos} to every 1–60 s delay so nothing fires while measured.
 * Jiffy and Agrona run on virtual time, Kafka's timer only moves when {@code advanceClock} is
 * called: they need no offset.
 */
public abstract class Subject implements AutoCloseable {

    /** The subjects, in report order. */
    public static final String[] NAMES = {"jiffy", "netty", "kafka", "agrona", "stpe"};
    /** Measured timers cycled through by arm + cancel and mod (a power of two). */
    public static final int OPS = 4096;
    static final int OPS_MASK = OPS - 1;
    static final int OPS_BITS = Integer.numberOfTrailingZeros(OPS);

    /** Added to every delay by real-time subjects. */
    protected final long offsetNanos;

    protected Subject(long offsetNanos) {
        this.offsetNanos = offsetNanos;
    }

    /**
     * A new subject.
     *
     * @param name                one of {@link #NAMES}
     * @param realTimeOffsetNanos added to the delays of subjects that run on real time
     */
    public static Subject create(String name, long realTimeOffsetNanos) {
        switch (name) {
            case "jiffy": return new JiffySubject();
            case "netty": return new NettySubject(realTimeOffsetNanos);
            case "kafka": return new KafkaSubject();
            case "agrona": return new AgronaSubject();
            case "stpe": return new StpeSubject(realTimeOffsetNanos);
            default: throw new IllegalArgumentException("unknown subject '" + name + "': accepted are "
                    + String.join(", ", NAMES));
        }
    }

    /** Whether its timers fire by themselves on real time (a thread of its own). */
    public abstract boolean realTime();

    /** Makes room for the handles of n background timers (called before a heap baseline is taken). */
    public abstract void reserve(int n);

    /** Arms n background timers with delays from {@code d}; {@link #reserve} first. */
    public abstract void armBackground(int n, Delays d);

    /** Prepares {@link #OPS} inactive measured timers for {@link #armCancel}. */
    public abstract void prepareArmCancel(Delays d);

    /** Arms {@link #OPS} measured timers for {@link #mod} (they count as pending). */
    public abstract void prepareMod(Delays armed, Delays rearm);

    /** Arms measured timer {@code c & (OPS-1)} and cancels it; returns what cancel returned. */
    public abstract boolean armCancel(int c);

    /** Re-arms pending measured timer {@code c & (OPS-1)} to the delay of {@link #modDelay}. */
    public abstract boolean mod(int c);

    /**
     * Arms n timers due in one window and fires them all.
     *
     * @return nanoseconds of the firing phase: the whole advance/poll call for subjects driven by
     *         the caller; from the first to the last callback (scaled by n/(n-1)) for subjects
     *         that fire on their own thread
     */
    public abstract long expire(int n) throws InterruptedException;

    /** For real-time subjects, the last expire round's time from the deadline to the last callback; else -1. */
    public long lastDeadlineToLastNanos() {
        return -1;
    }

    /** Which re-arm delay mod call {@code c} uses: shifted every pass so a timer never gets its old expiry back. */
    static int modDelay(int c) {
        return (c + (c >>> OPS_BITS)) & OPS_MASK;
    }

    static long[] delays(Delays d, int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = d.next();
        }
        return a;
    }

    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Waits until {@code done} holds, for at most {@code timeoutNanos}; fails with {@code what} otherwise. */
    static void await(java.util.function.BooleanSupplier done, long timeoutNanos, String what) throws InterruptedException {
        long end = System.nanoTime() + timeoutNanos;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(0, 100_000);
        }
    }

    @Override
    public abstract void close();
}
