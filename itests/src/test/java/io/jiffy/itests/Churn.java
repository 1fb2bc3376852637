package io.jiffy.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.management.ObjectName;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.jiffy.clockevent.ClockEventInfo;
import io.jiffy.clockevent.ClockEvents;
import io.jiffy.clockevent.HrTimer;
import io.jiffy.clockevent.HrTimerClock;
import io.jiffy.clockevent.HrTimerMode;
import io.jiffy.clockevent.HrTimerRestart;
import io.jiffy.clockevent.HrTimers;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.machine.IrqInfo;
import io.jiffy.machine.Machine;
import io.jiffy.posix.ClockId;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posix.SigEvent;
import io.jiffy.timer.Timer;
import io.jiffy.timer.TimerWheel;

/**
 * The churn scenario shared by {@link ChurnVirtualIT} and {@link ChurnRealIT}: the three driver
 * bundles are uninstalled, then installed from their jars, started, stopped and uninstalled again
 * {@code cycles} times each while wheel timers, hrtimers and POSIX timers run and two threads read
 * CLOCK_MONOTONIC. The drivers rotate (SHub RTC, APIC, R4K, SHub RTC, ...) and overlap by one step:
 * driver n+1 is installed and started before driver n is stopped and uninstalled, so the system
 * goes through every hand-over between two drivers and from each driver to the machine's fallback
 * devices ({S}, {S,A}, {A}, {A,R}, {R}, {R,S}, {S}, ...).
 *
 * <p>Checked: no ERROR entry and no entry with an exception in any LogReaderService; thread count,
 * service count, bundles and interrupt lines back to their baseline once the drivers are
 * installed again; CLOCK_MONOTONIC never decreased for the readers nor the test thread; every
 * one-shot timer fired exactly once and never before its expiry; nothing owned by a driver's
 * bundle (clocksources, clock-event devices, IRQ lines, POSIX clocks and timers, wheel timers,
 * services) remains once it is uninstalled, no bundle is left pending removal, and the class
 * loaders of the uninstalled driver instances can be collected (but the last few, which the
 * framework may still hold, and a few that running compiled code may pin).
 *
 * <p>Time passes with {@link Machine#advance} in virtual mode; in real mode the test waits for an
 * hrtimer of its own (a latch, bounded) instead: no sleep and no assertion on durations.
 */
final class Churn {

    static final String SHUB = "io.jiffy.driver.shub.rtc";
    static final String APIC = "io.jiffy.driver.apic";
    static final String R4K = "io.jiffy.driver.r4k";
    /** The rotation order. */
    static final List<String> DRIVERS = List.of(SHUB, APIC, R4K);

    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    /** Failure timeout of every bounded wait (not a timing assertion). */
    private static final long TIMEOUT_SECONDS = 30;
    /** Timers armed before the churn starts, per kind, their expiries spread over the churn. */
    private static final int BATCH = 30;
    /**
     * How many of the most recently uninstalled driver instances the framework may still reach
     * (Equinox keeps the last 5 bundles' class loaders, Felix none): the last 4 rounds.
     */
    private static final int RECENT_LOADERS = 12;
    /**
     * How many older driver instances compiled code may still pin. HotSpot's C2 inlines up to two
     * receiver classes per call site, and a compiled method that is running when the collector
     * runs keeps the classes it inlined alive until it is recompiled or returns; the machine's CPU
     * loops never return. Seen in 2 of about 25 full runs, two loaders each time: one APIC and one
     * R4K instance, the two drivers whose clock-event devices the tick programs (once on Felix, once
     * on Equinox). A reference the system forgot would keep many, and the per-cycle checks name it.
     */
    private static final int JIT_PINNED = 4;
    /** Marker of the log entry that flushes each log reader at the end. */
    private static final String MARKER = "churn-it log flush marker";

    private final BundleContext context;
    private final Machine machine;
    private final Timekeeper timekeeper;
    private final ClockEvents clockEvents;
    private final PosixClocks posix;
    private final TimerWheel wheel;
    private final HrTimers hrTimers;
    private final int cycles;
    private final boolean virtual;

    /** Each driver's location: its jar in the launcher's export directory. */
    private final Map<String, String> locations = new LinkedHashMap<>();
    /** The class loader of every driver instance the churn installed, in install order. */
    private final List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    /** The bundle id of each of those instances. */
    private final List<Long> loaderBundleIds = new ArrayList<>();
    /** Every timer the test armed. */
    private final List<Armed> armed = Collections.synchronizedList(new ArrayList<>());
    /** POSIX timer id to its record (the callback only gets the id). */
    private final Map<Integer, Armed> posixTimers = new ConcurrentHashMap<>();
    /** One permit per timer's first firing. */
    private final Semaphore firstFirings = new Semaphore(0);
    /** Decreases of CLOCK_MONOTONIC seen by the test thread. */
    private final List<String> testThreadDecreases = new ArrayList<>();
    private long lastMonotonic = Long.MIN_VALUE;

    /** Real mode: the hrtimer that lets time pass, and the latch it opens. */
    private HrTimer pacer;
    private volatile CountDownLatch paced;

    Churn(BundleContext context, Machine machine, Timekeeper timekeeper, ClockEvents clockEvents, PosixClocks posix,
            TimerWheel wheel, HrTimers hrTimers, int cycles) {
        this.context = context;
        this.machine = machine;
        this.timekeeper = timekeeper;
        this.clockEvents = clockEvents;
        this.posix = posix;
        this.wheel = wheel;
        this.hrTimers = hrTimers;
        this.cycles = cycles;
        this.virtual = machine.isVirtual();
    }

    /** Runs the whole scenario and asserts everything listed in the class comment. */
    void run() throws Exception {
        long wallStart = System.nanoTime();
        String mode = virtual ? "virtual" : "real";
        pacer = hrTimers.newTimer(HrTimerClock.MONOTONIC, 0, t -> {
            CountDownLatch l = paced;
            if (l != null) {
                l.countDown();
            }
            return HrTimerRestart.NORESTART;
        });

        LogWatch log = new LogWatch();
        log.open();
        Reader[] readers = {new Reader("churn-reader-1"), new Reader("churn-reader-2")};
        try {
            // the normal system (all three drivers) is the baseline the end must come back to; the
            // log is flushed first so that its delivery thread (Equinox starts one on demand) runs
            assertEquals("the run starts on sgi_rtc", "sgi_rtc", timekeeper.current().name());
            log.flush();
            Baseline before = new Baseline();
            for (String bsn : DRIVERS) {
                Bundle driver = bundle(bsn);
                assertNotNull("driver " + bsn + " is installed", driver);
                locations.put(bsn, driver.getLocation());
            }

            for (Reader r : readers) {
                r.start();
            }
            // uninstall each driver first: the churn starts on the machine's fallback devices
            for (String bsn : DRIVERS) {
                Bundle driver = bundle(bsn);
                driver.uninstall();
                assertNothingOf(bsn, driver);
            }
            assertEquals("machine", timekeeper.current().name());
            monotonicStep();

            long churnWindow = virtual ? 3L * cycles * 5 * MS : 2_000 * MS;
            armBatch(churnWindow);

            int[] cyclesDone = new int[DRIVERS.size()];
            Bundle previous = null;
            String previousBsn = null;
            int step = 0;
            for (int round = 0; round < cycles; round++) {
                for (int d = 0; d < DRIVERS.size(); d++) {
                    String bsn = DRIVERS.get(d);
                    Bundle b = context.installBundle(locations.get(bsn));
                    assertEquals(bsn, b.getSymbolicName());
                    b.start();
                    assertEquals(bsn + " is active", Bundle.ACTIVE, b.getState());
                    awaitDevices(bsn, b);
                    loaders.add(new WeakReference<>(b.adapt(BundleWiring.class).getClassLoader()));
                    loaderBundleIds.add(b.getBundleId());
                    armStep(step++);
                    monotonicStep();
                    pass(3 * MS);
                    if (previous != null) {
                        previous.stop();
                        previous.uninstall();
                        assertNothingOf(previousBsn, previous);
                    }
                    previous = b;
                    previousBsn = bsn;
                    cyclesDone[d]++;
                    monotonicStep();
                    pass(2 * MS);
                }
            }
            previous.stop();
            previous.uninstall();
            assertNothingOf(previousBsn, previous);
            assertEquals("machine", timekeeper.current().name());
            long churnNanos = System.nanoTime() - wallStart;

            // every timer fires, exactly once
            awaitAllTimers();

            for (Reader r : readers) {
                r.halt();
                assertFalse(r.getName() + " stopped", r.isAlive());
            }

            // restore the system for nothing: the drivers once more, as the launcher had them
            for (String bsn : DRIVERS) {
                Bundle b = context.installBundle(locations.get(bsn));
                b.start();
                awaitDevices(bsn, b);
            }
            pass(10 * MS);
            monotonicStep();
            assertEquals("back on sgi_rtc", "sgi_rtc", timekeeper.current().name());
            Map<String, Long> pendingRemoval = removalPending();
            assertEquals("no bundle is left pending removal", Map.of(), pendingRemoval);

            // log: flushed, then nothing at ERROR and no exception
            log.flush();

            // report before the asserts, so a failure still shows what happened
            System.out.printf("ChurnIT[%s, %s]: %d install/start/stop/uninstall cycles per driver (%s) in %d ms; "
                    + "%d timers armed (wheel %d, hrtimer %d, posix %d); readers %d + %d reads; "
                    + "log: %d WARN, %d ERROR/exception entries (all entries by level: %s)%n",
                    mode, JiffyRuntime.frameworkBundle(), cycles, cycleCounts(cyclesDone), churnNanos / MS,
                    armed.size(), count("wheel"), count("hrtimer"), count("posix"),
                    readers[0].reads, readers[1].reads, log.warnings.size(), log.bad.size(), new TreeMap<>(log.levels));
            log.print();

            for (Reader r : readers) {
                assertNull(r.getName() + " failed: " + r.failure, r.failure);
                assertTrue(r.getName() + " read the clocks", r.reads > 0);
                assertEquals(r.getName() + ": CLOCK_MONOTONIC never decreases", List.of(), r.decreases);
            }
            assertEquals("CLOCK_MONOTONIC never decreases on the test thread", List.of(), testThreadDecreases);
            assertTimers();
            assertEquals("no ERROR and no exception in the log during the churn", List.of(), log.bad);

            List<Integer> retained = retainedClassLoaders();
            System.out.println("ChurnIT: class loaders of uninstalled driver instances still reachable: " + retained
                    + " of " + loaders.size() + " (bundle ids " + retained.stream().map(loaderBundleIds::get)
                    .collect(Collectors.toList()) + ")");
            List<Integer> older = retained.stream().filter(i -> i < loaders.size() - RECENT_LOADERS)
                    .collect(Collectors.toList());
            if (!older.isEmpty()) {
                dumpHeapIfAsked();
            }
            assertTrue("the class loaders of the uninstalled driver instances are collected (the framework may keep"
                    + " the last " + RECENT_LOADERS + ", compiled code " + JIT_PINNED + " more); still reachable: "
                    + older, older.size() <= JIT_PINNED);

            Baseline after = new Baseline();
            before.assertSameAs(after);
        } finally {
            for (Reader r : readers) {
                r.halt();
            }
            log.close();
            restoreDrivers();
            pacer.cancel();
            for (Integer id : posixTimers.keySet()) {
                try {
                    posix.timerDelete(id);
                } catch (RuntimeException gone) {
                    // already deleted
                }
            }
        }
        System.out.printf("ChurnIT[%s, %s]: whole run %d ms%n", mode, JiffyRuntime.frameworkBundle(),
                (System.nanoTime() - wallStart) / MS);
    }

    // ------------------------------------------------------------------ time

    /**
     * Lets time pass: virtual mode advances the machine; real mode waits (bounded) for an
     * hrtimer armed {@code nanos} ahead.
     */
    private void pass(long nanos) throws InterruptedException {
        if (virtual) {
            machine.advance(nanos);
            return;
        }
        CountDownLatch latch = new CountDownLatch(1);
        paced = latch;
        pacer.start(nanos, HrTimerMode.REL);
        if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            fail("the pacing hrtimer did not fire within " + TIMEOUT_SECONDS + " s: " + describeTick());
        }
    }

    private void monotonicStep() {
        long now = timekeeper.monotonicNanos();
        if (now < lastMonotonic && testThreadDecreases.size() < 20) {
            testThreadDecreases.add(lastMonotonic + " -> " + now + " on " + timekeeper.current().name());
        }
        lastMonotonic = Math.max(lastMonotonic, now);
    }

    private String describeTick() {
        StringBuilder sb = new StringBuilder("clocksource " + timekeeper.current().name() + ", tick devices");
        for (int cpu = 0; cpu < machine.cpus(); cpu++) {
            ClockEventInfo d = clockEvents.tickDevice(cpu);
            sb.append(' ').append(cpu).append('=').append(d == null ? "none" : d.name());
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ timers

    /** One timer armed by the test and its firings. */
    private final class Armed {
        final String kind;
        final String what;
        /** CLOCK_MONOTONIC before which it must not fire, or -1 (wheel timers). */
        final long due;
        final AtomicInteger fired = new AtomicInteger();
        volatile long firedAt = -1;

        Armed(String kind, String what, long due) {
            this.kind = kind;
            this.what = what;
            this.due = due;
            armed.add(this);
        }

        void fire() {
            if (fired.getAndIncrement() == 0) {
                firedAt = timekeeper.monotonicNanos();
                firstFirings.release();
            }
        }

        @Override
        public String toString() {
            return kind + " " + what + " due " + due + " fired " + fired.get() + "x at " + firedAt;
        }
    }

    /** The long-running timers, armed before the churn with expiries spread over it. */
    private void armBatch(long window) {
        for (int i = 0; i < BATCH; i++) {
            long delay = 1 * MS + window * i / BATCH + i * 7 * US;
            int cpu = i % machine.cpus();
            armWheel(wheel.nsecsToJiffies(delay), cpu, "batch " + i);
            armHr(delay, cpu, i % 2 == 0 ? HrTimerMode.REL : HrTimerMode.ABS, "batch " + i);
            armPosix(delay, i % 2 == 1, "batch " + i);
        }
    }

    /** The short timers of one churn step: armed while a driver has just come and another is about to go. */
    private void armStep(int step) {
        int cpu = step % machine.cpus();
        armWheel(1 + step % 3, cpu, "step " + step);
        armHr((1 + step % 4) * MS + (step * 37 % 1000) * US, cpu, step % 2 == 0 ? HrTimerMode.ABS : HrTimerMode.REL,
                "step " + step);
        armPosix((1 + step % 5) * MS + (step * 13 % 1000) * US, step % 2 == 0, "step " + step);
    }

    private void armWheel(long delayJiffies, int cpu, String what) {
        Armed a = new Armed("wheel", what + " cpu" + cpu + " +" + delayJiffies + "j", -1);
        Timer t = wheel.newTimer(timer -> a.fire(), cpu);
        t.add(wheel.jiffies() + delayJiffies);
    }

    private void armHr(long delay, int cpu, HrTimerMode mode, String what) {
        long now = timekeeper.monotonicNanos();
        Armed a = new Armed("hrtimer", what + " cpu" + cpu + " " + mode + " +" + delay + "ns", now + delay);
        HrTimer h = hrTimers.newTimer(HrTimerClock.MONOTONIC, cpu, timer -> {
            a.fire();
            return HrTimerRestart.NORESTART;
        });
        h.start(mode == HrTimerMode.ABS ? now + delay : delay, mode);
    }

    private void armPosix(long delay, boolean absolute, String what) {
        long now = posix.clockGettime(ClockId.CLOCK_MONOTONIC);
        Armed a = new Armed("posix", what + (absolute ? " ABS" : " REL") + " +" + delay + "ns", now + delay);
        int id = posix.timerCreate(ClockId.CLOCK_MONOTONIC, SigEvent.callback((timerId, overrun) -> {
            Armed target = posixTimers.get(timerId);
            if (target != null) {
                target.fire();
            }
        }));
        posixTimers.put(id, a);
        posix.timerSettime(id, absolute ? PosixClocks.TIMER_ABSTIME : 0, new ItimerSpec(absolute ? now + delay : delay, 0));
    }

    /**
     * Virtual mode: advances past every expiry. Real mode: waits (bounded) until each timer fired,
     * then for one more timer of each kind armed after all of them, so a late second firing of any
     * of them would be seen.
     */
    private void awaitAllTimers() throws InterruptedException {
        if (virtual) {
            machine.advance(2_000 * MS);
            return;
        }
        int total = armed.size();
        if (!firstFirings.tryAcquire(total, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            fail("not every timer fired within " + TIMEOUT_SECONDS + " s: " + unfired() + "; " + describeTick());
        }
        int sentinels = 3;
        armWheel(2, 0, "sentinel");
        armHr(2 * MS, machine.cpus() - 1, HrTimerMode.REL, "sentinel");
        armPosix(2 * MS, false, "sentinel");
        if (!firstFirings.tryAcquire(sentinels, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            fail("the sentinel timers did not fire within " + TIMEOUT_SECONDS + " s: " + unfired());
        }
        // the permits taken above are the first firings; give them back for the count in assertTimers
        firstFirings.release(total + sentinels);
    }

    private List<String> unfired() {
        synchronized (armed) {
            return armed.stream().filter(a -> a.fired.get() == 0).limit(20).map(Armed::toString).collect(Collectors.toList());
        }
    }

    private void assertTimers() {
        List<String> wrong = new ArrayList<>();
        List<String> early = new ArrayList<>();
        synchronized (armed) {
            for (Armed a : armed) {
                if (a.fired.get() != 1) {
                    wrong.add(a.toString());
                } else if (a.due >= 0 && a.firedAt < a.due) {
                    early.add(a.toString());
                }
            }
        }
        assertEquals("every timer fired exactly once (of " + armed.size() + ")", List.of(), limit(wrong));
        assertEquals("no timer fired before its expiry", List.of(), limit(early));
        assertEquals(armed.size(), firstFirings.availablePermits());
        List<String> stillPending = wheel.pending().stream().filter(t -> t.owner().equals(context.getBundle().getSymbolicName()))
                .map(Object::toString).collect(Collectors.toList());
        assertEquals("no wheel timer of the test is pending", List.of(), stillPending);
    }

    private long count(String kind) {
        synchronized (armed) {
            return armed.stream().filter(a -> a.kind.equals(kind)).count();
        }
    }

    private static List<String> limit(List<String> list) {
        return list.size() <= 20 ? list : new ArrayList<>(list.subList(0, 20));
    }

    // ------------------------------------------------------------------ bundles and what they own

    private Bundle bundle(String bsn) {
        Bundle found = null;
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                assertNull("a single bundle " + bsn, found);
                found = b;
            }
        }
        return found;
    }

    /** Everything the system shows as owned by {@code bsn}. */
    private List<String> owned(String bsn) {
        List<String> found = new ArrayList<>();
        timekeeper.available().stream().filter(s -> bsn.equals(s.owner())).forEach(s -> found.add("clocksource " + s.name()));
        clockEvents.devices().stream().filter(d -> bsn.equals(d.owner())).forEach(d -> found.add("clockevent " + d.name() + " cpu" + d.cpu()));
        machine.interrupts().stream().filter(i -> bsn.equals(i.owner())).forEach(i -> found.add("irq " + i.name() + " cpu" + i.cpu()));
        posix.clocks().stream().filter(c -> bsn.equals(c.owner())).forEach(c -> found.add("posix clock " + c.name()));
        posix.timers().stream().filter(t -> bsn.equals(t.owner())).forEach(t -> found.add("posix timer " + t.id()));
        wheel.pending().stream().filter(t -> bsn.equals(t.owner())).forEach(t -> found.add("wheel timer " + t.id()));
        return found;
    }

    private void assertNothingOf(String bsn, Bundle gone) throws Exception {
        assertEquals(bsn + " is uninstalled", Bundle.UNINSTALLED, gone.getState());
        assertNull("no bundle " + bsn + " is installed", bundle(bsn));
        assertEquals("nothing of " + bsn + " remains", List.of(), owned(bsn));
        for (ServiceReference<?> ref : context.getAllServiceReferences(null, null)) {
            Bundle owner = ref.getBundle();
            assertFalse("a service of " + bsn + " remains: " + ref, owner != null && bsn.equals(owner.getSymbolicName()));
        }
        assertFalse("CLOCK_SGI_CYCLE is gone", bsn.equals(SHUB) && posix.clocks().stream().anyMatch(c -> c.id() == ClockId.CLOCK_SGI_CYCLE));
    }

    /**
     * Waits (bounded, on service events of {@code b}) until {@code bsn} registered its devices;
     * DS activates the driver as it starts, so this normally returns at once.
     */
    private void awaitDevices(String bsn, Bundle b) throws Exception {
        if (!owned(bsn).isEmpty()) {
            return;
        }
        CountDownLatch registered = new CountDownLatch(1);
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED && event.getServiceReference().getBundle() == b) {
                registered.countDown();
            }
        };
        context.addServiceListener(listener);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (owned(bsn).isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail(bsn + " registered no device within " + TIMEOUT_SECONDS + " s");
                }
                registered.await(Math.min(left, 100 * MS), TimeUnit.NANOSECONDS);
            }
        } finally {
            context.removeServiceListener(listener);
        }
    }

    /** After a failure: installs and starts again any driver the churn left uninstalled. */
    private void restoreDrivers() {
        locations.forEach((bsn, location) -> {
            boolean installed = false;
            for (Bundle b : context.getBundles()) {
                installed |= bsn.equals(b.getSymbolicName());
            }
            if (!installed) {
                try {
                    context.installBundle(location).start();
                } catch (Exception e) {
                    System.out.println("ChurnIT: could not restore " + bsn + ": " + e);
                }
            }
        });
    }

    private Map<String, Long> removalPending() {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        Map<String, Long> pending = new TreeMap<>();
        for (Bundle b : wiring.getRemovalPendingBundles()) {
            pending.merge(String.valueOf(b.getSymbolicName()), 1L, Long::sum);
        }
        return pending;
    }

    /**
     * The install indexes of the driver instances whose class loader is still reachable after
     * full collections (run until none of the older ones is left, at most 10 times).
     */
    private List<Integer> retainedClassLoaders() {
        List<Integer> retained = List.of();
        for (int gc = 0; gc < 10; gc++) {
            System.gc();
            retained = IntStream.range(0, loaders.size()).filter(i -> loaders.get(i).get() != null).boxed()
                    .collect(Collectors.toList());
            if (retained.stream().allMatch(i -> i >= loaders.size() - RECENT_LOADERS)) {
                break;
            }
        }
        return retained;
    }

    /**
     * With {@code -Djiffy.heapdump=DIR}, writes the whole heap (unreachable objects too, so no
     * collection runs first) to DIR, to find what holds the class loaders still reachable (for
     * example with the NetBeans profiler's heap library).
     */
    private static void dumpHeapIfAsked() throws Exception {
        String dir = System.getProperty("jiffy.heapdump");
        if (dir == null) {
            return;
        }
        String file = dir + "/churn-" + System.currentTimeMillis() + ".hprof";
        ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                "dumpHeap", new Object[] {file, false}, new String[] {String.class.getName(), boolean.class.getName()});
        System.out.println("ChurnIT: heap dumped to " + file);
    }

    private static String cycleCounts(int[] done) {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < DRIVERS.size(); d++) {
            sb.append(d == 0 ? "" : ", ").append(DRIVERS.get(d)).append(' ').append(done[d]);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ baseline

    /** What must be the same before and after the churn. */
    private final class Baseline {
        final Set<Thread> threads = liveThreads();
        final int services;
        final Map<String, Long> serviceOwners = new TreeMap<>();
        final List<String> bundles = bundleNames();
        final Map<String, Long> lines = new TreeMap<>();
        final List<String> tickDevices = new ArrayList<>();

        Baseline() throws Exception {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, null);
            services = refs.length;
            for (ServiceReference<?> ref : refs) {
                Bundle owner = ref.getBundle();
                serviceOwners.merge(owner == null ? "?" : owner.getSymbolicName(), 1L, Long::sum);
            }
            for (IrqInfo line : machine.interrupts()) {
                lines.merge(line.name() + "/cpu" + line.cpu() + "/" + line.owner(), 1L, Long::sum);
            }
            for (int cpu = 0; cpu < machine.cpus(); cpu++) {
                ClockEventInfo d = clockEvents.tickDevice(cpu);
                tickDevices.add(d == null ? "none" : d.name());
            }
        }

        void assertSameAs(Baseline after) throws InterruptedException {
            System.out.printf("ChurnIT baseline: %d threads, %d services, %d bundles, %d IRQ lines; after: %d threads, "
                    + "%d services, %d bundles, %d IRQ lines%n", threads.size(), services, bundles.size(),
                    lines.values().stream().mapToLong(Long::longValue).sum(), after.threads.size(), after.services,
                    after.bundles.size(), after.lines.values().stream().mapToLong(Long::longValue).sum());
            assertEquals("the same bundles", bundles, after.bundles);
            assertEquals("the same services per bundle", serviceOwners, after.serviceOwners);
            assertEquals("the same number of services", services, after.services);
            assertEquals("the same IRQ lines (name/cpu/owner)", lines, after.lines);
            assertEquals("the same tick devices", tickDevices, after.tickDevices);
            // threads are compared by name: a framework thread that idled out and was started
            // again (the same name) is no leak. One that ended asynchronously may still be on
            // its way out: join it, bounded.
            List<Thread> extra = extraThreads();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            for (Thread t : extra) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left > 0) {
                    t.join(left);
                }
            }
            extra = extraThreads();
            int now = liveThreads().size();
            assertEquals("no new thread remains (baseline " + threads.size() + " threads, now " + now + ")", List.of(),
                    extra.stream().map(Thread::getName).sorted().collect(Collectors.toList()));
            assertTrue("thread count back to the baseline " + threads.size() + ", is " + now, now <= threads.size());
        }

        /** Live threads beyond the baseline's, counting names (a multiset). */
        private List<Thread> extraThreads() {
            Map<String, Long> left = threads.stream().collect(Collectors.groupingBy(Thread::getName, Collectors.counting()));
            List<Thread> extra = new ArrayList<>();
            for (Thread t : liveThreads()) {
                Long n = left.get(t.getName());
                if (n == null || n == 0) {
                    extra.add(t);
                } else {
                    left.put(t.getName(), n - 1);
                }
            }
            return extra;
        }
    }

    private static Set<Thread> liveThreads() {
        Set<Thread> live = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ThreadGroup group = t.getThreadGroup();
            boolean jvm = group != null && group.getParent() == null; // "system": Reference Handler, Attach Listener, ...
            if (t.isAlive() && !jvm && !t.getName().startsWith("churn-reader-")) {
                live.add(t);
            }
        }
        return live;
    }

    private List<String> bundleNames() {
        List<String> names = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            names.add(b.getSymbolicName() + " " + b.getState());
        }
        Collections.sort(names);
        return names;
    }

    // ------------------------------------------------------------------ readers

    /** Reads CLOCK_MONOTONIC through the Timekeeper and clock_gettime in a loop, recording any decrease. */
    private final class Reader extends Thread {
        volatile boolean stop;
        volatile long reads;
        volatile Throwable failure;
        final List<String> decreases = Collections.synchronizedList(new ArrayList<>());
        private long last = Long.MIN_VALUE;

        Reader(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                long n = 0;
                while (!stop) {
                    check(timekeeper.monotonicNanos(), "Timekeeper.monotonicNanos");
                    check(posix.clockGettime(ClockId.CLOCK_MONOTONIC), "clock_gettime(CLOCK_MONOTONIC)");
                    reads = ++n;
                    Thread.yield();
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        private void check(long now, String how) {
            if (now < last && decreases.size() < 20) {
                decreases.add(how + ": " + last + " -> " + now);
            }
            last = Math.max(last, now);
        }

        void halt() throws InterruptedException {
            stop = true;
            join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        }
    }

    // ------------------------------------------------------------------ log

    /**
     * A listener on every LogReaderService (Felix Log; under Equinox also the framework's own):
     * keeps every ERROR entry and every entry with an exception, and the WARN lines for the report.
     */
    private final class LogWatch {
        final List<String> bad = Collections.synchronizedList(new ArrayList<>());
        final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        /** Entries seen per level, to show the listener heard the drivers' lines. */
        final Map<LogLevel, Integer> levels = new ConcurrentHashMap<>();
        private final Map<ServiceReference<?>, LogListener> listeners = new LinkedHashMap<>();
        private final Map<ServiceReference<?>, LogReaderService> readers = new LinkedHashMap<>();
        private final Map<ServiceReference<?>, CountDownLatch> flushed = new ConcurrentHashMap<>();

        void open() throws Exception {
            ServiceReference<?>[] refs = context.getAllServiceReferences(LogReaderService.class.getName(), null);
            assertNotNull("a LogReaderService", refs);
            for (ServiceReference<?> ref : refs) {
                Object service = context.getService(ref);
                if (!(service instanceof LogReaderService)) {
                    System.out.println("ChurnIT: LogReaderService of " + ref.getBundle().getSymbolicName()
                            + " not usable from the test (another org.osgi.service.log wiring); skipped");
                    context.ungetService(ref);
                    continue;
                }
                CountDownLatch marker = new CountDownLatch(1);
                flushed.put(ref, marker);
                LogListener listener = entry -> logged(entry, marker);
                ((LogReaderService) service).addLogListener(listener);
                listeners.put(ref, listener);
                readers.put(ref, (LogReaderService) service);
            }
            assertFalse("listening to at least one LogReaderService", listeners.isEmpty());
            System.out.println("ChurnIT: listening to the LogReaderService of " + listeners.keySet().stream()
                    .map(r -> r.getBundle().getSymbolicName()).collect(Collectors.toList()));
        }

        private void logged(LogEntry entry, CountDownLatch marker) {
            String message = String.valueOf(entry.getMessage());
            if (message.contains(MARKER)) {
                marker.countDown();
                return;
            }
            String line = entry.getLogLevel() + " " + (entry.getBundle() == null ? "?" : entry.getBundle().getSymbolicName())
                    + ": " + message + (entry.getException() == null ? "" : " [" + entry.getException() + "]");
            levels.merge(entry.getLogLevel(), 1, Integer::sum);
            if (entry.getLogLevel() == LogLevel.ERROR || entry.getException() != null) {
                bad.add(line);
            } else if (entry.getLogLevel() == LogLevel.WARN) {
                warnings.add(line);
            }
        }

        /**
         * Logs a marker through each reader's own LoggerFactory and waits (bounded) until that
         * reader delivered it, so every entry logged before has reached the listener.
         */
        void flush() throws Exception {
            for (ServiceReference<?> reader : listeners.keySet()) {
                Logger logger = loggerOf(reader.getBundle());
                if (logger == null) {
                    System.out.println("ChurnIT: no LoggerFactory of " + reader.getBundle().getSymbolicName()
                            + " to flush its reader with");
                    continue;
                }
                logger.warn(MARKER);
                assertTrue("the log of " + reader.getBundle().getSymbolicName() + " delivered the flush marker",
                        flushed.get(reader).await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
        }

        private Logger loggerOf(Bundle provider) throws Exception {
            ServiceReference<?>[] refs = context.getAllServiceReferences(LoggerFactory.class.getName(), null);
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                if (ref.getBundle() == provider) {
                    Object factory = context.getService(ref);
                    if (factory instanceof LoggerFactory) {
                        return ((LoggerFactory) factory).getLogger("io.jiffy.itests.churn");
                    }
                }
            }
            return null;
        }

        void print() {
            List<String> seen = new ArrayList<>();
            synchronized (warnings) {
                summarize(warnings, seen);
            }
            synchronized (bad) {
                summarize(bad, seen);
            }
            seen.forEach(s -> System.out.println("ChurnIT log: " + s));
        }

        private void summarize(Collection<String> lines, List<String> out) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String l : lines) {
                counts.merge(l.replaceAll("\\d+", "#"), 1, Integer::sum);
            }
            counts.forEach((l, n) -> out.add(n + "x " + l));
        }

        void close() {
            listeners.forEach((ref, listener) -> {
                try {
                    readers.get(ref).removeLogListener(listener);
                    context.ungetService(ref);
                } catch (RuntimeException gone) {
                    // its bundle stopped: the listener went with it
                }
            });
            listeners.clear();
            readers.clear();
        }
    }
}
