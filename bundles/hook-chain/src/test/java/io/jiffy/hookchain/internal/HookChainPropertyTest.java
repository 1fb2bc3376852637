package io.jiffy.hookchain.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.jiffy.hook.HookBusyException;
import io.jiffy.hook.HookInfo;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The chain against a plain model (a list in registration order, sorted stably by priority on
 * each tick): random register / unregister / grab / ungrab / tick sequences give the same calls
 * in the same order, the same EBUSY refusals, and the same {@code hooks()} order.
 */
class HookChainPropertyTest {

    /** A hook of the model. */
    private record Model(long id, int priority, boolean runAlways, boolean done) {
    }

    @Property(tries = 300)
    void runOrderMatchesTheModel(@ForAll @Size(max = 80) List<@IntRange(min = 0, max = 9_999) Integer> ops) {
        HookChain chain = new HookChain(new TestLog());
        TestTick tick = new TestTick();
        List<Long> calls = new ArrayList<>();
        List<Model> model = new ArrayList<>(); // registration order
        List<HookEntry> entries = new ArrayList<>();
        Model grabber = null;
        for (int v : ops) {
            int arg = v / 5;
            switch (v % 5) {
                case 0 -> { // register
                    int priority = arg % 4 - 1;
                    boolean runAlways = (arg / 4) % 2 == 1;
                    boolean done = (arg / 8) % 2 == 1;
                    long[] self = new long[1];
                    HookEntry e = chain.add("h", priority, runAlways, t -> {
                        calls.add(self[0]);
                        return done;
                    }, "test");
                    self[0] = e.id;
                    entries.add(e);
                    model.add(new Model(e.id, priority, runAlways, done));
                }
                case 1 -> { // unregister
                    if (!model.isEmpty()) {
                        int i = arg % model.size();
                        chain.registration(entries.remove(i)).unregister();
                        Model m = model.remove(i);
                        if (m == grabber) {
                            grabber = null;
                        }
                    }
                }
                case 2 -> { // grab
                    if (!model.isEmpty()) {
                        Model m = model.get(arg % model.size());
                        if (grabber != null && grabber != m) {
                            long holder = grabber.id();
                            HookBusyException busy = org.junit.jupiter.api.Assertions.assertThrows(HookBusyException.class,
                                    () -> chain.grab(m.id()));
                            assertEquals(holder, busy.grabberId());
                        } else {
                            chain.grab(m.id());
                            grabber = m;
                        }
                    }
                }
                case 3 -> { // ungrab
                    if (!model.isEmpty()) {
                        Model m = model.get(arg % model.size());
                        assertEquals(m == grabber, chain.ungrab(m.id()));
                        if (m == grabber) {
                            grabber = null;
                        }
                    }
                }
                default -> { // tick
                    calls.clear();
                    chain.run(tick);
                    assertEquals(expected(model, grabber), calls);
                }
            }
            assertEquals(listed(model, grabber), chain.hooks().stream().map(HookInfo::id).toList());
        }
    }

    /** The model's run order: the grabber, then every other hook or, if it returned done, the run_always ones. */
    private static List<Long> expected(List<Model> model, Model grabber) {
        List<Long> out = new ArrayList<>();
        boolean done = false;
        if (grabber != null) {
            out.add(grabber.id());
            done = grabber.done();
        }
        for (Model m : sorted(model)) {
            if (m != grabber && (!done || m.runAlways())) {
                out.add(m.id());
            }
        }
        return out;
    }

    /** The model's {@code hooks()} order: the grabber, then the others by priority, then registration. */
    private static List<Long> listed(List<Model> model, Model grabber) {
        List<Long> out = new ArrayList<>();
        if (grabber != null) {
            out.add(grabber.id());
        }
        for (Model m : sorted(model)) {
            if (m != grabber) {
                out.add(m.id());
            }
        }
        return out;
    }

    private static List<Model> sorted(List<Model> model) {
        List<Model> s = new ArrayList<>(model);
        s.sort(Comparator.comparingInt(Model::priority).reversed()); // stable: ties stay in registration order
        return s;
    }
}
