/**
 * The timer-hook chain (DESIGN §6): the lock-free priority chain with grab and run_always, the
 * whiteboard of {@code TimerHook} services and the bundle-scoped {@code TimerHookChain} service.
 * Private to the hook-chain bundle.
 */
package io.jiffy.hookchain.internal;
