package io.jiffy.driver.shub.rtc.internal;

import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClock;
import io.jiffy.posix.PosixClockTimer;

/**
 * One timer on CLOCK_SGI_CYCLE (the kernel's {@code struct mmtimer} with its {@code k_itimer}
 * fields): it belongs to the node it was created on and lives in that node's ordered tree while
 * armed. Every field but {@link #generation} is guarded by the node's lock.
 */
final class SgiTimer implements PosixClockTimer {

    final NodeTimers node;
    final PosixClock.Expiry expiry;
    private final SgiCycleClock clock;

    /** Tie-breaker in the node's tree: the order timers of one expiry were queued in. */
    long seq;
    /** The expiry in the counter's nanosecond scale ({@link ShubRtc#nanosOf}); exact, never rounded. */
    long expiresNs;
    /** The first count at which {@link #expiresNs} is reached: what the comparator is armed with. */
    long expiresCount;
    /** The period in nanoseconds; 0 for a one-shot timer. */
    long intervalNs;
    /** Expirations skipped while re-arming, reported with the next delivered one. */
    long overruns;
    /** In the node's tree (armed). */
    boolean queued;
    /** Its one-shot arming missed: the tasklet fires it at once. */
    boolean missed;
    /** Deleted (timer_del): every later call but delete is refused. */
    boolean deleted;
    /** Bumped by every set and delete, so an expiry computed for an older setting is not delivered. */
    volatile long generation;

    SgiTimer(NodeTimers node, SgiCycleClock clock, PosixClock.Expiry expiry) {
        this.node = node;
        this.clock = clock;
        this.expiry = expiry;
    }

    @Override
    public ItimerSpec set(int flags, ItimerSpec value) {
        return node.set(this, flags, value, clock.offsetNanos());
    }

    @Override
    public ItimerSpec get() {
        return node.get(this);
    }

    @Override
    public void delete() {
        node.delete(this);
    }

    @Override
    public String toString() {
        return "CLOCK_SGI_CYCLE timer on node " + node.node();
    }
}
