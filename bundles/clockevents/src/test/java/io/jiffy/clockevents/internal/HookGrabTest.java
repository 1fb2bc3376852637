package io.jiffy.clockevents.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jiffy.clockevent.TickMode;
import io.jiffy.hook.HookBusyException;
import io.jiffy.hook.HookInfo;
import io.jiffy.hook.HookRegistration;
import io.jiffy.hook.Tick;
import io.jiffy.hook.TimerHook;
import io.jiffy.hook.TimerHookChain;

/**
 * The core's tick work as hooks in a grabbable chain: a grabber returning done holds jiffies
 * (do_timer is not run_always) while run_always hooks still run; after the ungrab jiffies,
 * derived from elapsed time, catch up.
 */
class HookGrabTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @Test
    void aGrabberReturningDoneHoldsJiffiesAndTheyCatchUpAfterTheUngrab() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            SmallChain chain = new SmallChain();
            // what TickComponent registers on the whiteboard
            chain.register(TickComponent.DO_TIMER, TickComponent.DO_TIMER_RANKING, false, t -> {
                rig.core.doTimerHook(t);
                return false;
            });
            chain.register(TickComponent.UPDATE_PROCESS_TIMES, TickComponent.UPDATE_PROCESS_TIMES_RANKING, false, t -> {
                rig.core.processTimesHook(t);
                return false;
            });
            int[] always = new int[1];
            chain.register("watchdog", 0, true, t -> {
                always[0]++;
                return false;
            });
            List<Long> seenByGrabber = new ArrayList<>();
            long speaker = chain.register("pc-speaker", 5, false, t -> {
                seenByGrabber.add(t.jiffies());
                return true;
            }).id();
            rig.core.setChain(chain);
            rig.startWithLocalDevices();

            rig.machine.advance(S);
            assertEquals(250, rig.core.jiffiesNow());
            assertEquals(250, rig.timekeeper.wallTimeUpdates);
            assertEquals(250, always[0]);

            chain.grab(speaker);
            rig.machine.advance(S);
            assertEquals(250, rig.core.jiffiesNow(), "jiffies stand still while the grabber returns done");
            assertEquals(250, rig.core.ticks(0), "update_process_times is skipped too");
            assertEquals(250, rig.timekeeper.wallTimeUpdates);
            assertEquals(500, always[0], "run_always hooks still run on every tick");
            assertEquals(250 + 250, seenByGrabber.size(), "the grabber ran once per tick");
            assertTrue(seenByGrabber.subList(250, 500).stream().allMatch(j -> j == 250));

            assertTrue(chain.ungrab(speaker));
            rig.machine.advance(4 * MS);
            assertEquals(501, rig.core.jiffiesNow(), "the first do_timer after the ungrab catches jiffies up");
            rig.machine.advance(S - 4 * MS);
            assertEquals(750, rig.core.jiffiesNow());
        }
    }

    @Test
    void aChainWithoutTheCoreHooksStillGetsTheTickWork() {
        try (Rig rig = new Rig(1, 250, TickMode.PERIODIC)) {
            SmallChain chain = new SmallChain();
            long grabber = chain.register("greedy", 5, false, t -> true).id();
            chain.grab(grabber);
            rig.core.setChain(chain);
            rig.startWithLocalDevices();
            rig.machine.advance(S);
            assertEquals(250, rig.core.jiffiesNow());
            assertEquals(250, rig.core.ticks(0));
        }
    }

    /** A faithful small chain (the hook-chain bundle's semantics, without its counters or locking). */
    static final class SmallChain implements TimerHookChain {

        private record Hook(long id, String name, int priority, boolean runAlways, TimerHook hook) {
        }

        private final List<Hook> hooks = new ArrayList<>();
        private Hook grabber;
        private long nextId = 1;

        @Override
        public HookRegistration register(String name, int priority, boolean runAlways, TimerHook hook) {
            Hook h = new Hook(nextId++, name, priority, runAlways, hook);
            hooks.add(h);
            hooks.sort(Comparator.comparingInt(Hook::priority).reversed().thenComparingLong(Hook::id));
            return new HookRegistration() {
                @Override
                public long id() {
                    return h.id;
                }

                @Override
                public void unregister() {
                    hooks.remove(h);
                    if (grabber == h) {
                        grabber = null;
                    }
                }
            };
        }

        private Hook find(long id) {
            return hooks.stream().filter(h -> h.id == id).findFirst().orElseThrow(IllegalArgumentException::new);
        }

        @Override
        public void grab(long id) {
            Hook h = find(id);
            if (grabber != null && grabber != h) {
                throw new HookBusyException(grabber.id);
            }
            grabber = h;
        }

        @Override
        public boolean ungrab(long id) {
            if (grabber != find(id)) {
                return false;
            }
            grabber = null;
            return true;
        }

        @Override
        public List<HookInfo> hooks() {
            List<HookInfo> out = new ArrayList<>();
            for (Hook h : hooks) {
                out.add(new HookInfo(h.id, h.name, h.priority, h.runAlways, h == grabber, 0, 0, 0, 0, "test"));
            }
            return out;
        }

        @Override
        public void run(Tick tick) {
            boolean done = grabber != null && grabber.hook.onTick(tick);
            for (Hook h : List.copyOf(hooks)) {
                if (h != grabber && (!done || h.runAlways)) {
                    h.hook.onTick(tick);
                }
            }
        }
    }
}
