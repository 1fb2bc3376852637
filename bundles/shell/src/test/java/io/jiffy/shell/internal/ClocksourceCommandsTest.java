package io.jiffy.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jiffy.clocksource.ClockSource;
import io.jiffy.clocksource.ClockSourceFlag;
import io.jiffy.clocksource.ClockSourceInfo;
import io.jiffy.clocksource.Timekeeper;

/** The {@code clocksource:} commands over a stub timekeeper: tables, selection and errors. */
class ClocksourceCommandsTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private static final Set<ClockSourceFlag> CONT = EnumSet.of(ClockSourceFlag.CONTINUOUS);

    /** A timekeeper with fixed sources; select/selectAutomatic move the "current" mark. */
    static final class StubTimekeeper implements Timekeeper {
        final List<ClockSourceInfo> sources = new ArrayList<>();
        String current;
        boolean user;

        StubTimekeeper add(String name, int rating, long hz, int bits, Set<ClockSourceFlag> flags, boolean unstable,
                String owner) {
            sources.add(new ClockSourceInfo(name, rating, hz, bits, flags, false, unstable, owner));
            if (current == null) {
                current = name;
            }
            return this;
        }

        private ClockSourceInfo mark(ClockSourceInfo i) {
            return new ClockSourceInfo(i.name(), i.rating(), i.frequencyHz(), i.bits(), i.flags(),
                    i.name().equals(current), i.unstable(), i.owner());
        }

        @Override
        public ClockSourceInfo current() {
            return sources.stream().filter(i -> i.name().equals(current)).findFirst().map(this::mark).orElseThrow();
        }

        @Override
        public List<ClockSourceInfo> available() {
            return sources.stream().map(this::mark).toList();
        }

        @Override
        public void select(String name) {
            if (sources.stream().noneMatch(i -> i.name().equals(name))) {
                throw new IllegalArgumentException("no clocksource named '" + name + "'; available: tsc, machine");
            }
            current = name;
            user = true;
        }

        @Override
        public void selectAutomatic() {
            current = sources.get(0).name();
            user = false;
        }

        @Override
        public boolean userSelected() {
            return user;
        }

        @Override
        public long maxIdleNanos() {
            return 37_580_963_832L;
        }

        @Override
        public long monotonicNanos() {
            return 0;
        }

        @Override
        public long realtimeNanos() {
            return 0;
        }

        @Override
        public long rawNanos() {
            return 0;
        }

        @Override
        public long boottimeNanos() {
            return 0;
        }

        @Override
        public long monotonicCoarseNanos() {
            return 0;
        }

        @Override
        public long realtimeCoarseNanos() {
            return 0;
        }

        @Override
        public void setRealtime(long nanos) {
        }

        @Override
        public void updateWallTime() {
        }
    }

    private static StubTimekeeper twoSources() {
        return new StubTimekeeper()
                .add("tsc", 300, 2_400_000_000L, 64, EnumSet.of(ClockSourceFlag.CONTINUOUS, ClockSourceFlag.MUST_VERIFY),
                        false, "io.jiffy.driver.apic")
                .add("hpet", 0, 14_318_180L, 32, CONT, true, "io.jiffy.driver.hpet")
                .add("machine", 100, 1_000_000_000L, 64, CONT, false, "io.jiffy.machine");
    }

    private static ClockSource counter(String name, long hz, long value) {
        return new ClockSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int rating() {
                return 100;
            }

            @Override
            public long read() {
                return value;
            }

            @Override
            public long mask() {
                return ClockSource.maskOf(32);
            }

            @Override
            public long frequencyHz() {
                return hz;
            }

            @Override
            public Set<ClockSourceFlag> flags() {
                return CONT;
            }
        };
    }

    @Test
    void listShowsEverySourceWithItsState() {
        new ClocksourceCommands(twoSources()).list();
        assertEquals(""
                + "NAME     RATING     FREQUENCY  BITS  FLAGS                   STATE     OWNER\n"
                + "tsc         300       2.4 GHz    64  continuous,must_verify  current   io.jiffy.driver.apic\n"
                + "hpet          0  14.31818 MHz    32  continuous              unstable  io.jiffy.driver.hpet\n"
                + "machine     100         1 GHz    64  continuous                        io.jiffy.machine\n",
                console.out());
        assertEquals("", console.err());
    }

    @Test
    void currentShowsTheSourceAndHowItWasChosen() {
        new ClocksourceCommands(twoSources()).current();
        assertEquals(""
                + "current    tsc\n"
                + "rating     300\n"
                + "frequency  2.4 GHz\n"
                + "bits       64\n"
                + "owner      io.jiffy.driver.apic\n"
                + "selection  automatic (highest rating)\n"
                + "max idle   37.580963832 s (37580963832 ns)\n", console.out());
    }

    @Test
    void selectAndAuto() {
        StubTimekeeper tk = twoSources();
        ClocksourceCommands commands = new ClocksourceCommands(tk);
        commands.select("machine");
        commands.list();
        commands.select("auto");
        assertEquals(""
                + "current    machine (selected by the user)\n"
                + "NAME     RATING     FREQUENCY  BITS  FLAGS                   STATE           OWNER\n"
                + "tsc         300       2.4 GHz    64  continuous,must_verify                  io.jiffy.driver.apic\n"
                + "hpet          0  14.31818 MHz    32  continuous              unstable        io.jiffy.driver.hpet\n"
                + "machine     100         1 GHz    64  continuous              current (user)  io.jiffy.machine\n"
                + "current    tsc (automatic)\n", console.out());
        assertEquals("", console.err());
    }

    @Test
    void selectingAnUnknownSourceIsOneClearLine() {
        StubTimekeeper tk = twoSources();
        new ClocksourceCommands(tk).select("nosuch");
        assertEquals("", console.out());
        assertEquals("clocksource:select: no clocksource named 'nosuch'; available: tsc, machine\n", console.err());
        assertEquals("tsc", tk.current);
    }

    @Test
    void selectChecksTheArgumentCount() {
        ClocksourceCommands commands = new ClocksourceCommands(twoSources());
        commands.select();
        assertEquals("clocksource:select: expects 1 argument, got no arguments; usage: clocksource:select <name>|auto\n",
                console.err());
    }

    @Test
    void readShowsCyclesAndNanoseconds() {
        ClocksourceCommands commands = new ClocksourceCommands(twoSources());
        commands.clockSources = List.of(counter("MIPS", 100_000_000L, 123_456_789L));
        commands.read("MIPS");
        assertEquals(""
                + "cycles  123456789 (0x75bcd15)\n"
                + "ns      1.23456789 s (1234567890 ns)\n", console.out());
        commands.read("nosuch");
        assertEquals("clocksource:read: no clocksource named 'nosuch'; available: MIPS\n", console.err());
    }

    @Test
    void frequencies() {
        assertEquals("32.768 kHz", ClocksourceCommands.hertz(32_768));
        assertEquals("999 Hz", ClocksourceCommands.hertz(999));
        assertEquals("2.399999999 GHz", ClocksourceCommands.hertz(2_399_999_999L));
    }
}
