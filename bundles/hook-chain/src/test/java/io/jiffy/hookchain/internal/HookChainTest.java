package io.jiffy.hookchain.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.jiffy.hook.HookBusyException;
import io.jiffy.hook.HookInfo;
import io.jiffy.hook.HookRegistration;
import io.jiffy.hook.TimerHook;

/** The chain core: order, grab and run_always, EBUSY, failures, counters, per-bundle ownership, the whiteboard. */
class HookChainTest {

    private final TestLog log = new TestLog();
    private final HookChain chain = new HookChain(log);
    private final TestTick tick = new TestTick();
    private final List<String> calls = new ArrayList<>();

    /** A hook that records its name and returns {@code done}. */
    private TimerHook recording(String name, boolean done) {
        return t -> {
            calls.add(name);
            return done;
        };
    }

    private HookEntry add(String name, int priority, boolean runAlways, boolean done) {
        return chain.add(name, priority, runAlways, recording(name, done), "test");
    }

    private List<String> tick() {
        calls.clear();
        tick.jiffies++;
        chain.run(tick);
        return List.copyOf(calls);
    }

    @Test
    void hooksRunByPriorityThenRegistrationOrder() {
        add("a", 0, false, false);
        add("b", 10, false, false);
        add("c", 0, true, false);
        add("d", 10, false, false);
        add("e", -5, false, false);
        assertEquals(List.of("b", "d", "a", "c", "e"), tick());
        assertEquals(List.of("b", "d", "a", "c", "e"), chain.hooks().stream().map(HookInfo::name).toList());
    }

    @Test
    void aGrabberReturningDoneLetsOnlyRunAlwaysHooksRun() {
        add("do_timer", 1_000_000, false, false);
        add("watchdog", 0, true, false);
        add("user", 5, false, false);
        HookEntry speaker = add("speaker", 1, false, true);
        chain.grab(speaker.id);
        assertEquals(List.of("speaker", "watchdog"), tick());
        assertTrue(chain.hooks().get(0).grabbed());
        assertEquals("speaker", chain.hooks().get(0).name());
    }

    @Test
    void aGrabberNotDoneLetsEveryHookRunAfterIt() {
        add("do_timer", 1_000_000, false, false);
        add("watchdog", 0, true, false);
        HookEntry g = add("half", 1, false, false);
        chain.grab(g.id);
        assertEquals(List.of("half", "do_timer", "watchdog"), tick());
    }

    @Test
    void theGrabberRunsOncePerTick() {
        add("other", 100, false, false);
        HookEntry g = add("grabber", 50, true, false); // run_always and not done: still only once
        chain.grab(g.id);
        for (int i = 0; i < 10; i++) {
            assertEquals(List.of("grabber", "other"), tick());
        }
        assertEquals(10, chain.hooks().get(0).calls());
    }

    @Test
    void aSecondGrabIsRefusedWithEbusy() {
        HookEntry first = add("first", 0, false, true);
        HookEntry second = add("second", 0, false, true);
        chain.grab(first.id);
        chain.grab(first.id); // again by the holder: no change
        HookBusyException busy = assertThrows(HookBusyException.class, () -> chain.grab(second.id));
        assertEquals(first.id, busy.grabberId());
        assertTrue(busy.getMessage().startsWith("EBUSY"));
        assertEquals(List.of("first"), tick());
        assertThrows(IllegalArgumentException.class, () -> chain.grab(999));
    }

    @Test
    void anUngrabByANonGrabberIsRefusedWithOneWarning() {
        HookEntry g = add("g", 0, false, true);
        HookEntry other = add("other", 0, false, false);
        assertFalse(chain.ungrab(other.id)); // not grabbed at all
        chain.grab(g.id);
        assertFalse(chain.ungrab(other.id));
        assertEquals(2, log.lines("WARN").size());
        assertTrue(log.lines("WARN").get(1).contains("grabbed by hook " + g.id));
        assertEquals(List.of("g"), tick());
        assertTrue(chain.ungrab(g.id));
        assertEquals(List.of("g", "other"), tick());
        assertThrows(IllegalArgumentException.class, () -> chain.ungrab(999));
    }

    @Test
    void unregisteringTheGrabberReleasesTheGrab() {
        HookEntry g = add("g", 0, false, true);
        HookEntry other = add("other", 0, false, false);
        chain.grab(g.id);
        HookRegistration r = chain.registration(g);
        r.unregister();
        r.unregister(); // idempotent
        assertEquals(List.of("other"), tick());
        chain.grab(other.id); // free again
        assertEquals(other.id, chain.hooks().get(0).id());
    }

    @Test
    void aThrowingHookIsCountedLoggedOnceAndTheChainGoesOn() {
        chain.add("bad", 10, false, t -> {
            throw new IllegalStateException("boom");
        }, "io.jiffy.bad");
        add("after", 0, false, false);
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of("after"), tick());
        }
        HookInfo bad = chain.hooks().get(0);
        assertEquals(3, bad.calls());
        assertEquals(3, bad.errors());
        assertEquals(0, chain.hooks().get(1).errors());
        assertEquals(3, chain.hooks().get(1).calls());
        assertEquals(1, log.lines("ERROR").size());
        assertTrue(log.lines("ERROR").get(0).contains("io.jiffy.bad"));
        assertTrue(log.lines("ERROR").get(0).contains("boom"));
    }

    @Test
    void aThrowingGrabberCountsAsNotDone() {
        HookEntry g = chain.add("bad", 0, false, t -> {
            throw new IllegalStateException("boom");
        }, "x");
        add("other", 0, false, false);
        chain.grab(g.id);
        assertEquals(List.of("other"), tick());
    }

    @Test
    void countersTrackCallsAndTimes() {
        add("a", 0, false, false);
        for (int i = 0; i < 5; i++) {
            tick();
        }
        HookInfo a = chain.hooks().get(0);
        assertEquals(5, a.calls());
        assertEquals(0, a.errors());
        assertTrue(a.maxNanos() >= a.meanNanos() && a.meanNanos() >= 0);
        assertEquals("test", a.owner());
        assertFalse(a.grabbed());
    }

    @Test
    void aBlankNameBecomesTheClassName() {
        TimerHook h = new Named();
        chain.add(" ", 0, false, h, "x");
        assertEquals(Named.class.getName(), chain.hooks().get(0).name());
    }

    /** A hook class whose name shows. */
    private static final class Named implements TimerHook {
        @Override
        public boolean onTick(io.jiffy.hook.Tick t) {
            return false;
        }
    }

    @Test
    void aFacadesDeactivateRemovesOnlyItsBundlesHooks() {
        TimerHookChainFacade a = new TimerHookChainFacade(chain, "bundle.a");
        TimerHookChainFacade b = new TimerHookChainFacade(chain, "bundle.b");
        long a1 = a.register("a1", 0, false, recording("a1", true)).id();
        a.register("a2", 0, false, recording("a2", false));
        HookRegistration gone = a.register("a3", 0, false, recording("a3", false));
        b.register("b1", 0, false, recording("b1", false));
        gone.unregister();
        a.grab(a1);
        assertEquals(List.of("a1"), tick());
        assertEquals("bundle.a", a.hooks().get(0).owner());
        a.deactivate();
        assertEquals(List.of("b1"), b.hooks().stream().map(HookInfo::name).toList());
        assertEquals("bundle.b", b.hooks().get(0).owner());
        assertEquals(List.of("b1"), tick()); // the grab went with its hook
        assertThrows(IllegalStateException.class, () -> a.register("late", 0, false, t -> false));
    }

    @Test
    void aNullHookIsRefusedAndANullNameIsTheClassName() {
        TimerHookChainFacade a = new TimerHookChainFacade(chain, "bundle.a");
        assertThrows(NullPointerException.class, () -> a.register("x", 0, false, null));
        assertEquals(List.of(), a.hooks());
        Named quiet = new Named();
        a.register(null, 0, false, quiet);
        a.register(" ", 0, false, quiet);
        assertEquals(List.of(Named.class.getName(), Named.class.getName()), a.hooks().stream().map(HookInfo::name).toList());
        assertThrows(IllegalArgumentException.class, () -> a.grab(0));
        assertThrows(IllegalArgumentException.class, () -> a.ungrab(-1));
    }

    @Test
    void whiteboardHooksTakeRankingFlagsNameAndOwnerAndCanBeGrabbed() {
        HookChainComponent wb = new HookChainComponent();
        HookChain c = wb.chain();
        TimerHook t1 = t -> false;
        TimerHook t2 = t -> false;
        ServiceReference<TimerHook> r1 = ref(Map.of(Constants.SERVICE_RANKING, 7, TimerHook.PROPERTY_NAME, "seven",
                TimerHook.PROPERTY_RUN_ALWAYS, Boolean.TRUE));
        ServiceReference<TimerHook> r2 = ref(Map.of(Constants.SERVICE_RANKING, "not an int", TimerHook.PROPERTY_RUN_ALWAYS, "true"));
        wb.addHook(t1, r1);
        wb.addHook(t2, r2);
        List<HookInfo> hooks = c.hooks();
        assertEquals(2, hooks.size());
        assertEquals(new HookInfo(hooks.get(0).id(), "seven", 7, true, false, 0, 0, 0, 0, "?"), hooks.get(0));
        assertEquals(0, hooks.get(1).priority());
        assertTrue(hooks.get(1).runAlways());
        assertEquals(t2.getClass().getName(), hooks.get(1).name());
        c.grab(hooks.get(1).id());
        wb.removeHook(t2, r2);
        assertEquals(List.of("seven"), c.hooks().stream().map(HookInfo::name).toList());
        assertFalse(c.hooks().get(0).grabbed());
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<TimerHook> ref(Map<String, Object> props) {
        return (ServiceReference<TimerHook>) Proxy.newProxyInstance(HookChainTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getProperty" -> props.get((String) args[0]);
                    case "getBundle" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    @Test
    void dispatchAllocatesNothing() {
        add("a", 1, false, false);
        HookEntry g = chain.add("g", 0, true, t -> true, "test");
        chain.add("w", 0, true, t -> false, "test");
        chain.grab(g.id);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 1000; i++) {
            chain.run(tick); // warm up: class loading and lambda linkage allocate once
        }
        mx.getThreadAllocatedBytes(id);
        long before = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1000; i++) {
            chain.run(tick);
        }
        long after = mx.getThreadAllocatedBytes(id);
        assertEquals(0, after - before, "bytes allocated by 1000 dispatches");
    }
}
