package io.jiffy.driver.shub.rtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jiffy.posix.ItimerSpec;

/** {@code mmtimer:info}: the two-column list, wrong arguments, a driver that is not running. */
class MmTimerCommandsTest {

    /** What a command printed on stdout and stderr. */
    record Output(List<String> out, List<String> err) {
    }

    private static Output capture(Runnable command) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            command.run();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Output(out.toString(StandardCharsets.UTF_8).lines().toList(),
                err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void infoListsTheIoctlAnswersTheClockAndTheTimersPerNode() {
        try (Rig rig = new Rig(4, ShubRtcSettings.defaults())) {
            rig.clock().createTimer(o -> { }).set(0, new ItimerSpec(1_000_000_000L, 0));
            rig.advanceTo(1_000_000);
            Output o = capture(() -> MmTimerCommands.run(rig.driver, null, new String[0]));
            assertEquals(List.of(
                    "counter offset    0 (8-byte words into the counter page)",
                    "resolution (fs)   40000000",
                    "frequency (Hz)    25000000",
                    "bits              55",
                    "mmap available    yes",
                    "counter           25000",
                    "posix clock       10 CLOCK_SGI_CYCLE",
                    "timers node 0     1 pending (comparator on cpu 0)",
                    "timers node 1     0 pending (comparator on cpu 2)"), o.out());
            assertEquals(List.of(), o.err());
        }
    }

    @Test
    void argumentsAreRefusedWithOneLine() {
        try (Rig rig = new Rig(ShubRtcSettings.defaults())) {
            Output o = capture(() -> MmTimerCommands.run(rig.driver, null, new String[] {"now"}));
            assertEquals(List.of(), o.out());
            assertEquals(List.of("mmtimer:info: takes no arguments, got 1 argument; usage: mmtimer:info"), o.err());
        }
    }

    @Test
    void aRefusedDriverIsExplainedInOneLine() {
        ShubRtcSettings slow = Rig.settings("frequencyHz", 50_000);
        try (Rig rig = new Rig(slow)) {
            assertNull(rig.driver);
            String why = ShubDriver.refusal(slow);
            Output o = capture(() -> MmTimerCommands.run(null, why, new String[0]));
            assertEquals(List.of(), o.out());
            assertEquals(1, o.err().size());
            assertEquals("mmtimer:info: the SHub RTC driver is not running: " + why, o.err().get(0));
        }
    }
}
