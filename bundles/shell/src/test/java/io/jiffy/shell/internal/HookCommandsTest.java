package io.jiffy.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jiffy.hook.HookBusyException;
import io.jiffy.hook.HookInfo;
import io.jiffy.hook.HookLockup;
import io.jiffy.hook.HookRegistration;
import io.jiffy.hook.Tick;
import io.jiffy.hook.TimerHook;
import io.jiffy.hook.TimerHookChain;

/** {@code hook:list}, {@code hook:grab} and {@code hook:ungrab} over a stub chain: output and one-line errors. */
class HookCommandsTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    /** Two core hooks and a user hook; grab semantics as the chain has them. */
    private static final class StubChain implements TimerHookChain {
        long grabber;
        long threshold = 1_000_000_000L;
        HookLockup last;

        @Override
        public HookRegistration register(String name, int priority, boolean runAlways, TimerHook hook) {
            throw new UnsupportedOperationException();
        }

        private void check(long id) {
            if (id < 1 || id > 3) {
                throw new IllegalArgumentException("no timer hook with id " + id);
            }
        }

        @Override
        public void grab(long id) {
            check(id);
            if (grabber != 0 && grabber != id) {
                throw new HookBusyException(grabber);
            }
            grabber = id;
        }

        @Override
        public boolean ungrab(long id) {
            check(id);
            if (grabber != id) {
                return false;
            }
            grabber = 0;
            return true;
        }

        @Override
        public List<HookInfo> hooks() {
            List<HookInfo> all = new ArrayList<>(List.of(
                    new HookInfo(1, "do_timer", 1_000_000, false, grabber == 1, 250, 0, 812, 20_000, "io.jiffy.clockevents"),
                    new HookInfo(2, "update_process_times", 999_999, false, grabber == 2, 250, 0, 95, 1_200,
                            "io.jiffy.clockevents"),
                    new HookInfo(3, "speaker", 5, true, grabber == 3, 0, 2, 0, 0, "demo", last == null ? 0 : 1)));
            all.sort((a, b) -> Boolean.compare(b.grabbed(), a.grabbed()));
            return all;
        }

        @Override
        public void run(Tick tick) {
        }

        @Override
        public HookLockup lastLockup() {
            return last;
        }

        @Override
        public long softLockupThresholdNanos() {
            return threshold;
        }
    }

    private final StubChain stub = new StubChain();

    private HookCommands commands() {
        HookCommands c = new HookCommands();
        c.chain = stub;
        return c;
    }

    @Test
    void listShowsTheChainInRunOrder() {
        commands().list();
        String out = console.out();
        assertEquals("", console.err());
        String[] lines = out.split("\n");
        assertTrue(lines[0].startsWith("ID") && lines[0].contains("RUN_ALWAYS") && lines[0].contains("OWNER"), out);
        assertTrue(lines[1].contains("do_timer") && lines[1].contains("1000000") && lines[1].contains("io.jiffy.clockevents"), out);
        assertTrue(lines[2].contains("update_process_times") && lines[2].contains("999999"), out);
        assertTrue(lines[3].contains("speaker") && lines[3].contains("demo"), out);
        assertEquals("soft lockups (threshold 1 s): none", lines[4]);
        assertEquals(5, lines.length);
    }

    @Test
    void listShowsSoftLockupsPerHookAndTheLastOffender() {
        stub.last = new HookLockup(0, 3, "speaker", "demo", 25_000_000L, false);
        commands().list();
        assertEquals(""
                + "ID  NAME                  PRIORITY  RUN_ALWAYS  GRABBED  CALLS  ERRORS  LOCKUPS  MEAN NS  MAX NS  OWNER\n"
                + " 1  do_timer               1000000  no          no         250       0        0      812   20000  io.jiffy.clockevents\n"
                + " 2  update_process_times    999999  no          no         250       0        0       95    1200  io.jiffy.clockevents\n"
                + " 3  speaker                      5  yes         no           0       2        1        0       0  demo\n"
                + "soft lockups (threshold 1 s): last on cpu0, stuck for 25 ms in hook 3 (speaker) of demo (ended)\n",
                console.out());
        console.reset();
        stub.threshold = 0;
        stub.last = null;
        commands().list();
        assertEquals("soft lockups: detection off", console.out().split("\n")[4]);
        assertEquals("", console.err());
    }

    @Test
    void grabThenASecondGrabIsOneEbusyLineNamingTheGrabber() {
        HookCommands c = commands();
        c.grab("3");
        assertEquals("hook 3 grabbed the chain\n", console.out());
        assertTrue(console.out().length() > 0);
        c.list();
        assertTrue(console.out().split("\n")[2].contains("speaker"), "the grabber is listed first");
        console.reset();
        c.grab("1");
        assertEquals("hook:grab: EBUSY: the chain is grabbed by hook 3 (speaker, demo); hook:ungrab 3 first\n", console.err());
        assertEquals("", console.out());
    }

    @Test
    void ungrabByANonGrabberIsRefusedInOneLine() {
        HookCommands c = commands();
        c.ungrab("2");
        assertEquals("hook:ungrab: refused: hook 2 is not the grabber; the chain is not grabbed\n", console.err());
        console.reset();
        c.grab("3");
        c.ungrab("1");
        assertEquals("hook:ungrab: refused: hook 1 is not the grabber; it is grabbed by hook 3 (speaker, demo)\n",
                console.err());
        console.reset();
        c.ungrab("3");
        assertEquals("hook 3 released the chain\n", console.out());
        assertEquals("", console.err());
    }

    @Test
    void badInputIsOneLine() {
        HookCommands c = commands();
        c.grab("x");
        c.grab("9");
        c.ungrab();
        c.list("extra");
        assertEquals(List.of(
                "hook:grab: invalid hook id 'x': expected a positive number from hook:list",
                "hook:grab: no hook with id 9; see hook:list",
                "hook:ungrab: expects 1 argument, got no arguments; usage: hook:ungrab <id>",
                "hook:list: takes no arguments, got 1 argument; usage: hook:list"), List.of(console.err().split("\n")));
        assertEquals("", console.out());
    }

    @Test
    void withoutTheChainEachCommandSaysSo() {
        HookCommands c = new HookCommands();
        c.list();
        c.grab("1");
        assertEquals(List.of("hook:list: no timer-hook chain: the hook-chain service is not running",
                "hook:grab: no timer-hook chain: the hook-chain service is not running"), List.of(console.err().split("\n")));
    }
}
