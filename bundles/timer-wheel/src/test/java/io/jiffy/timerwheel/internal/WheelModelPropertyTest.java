package io.jiffy.timerwheel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.jiffy.timer.TimerInfo;
import io.jiffy.timer.TimerWheel;

/**
 * The wheel against a plain reference model (an ordered set keyed by firing jiffy, then arming
 * number): random add / mod / del / advance sequences, with expiries inside tv1, around every
 * level boundary, deep in tv5, in the past and beyond MAX_TIMEOUT, huge jumps, and functions that
 * re-arm themselves and delete other timers, give the same firings at the same jiffies in the
 * same order, the same return values and the same pending timers.
 */
class WheelModelPropertyTest {

    static final int TIMERS = 8;
    static final long MAX = TimerWheel.MAX_TIMEOUT;
    static final Long[] BOUNDARIES = {256L, 1L << 14, 1L << 20, 1L << 26, MAX};

    /** One step; {@code kind} 0 add, 1 mod, 2 del, 3 advance. */
    record Op(int kind, int timer, long delta, int alignBits) {
    }

    /** What a timer's function does: re-arm itself {@code rearms} times at expires + delta, and delete another. */
    record Behaviour(int rearms, long rearmDelta, int delTarget) {
    }

    record Firing(long jiffy, int timer) {
    }

    @Property(tries = 300)
    void wheelMatchesTheModel(@ForAll("starts") long start, @ForAll("behaviours") List<Behaviour> behaviours,
            @ForAll("ops") List<Op> ops) {
        WheelCore core = new WheelCore(1, start, WheelLog.NONE);
        Model model = new Model(start);
        List<Firing> real = new ArrayList<>();
        List<Firing> expected = new ArrayList<>();
        TimerImpl[] timers = new TimerImpl[TIMERS];
        int[] rearmsLeft = new int[TIMERS];
        for (int i = 0; i < TIMERS; i++) {
            int id = i;
            Behaviour b = behaviours.get(i);
            rearmsLeft[i] = b.rearms();
            timers[i] = core.newTimer(t -> {
                real.add(new Firing(core.base(0).clk() - 1, id));
                if (rearmsLeft[id] > 0) {
                    rearmsLeft[id]--;
                    t.mod(t.expires() + b.rearmDelta());
                }
                if (b.delTarget() >= 0) {
                    timers[b.delTarget()].del();
                }
            }, 0, Owner.KERNEL);
        }
        int[] modelRearms = new int[TIMERS];
        for (int i = 0; i < TIMERS; i++) {
            modelRearms[i] = behaviours.get(i).rearms();
        }
        long now = start;
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    long e = expiry(now, op);
                    if (model.pending(op.timer())) {
                        assertThrows(IllegalStateException.class, () -> timers[op.timer()].add(e));
                    } else {
                        timers[op.timer()].add(e);
                        model.arm(op.timer(), e);
                    }
                }
                case 1 -> {
                    long e = expiry(now, op);
                    boolean was = model.pending(op.timer());
                    model.arm(op.timer(), e);
                    assertEquals(was, timers[op.timer()].mod(e), "mod return");
                }
                case 2 -> assertEquals(model.del(op.timer()), timers[op.timer()].del(), "del return");
                default -> {
                    now += op.delta();
                    core.runTimers(0, now);
                    model.advance(now, id -> {
                        Behaviour b = behaviours.get(id);
                        if (modelRearms[id] > 0) {
                            modelRearms[id]--;
                            model.arm(id, model.expires[id] + b.rearmDelta());
                        }
                        if (b.delTarget() >= 0) {
                            model.del(b.delTarget());
                        }
                    }, expected);
                    assertEquals(expected, real, "firings");
                }
            }
            for (int i = 0; i < TIMERS; i++) {
                assertEquals(model.pending(i), timers[i].pending(), "pending of timer " + i);
                if (model.pending(i)) {
                    assertEquals(model.expires[i], timers[i].expires(), "expires of timer " + i);
                }
            }
        }
        // finally run everything out, however far
        now += 3 * MAX;
        core.runTimers(0, now);
        model.advance(now, id -> {
            Behaviour b = behaviours.get(id);
            if (modelRearms[id] > 0) {
                modelRearms[id]--;
                model.arm(id, model.expires[id] + b.rearmDelta());
            }
            if (b.delTarget() >= 0) {
                model.del(b.delTarget());
            }
        }, expected);
        assertEquals(expected, real, "firings");
        List<TimerInfo> left = core.pending(now);
        assertEquals(model.queue.size(), left.size(), "pending at the end: " + left);
        assertEquals(model.queue.size(), core.stats().get(0).pending());
    }

    private static long expiry(long now, Op op) {
        long e = now + op.delta();
        if (op.alignBits() > 0) {
            long unit = 1L << op.alignBits();
            e = Math.floorDiv(e + unit - 1, unit) * unit + (op.delta() & 3) - 1; // just before, at and after a boundary
        }
        return e;
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Long> starts() {
        return Arbitraries.oneOf(Arbitraries.of(0L, 1L, 255L, 256L, (1L << 14) - 2, (1L << 26) - 1, MAX - 3, MAX + 1),
                Arbitraries.longs().between(0, 1L << 40));
    }

    @Provide
    Arbitrary<List<Behaviour>> behaviours() {
        Arbitrary<Behaviour> b = Combinators.combine(
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 3))),
                Arbitraries.oneOf(Arbitraries.longs().between(-5, 600), deltas()),
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(-1)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, TIMERS - 1))))
                .as(Behaviour::new);
        return b.list().ofSize(TIMERS);
    }

    static Arbitrary<Long> deltas() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(-300, 300)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(BOUNDARIES).flatMap(
                        x -> Arbitraries.longs().between(-3, 3).map(d -> x + d))),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(1L << 26, MAX)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, MAX)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(MAX, 1L << 40)));
    }

    static Arbitrary<Long> advances() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(0, 5)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, 600)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(BOUNDARIES).flatMap(
                        x -> Arbitraries.longs().between(-2, 2).map(d -> x + d))),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1L << 20, MAX)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(MAX, 1L << 34)));
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> timer = Arbitraries.integers().between(0, TIMERS - 1);
        Arbitrary<Integer> align = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(8, 14, 20, 26)));
        Arbitrary<Op> add = Combinators.combine(timer, deltas(), align).as((t, d, a) -> new Op(0, t, d, a));
        Arbitrary<Op> mod = Combinators.combine(timer, deltas(), align).as((t, d, a) -> new Op(1, t, d, a));
        Arbitrary<Op> del = timer.map(t -> new Op(2, t, 0, 0));
        Arbitrary<Op> adv = advances().map(d -> new Op(3, 0, d, 0));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, add), net.jqwik.api.Tuple.of(3, mod),
                net.jqwik.api.Tuple.of(1, del), net.jqwik.api.Tuple.of(3, adv)).list().ofMinSize(1).ofMaxSize(60);
    }

    // ------------------------------------------------------------------ the model

    /**
     * The specification: a timer fires at max(expires, clk at arming), expiries more than
     * MAX_TIMEOUT ahead capped to clk + MAX_TIMEOUT; one jiffy's timers in arming order; while a
     * function runs, clk is its jiffy + 1; after advancing to J, clk is J + 1.
     */
    static final class Model {

        record Key(long fire, long seq, int id) {
        }

        long clk;
        long seq;
        final TreeSet<Key> queue = new TreeSet<>(Comparator.comparingLong(Key::fire).thenComparingLong(Key::seq));
        final Map<Integer, Key> armed = new HashMap<>();
        final long[] expires = new long[TIMERS];

        Model(long start) {
            clk = start;
        }

        boolean pending(int id) {
            return armed.containsKey(id);
        }

        void arm(int id, long e) {
            del(id);
            long fire;
            if (e < clk) {
                fire = clk;
                expires[id] = e;
            } else {
                fire = Math.min(e, clk + MAX);
                expires[id] = fire;
            }
            Key k = new Key(fire, ++seq, id);
            queue.add(k);
            armed.put(id, k);
        }

        boolean del(int id) {
            Key k = armed.remove(id);
            if (k == null) {
                return false;
            }
            queue.remove(k);
            return true;
        }

        void advance(long to, java.util.function.IntConsumer function, List<Firing> out) {
            while (!queue.isEmpty() && queue.first().fire() <= to) {
                Key k = queue.pollFirst();
                armed.remove(k.id());
                clk = Math.max(clk, k.fire() + 1);
                out.add(new Firing(k.fire(), k.id()));
                function.accept(k.id());
            }
            clk = Math.max(clk, to + 1);
        }
    }

}
