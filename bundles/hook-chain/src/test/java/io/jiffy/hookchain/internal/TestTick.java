package io.jiffy.hookchain.internal;

import io.jiffy.hook.Tick;

/** A mutable tick as the tick core passes it: one instance, reused. */
final class TestTick implements Tick {

    long jiffies;

    @Override
    public int cpu() {
        return 0;
    }

    @Override
    public long jiffies() {
        return jiffies;
    }

    @Override
    public long nowNanos() {
        return jiffies * 4_000_000L;
    }
}
