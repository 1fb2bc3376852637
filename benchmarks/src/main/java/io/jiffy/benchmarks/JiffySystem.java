package io.jiffy.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.jiffy.clockevent.ClockEventDevice;
import io.jiffy.clockevent.HrTimers;
import io.jiffy.clockevent.TickMode;
import io.jiffy.clockevents.internal.BenchTick;
import io.jiffy.clocksource.ClockSetListener;
import io.jiffy.clocksource.Timekeeper;
import io.jiffy.machine.internal.BenchMachineAccess;
import io.jiffy.machine.internal.MachineCore;
import io.jiffy.posix.PosixClocks;
import io.jiffy.posixtimers.internal.BenchPosix;
import io.jiffy.timekeeping.internal.TimekeeperCore;
import io.jiffy.timer.TimerWheel;
import io.jiffy.timerwheel.internal.BenchWheel;

/**
 * A whole Jiffy system on the plain classpath, wired as the DS components wire it in a
 * framework: the machine (real or virtual) with its fallback clock-event device on every CPU,
 * the timekeeper (on the machine's oscillator), the tick (HZ and mode as given) with the timer
 * wheel's softirq as tick listener, hrtimers, and POSIX clocks and timers.
 */
public final class JiffySystem implements AutoCloseable {

    /** Owner name of everything the benchmarks arm. */
    public static final String OWNER = "io.jiffy.benchmarks";
    /** Linux's default timer slack, the machine's default last stretch spun before a deadline. */
    public static final long DEFAULT_SPIN_NANOS = 50_000;

    public final MachineCore machine;
    public final TimekeeperCore timekeeper;
    public final BenchTick tick;
    public final TimerWheel wheel;
    public final HrTimers hrTimers;
    public final PosixClocks posix;
    private final List<ClockEventDevice> devices = new ArrayList<>();

    /**
     * Builds and starts the system.
     *
     * @param virtual virtual time (moved by {@code machine.advance}) or real time
     * @param cpus    CPUs of the machine
     * @param hz      ticks per second
     * @param mode    periodic or tickless
     */
    public JiffySystem(boolean virtual, int cpus, int hz, TickMode mode) {
        machine = new MachineCore(virtual, cpus, DEFAULT_SPIN_NANOS);
        machine.start();
        List<ClockSetListener> clockSet = new CopyOnWriteArrayList<>();
        timekeeper = new TimekeeperCore(machine, TimekeeperCore.Log.NONE, clockSet, 500_000_000L, 100_000L);
        timekeeper.start();
        tick = new BenchTick(machine, timekeeper, hz, mode);
        clockSet.add(tick);
        for (int cpu = 0; cpu < cpus; cpu++) {
            ClockEventDevice d = BenchMachineAccess.clockEventDevice(machine, cpu);
            devices.add(d);
            tick.addDevice(d);
        }
        tick.start();
        BenchWheel w = new BenchWheel(tick, machine);
        tick.addListener(w.softirq());
        wheel = w.wheel();
        hrTimers = tick.hrTimers(OWNER);
        posix = BenchPosix.newPosixClocks(timekeeper, hrTimers, () -> 1_000_000_000L / tick.hz(), OWNER);
    }

    /** The timekeeper as its service interface. */
    public Timekeeper timekeeper() {
        return timekeeper;
    }

    /** Nanoseconds of one jiffy at the current HZ. */
    public long tickNanos() {
        return 1_000_000_000L / tick.hz();
    }

    @Override
    public void close() {
        tick.stop();
        timekeeper.stop();
        for (ClockEventDevice d : devices) {
            BenchMachineAccess.release(d);
        }
        machine.shutdown();
    }
}
