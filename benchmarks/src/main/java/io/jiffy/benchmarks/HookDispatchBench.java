package io.jiffy.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.jiffy.hook.Tick;
import io.jiffy.hook.TimerHook;
import io.jiffy.hook.TimerHookChain;
import io.jiffy.hookchain.internal.BenchHooks;

/**
 * One tick through the timer-hook chain with 1, 10 and 100 hooks (no grabber), each hook
 * counting its calls and returning "not done". {@code plainLoop} calls the same hooks from an
 * array: the floor any chain pays for calling them. Score is ns per tick; per hook is score / hooks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HookDispatchBench {

    /** Hooks in the chain. */
    @Param({"1", "10", "100"})
    public int hooks;

    private TimerHookChain chain;
    private TimerHook[] array;
    private final MutableTick tick = new MutableTick();

    /** A hook that counts its calls. */
    static final class CountingHook implements TimerHook {
        long calls;

        @Override
        public boolean onTick(Tick tick) {
            calls++;
            return false;
        }
    }

    /** The one reusable tick, as the tick core passes it. */
    static final class MutableTick implements Tick {
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

    @Setup
    public void setup() {
        chain = BenchHooks.newChain(JiffySystem.OWNER);
        array = new TimerHook[hooks];
        for (int i = 0; i < hooks; i++) {
            array[i] = new CountingHook();
            chain.register("hook" + i, 0, false, array[i]);
        }
    }

    /** One tick through the chain. */
    @Benchmark
    public void dispatch() {
        tick.jiffies++;
        chain.run(tick);
    }

    /** The same hooks called from a plain array: the floor. */
    @Benchmark
    public void plainLoop() {
        tick.jiffies++;
        for (TimerHook h : array) {
            h.onTick(tick);
        }
    }
}
