package io.jiffy.hookchain.internal;

import io.jiffy.hook.TimerHookChain;

/**
 * Benchmark-only access to the hook-chain core (package private in the hook-chain bundle): a
 * chain and its {@link TimerHookChain} facade without a framework. Lives in the core's package
 * on the benchmarks' plain classpath, as the bundle's unit tests do. Not part of any bundle.
 */
public final class BenchHooks {

    private BenchHooks() {
    }

    /** A new empty chain, seen through the facade of a bundle named {@code owner}; nothing is logged. */
    public static TimerHookChain newChain(String owner) {
        HookChain chain = new HookChain(new ChainLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
            }

            @Override
            public void error(String message, Throwable error) {
            }
        });
        return new TimerHookChainFacade(chain, owner);
    }
}
