package io.jiffy.benchmarks;

import org.apache.kafka.server.util.timer.SystemTimer;
import org.apache.kafka.server.util.timer.TimerTask;

/**
 * Kafka's {@link SystemTimer} (hierarchical timing wheels, 1 ms tick, 20 buckets, a DelayQueue of
 * buckets). A Kafka timer is a {@link TimerTask} whose delay is fixed at construction: arm is
 * {@code add(task)}, cancel is {@code task.cancel()}, re-arm is {@code add(task)} again (Kafka
 * moves the task to its new entry). Tasks are made once and reused. Nothing fires until
 * {@code advanceClock} is called; expired tasks then run on the timer's executor thread.
 */
final class KafkaSubject extends Subject {

    private final SystemTimer timer = new SystemTimer("bench");
    private Task[] background = new Task[0];
    private Task[] ops;
    private Task[] due = new Task[0];

    private volatile long fired;
    private long target;
    private volatile long last;

    /** A reusable Kafka timer task. */
    private final class Task extends TimerTask {
        private final boolean counts;

        Task(long delayMs, boolean counts) {
            super(delayMs);
            this.counts = counts;
        }

        @Override
        public void run() {
            if (counts) {
                long f = fired + 1; // one writer: the executor thread
                if (f == target) {
                    last = System.nanoTime();
                }
                fired = f; // published last: whoever sees the count sees last
            }
        }
    }

    KafkaSubject() {
        super(0);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000L;
    }

    @Override
    public boolean realTime() {
        return false;
    }

    @Override
    public void reserve(int n) {
        background = new Task[n];
    }

    @Override
    public void armBackground(int n, Delays d) {
        for (int i = 0; i < n; i++) {
            Task t = new Task(ms(d.next()), false);
            background[i] = t;
            timer.add(t);
        }
    }

    @Override
    public void prepareArmCancel(Delays d) {
        ops = new Task[OPS];
        for (int i = 0; i < OPS; i++) {
            ops[i] = new Task(ms(d.next()), false);
        }
    }

    @Override
    public void prepareMod(Delays armed, Delays rearm) {
        prepareArmCancel(armed);
        for (Task t : ops) {
            timer.add(t);
        }
    }

    @Override
    public boolean armCancel(int c) {
        Task t = ops[c & OPS_MASK];
        timer.add(t);
        t.cancel();
        return true;
    }

    /** Re-adds the task: its delay is fixed, so the new expiry is "now + the same delay". */
    @Override
    public boolean mod(int c) {
        timer.add(ops[c & OPS_MASK]);
        return true;
    }

    @Override
    public long expire(int n) throws InterruptedException {
        if (due.length != n) {
            due = new Task[n];
            for (int i = 0; i < n; i++) {
                due[i] = new Task(1, true);
            }
        }
        target = n;
        fired = 0;
        for (Task t : due) {
            timer.add(t);
        }
        Thread.sleep(3); // every task is due now (1 ms delay, 1 ms tick)
        long t0 = System.nanoTime();
        while (fired < n) {
            if (!timer.advanceClock(0)) {
                Thread.onSpinWait();
            }
        }
        return last - t0;
    }

    @Override
    public void close() {
        try {
            timer.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
