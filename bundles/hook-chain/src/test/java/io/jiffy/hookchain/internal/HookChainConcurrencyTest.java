package io.jiffy.hookchain.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.jiffy.hook.HookBusyException;
import io.jiffy.hook.HookInfo;
import io.jiffy.hook.HookRegistration;
import io.jiffy.hook.Tick;
import io.jiffy.hook.TimerHook;
import io.jiffy.machine.IrqLine;
import io.jiffy.machine.internal.MachineCore;

/**
 * The chain under real concurrency: a real-mode {@link MachineCore} runs the chain on CPU 0's
 * tick while test threads (as bundles, through their facades) register, unregister, grab, ungrab
 * and list hooks, and restart (deactivate) their facades. The built-in {@code do_timer} and
 * {@code update_process_times} whiteboard hooks must run exactly once on every tick and never
 * leave the chain; no registration call throws; a hook never runs in a tick that began after its
 * unregistration returned; {@code hooks()} is always consistent. No sleeps: the threads run until
 * enough ticks were seen, awaited with a generous bound (a timeout is a deadlock, a failure).
 */
class HookChainConcurrencyTest {

    private static final long TICK_NANOS = 100_000;
    private static final long BOUND_SECONDS = 30;

    private MachineCore machine;

    @AfterEach
    void shutdown() {
        if (machine != null) {
            machine.shutdown();
        }
    }

    /** The tick as the tick core passes it: one instance, jiffies readable from other threads. */
    private static final class SharedTick implements Tick {
        final AtomicLong jiffies = new AtomicLong();

        @Override
        public int cpu() {
            return 0;
        }

        @Override
        public long jiffies() {
            return jiffies.get();
        }

        @Override
        public long nowNanos() {
            return jiffies.get() * TICK_NANOS;
        }
    }

    /** A built-in hook: checks it runs exactly once per tick, in order. */
    private static final class BuiltIn implements TimerHook {
        final AtomicLong calls = new AtomicLong();
        final AtomicInteger outOfStep = new AtomicInteger();

        @Override
        public boolean onTick(Tick tick) {
            if (calls.incrementAndGet() != tick.jiffies()) {
                outOfStep.incrementAndGet();
            }
            return false;
        }
    }

    /** A user hook: complains if it runs in a tick that began after its unregistration returned. */
    private static final class UserHook implements TimerHook {
        final AtomicInteger lateCalls;
        volatile long goneAfter = Long.MAX_VALUE;

        UserHook(AtomicInteger lateCalls) {
            this.lateCalls = lateCalls;
        }

        @Override
        public boolean onTick(Tick tick) {
            if (tick.jiffies() > goneAfter) {
                lateCalls.incrementAndGet();
            }
            return false; // a grabber not done: every hook still runs
        }
    }

    private record Mine(HookRegistration registration, UserHook hook) {
    }

    @Test
    void registrationRacingTheTickNeverThrowsNorLosesTheBuiltInHooks() throws Exception {
        machine = new MachineCore(false, 2, 0);
        List<String> handlerErrors = Collections.synchronizedList(new ArrayList<>());
        machine.setErrorLog((message, error) -> handlerErrors.add(message + ": " + error));
        machine.start();
        HookChainComponent whiteboard = new HookChainComponent();
        HookChain chain = whiteboard.chain();
        BuiltIn doTimer = new BuiltIn();
        BuiltIn processTimes = new BuiltIn();
        whiteboard.addHook(doTimer, ref(Map.of(Constants.SERVICE_RANKING, 1_000_000, TimerHook.PROPERTY_NAME, "do_timer")));
        whiteboard.addHook(processTimes, ref(Map.of(Constants.SERVICE_RANKING, 999_999,
                TimerHook.PROPERTY_NAME, "update_process_times")));
        SharedTick tick = new SharedTick();
        IrqLine tickLine = machine.requestIrq("tick0", 0, line -> {
            long j = tick.jiffies.incrementAndGet();
            chain.run(tick);
            line.raiseAt((j + 1) * TICK_NANOS);
        });
        tickLine.raiseAt(TICK_NANOS);

        AtomicInteger lateCalls = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        int workers = 3;
        ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                String bundle = "bundle." + w;
                futures.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    TimerHookChainFacade facade = new TimerHookChainFacade(chain, bundle);
                    List<Mine> mine = new ArrayList<>();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
                    for (int ops = 0; ops < 3_000 || tick.jiffies() < 3_000; ops++) {
                        if (System.nanoTime() - deadline > 0) {
                            throw new AssertionError("the tick did not run: jiffies " + tick.jiffies());
                        }
                        int op = random.nextInt(20);
                        if (op < 6 || mine.isEmpty()) {
                            UserHook h = new UserHook(lateCalls);
                            mine.add(new Mine(facade.register("user", random.nextInt(-5, 6), random.nextBoolean(), h), h));
                        } else if (op < 11) {
                            Mine m = mine.remove(random.nextInt(mine.size()));
                            m.registration().unregister();
                            m.hook().goneAfter = tick.jiffies();
                        } else if (op < 14) {
                            long id = mine.get(random.nextInt(mine.size())).registration().id();
                            try {
                                facade.grab(id);
                            } catch (HookBusyException held) {
                                // another bundle's hook holds the chain
                            }
                        } else if (op < 17) {
                            List<HookInfo> hooks = facade.hooks();
                            HookInfo any = hooks.get(random.nextInt(hooks.size()));
                            try {
                                facade.ungrab(any.id()); // refused (false) unless it is the grabber
                            } catch (IllegalArgumentException gone) {
                                // unregistered meanwhile by its bundle
                            }
                        } else if (op < 19) {
                            checkListing(facade.hooks());
                        } else {
                            facade.deactivate(); // the bundle restarts: its hooks leave the chain
                            long now = tick.jiffies();
                            for (Mine m : mine) {
                                m.hook().goneAfter = now;
                            }
                            mine.clear();
                            facade = new TimerHookChainFacade(chain, bundle);
                        }
                    }
                    facade.deactivate();
                    long now = tick.jiffies();
                    for (Mine m : mine) {
                        m.hook().goneAfter = now;
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> { // the console
                while (!stop.get()) {
                    checkListing(chain.hooks());
                }
                return null;
            }));
            for (int i = 0; i < workers; i++) {
                futures.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS);
            }
            stop.set(true);
            futures.get(workers).get(BOUND_SECONDS, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS), "test threads ended (no deadlock)");
        }

        List<HookInfo> left = chain.hooks();
        assertEquals(List.of("do_timer", "update_process_times"), left.stream().map(HookInfo::name).toList());
        assertTrue(left.stream().noneMatch(HookInfo::grabbed), "the grab left with its hook");
        long seen = tick.jiffies();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (tick.jiffies() < seen + 10 && System.nanoTime() < deadline) {
            Thread.yield(); // a few more ticks on the settled chain
        }
        machine.shutdown(); // no tick runs after this
        long ticks = tick.jiffies();
        assertTrue(ticks >= 3_000, "ticks: " + ticks);
        assertEquals(ticks, doTimer.calls.get(), "do_timer ran on every tick");
        assertEquals(ticks, processTimes.calls.get(), "update_process_times ran on every tick");
        assertEquals(0, doTimer.outOfStep.get() + processTimes.outOfStep.get(), "a built-in hook ran twice or missed a tick");
        assertEquals(0, lateCalls.get(), "a hook ran in a tick that began after it was unregistered");
        assertEquals(List.of(), handlerErrors, "the tick handler threw");
        assertTrue(chain.hooks().stream().allMatch(h -> h.errors() == 0), chain.hooks().toString());
    }

    /**
     * A whiteboard hook whose ranking changes while ticks run moves to its new place in one step:
     * no tick sees it twice (old and new entry) or not at all. (Found by this test: the update
     * added the new entry and removed the old one in two publications.)
     */
    @Test
    void aRankingChangeMovesAWhiteboardHookWithoutATickSeeingItTwiceOrNever() throws Exception {
        machine = new MachineCore(false, 2, 0);
        machine.start();
        HookChainComponent whiteboard = new HookChainComponent();
        HookChain chain = whiteboard.chain();
        SharedTick tick = new SharedTick();
        AtomicInteger twice = new AtomicInteger();
        AtomicInteger missed = new AtomicInteger();
        long[] last = new long[1];
        TimerHook moving = t -> {
            if (t.jiffies() == last[0]) {
                twice.incrementAndGet();
            } else if (last[0] != 0 && t.jiffies() != last[0] + 1) {
                missed.incrementAndGet();
            }
            last[0] = t.jiffies(); // only the tick thread calls it
            return false;
        };
        Map<String, Object> props = new java.util.concurrent.ConcurrentHashMap<>(Map.of(Constants.SERVICE_RANKING, 5,
                TimerHook.PROPERTY_NAME, "moving"));
        ServiceReference<TimerHook> ref = ref(props);
        whiteboard.addHook(moving, ref);
        whiteboard.addHook(t -> false, ref(Map.of(Constants.SERVICE_RANKING, 0, TimerHook.PROPERTY_NAME, "still")));
        IrqLine tickLine = machine.requestIrq("tick0", 0, line -> {
            long j = tick.jiffies.incrementAndGet();
            chain.run(tick);
            line.raiseAt((j + 1) * TICK_NANOS);
        });
        tickLine.raiseAt(TICK_NANOS);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> updater = pool.submit(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
                for (int i = 0; i < 2_000 || tick.jiffies() < 2_000; i++) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("the tick did not run: jiffies " + tick.jiffies());
                    }
                    props.put(Constants.SERVICE_RANKING, i % 2 == 0 ? -5 : 5);
                    whiteboard.updatedHook(moving, ref);
                }
                props.put(Constants.SERVICE_RANKING, 5);
                whiteboard.updatedHook(moving, ref);
                return null;
            });
            updater.get(BOUND_SECONDS, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
        }
        machine.shutdown();
        assertEquals(0, twice.get(), "ticks that ran the hook twice");
        assertEquals(0, missed.get(), "ticks that skipped the hook");
        assertEquals(List.of("moving", "still"), chain.hooks().stream().map(HookInfo::name).toList());
    }

    /** What hook:list may show at any moment: the built-ins, unique ids, at most one grabber and it first. */
    private static void checkListing(List<HookInfo> hooks) {
        Set<Long> ids = new HashSet<>();
        int grabbed = 0;
        boolean doTimer = false;
        boolean processTimes = false;
        for (int i = 0; i < hooks.size(); i++) {
            HookInfo h = hooks.get(i);
            assertTrue(ids.add(h.id()), "duplicate id " + h.id());
            if (h.grabbed()) {
                grabbed++;
                assertEquals(0, i, "the grabber is listed first");
            }
            doTimer |= h.name().equals("do_timer");
            processTimes |= h.name().equals("update_process_times");
            assertTrue(h.calls() >= 0 && h.errors() == 0 && h.lockups() == 0, h.toString());
        }
        assertTrue(grabbed <= 1, hooks.toString());
        assertTrue(doTimer && processTimes, "built-in hooks listed: " + hooks);
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<TimerHook> ref(Map<String, Object> props) {
        return (ServiceReference<TimerHook>) Proxy.newProxyInstance(HookChainConcurrencyTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getProperty" -> props.get((String) args[0]);
                    case "getBundle" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}
