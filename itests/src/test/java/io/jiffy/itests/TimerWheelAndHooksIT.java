package io.jiffy.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.jiffy.hook.HookInfo;
import io.jiffy.hook.TimerHookChain;
import io.jiffy.machine.Machine;
import io.jiffy.timer.TimerStats;
import io.jiffy.timer.TimerWheel;

/** The timer wheel and the hook chain wired in the framework (Felix or Equinox), in virtual time, and what a stopped bundle leaves behind: nothing. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TimerWheelAndHooksIT {

    private static final String FIXTURE = "io.jiffy.itests.fixture";

    @Inject
    BundleContext context;

    @Inject
    Machine machine;

    @Inject
    TimerWheel wheel;

    @Inject
    TimerHookChain chain;

    @Inject
    CommandProcessor processor;

    @Configuration
    public Option[] config() {
        return new Option[] {JiffyRuntime.system("virtual")};
    }

    @Test
    public void aStoppedBundleLeavesNoTimerAndNoHook() throws Exception {
        Bundle fixture = context.installBundle(new File(System.getProperty("jiffy.fixture")).toURI().toString());
        try {
            fixture.start();
            JiffyRuntime.awaitService(context, "(objectClass=io.jiffy.itests.fixture.FixtureTimers)");
            assertEquals("its three timers are pending", 3, fixtureTimers());
            assertEquals("its two hooks are in the chain: " + chain.hooks(), 2, fixtureHooks().size());

            fixture.stop();
            assertEquals("no timer of the stopped bundle remains", 0, fixtureTimers());
            assertEquals("no hook of the stopped bundle remains: " + chain.hooks(), List.of(), fixtureHooks());
        } finally {
            fixture.uninstall();
        }
    }

    private long fixtureTimers() {
        return wheel.pending().stream().filter(t -> FIXTURE.equals(t.owner())).count();
    }

    private List<String> fixtureHooks() {
        return chain.hooks().stream().filter(h -> FIXTURE.equals(h.owner())).map(HookInfo::name).collect(Collectors.toList());
    }

    @Test
    public void consoleTimerFiresExactlyOnce() throws Exception {
        long expiredBefore = expired();
        JiffyRuntime.Output add = JiffyRuntime.run(processor, "timer:add 100ms");
        assertEquals(add.toString(), "", add.err());
        Matcher id = Pattern.compile("(\\d+)").matcher(add.out());
        assertTrue(add.out(), id.find());

        JiffyRuntime.Output list = JiffyRuntime.run(processor, "timer:list");
        assertEquals(list.toString(), "", list.err());
        assertTrue(list.out(), list.out().contains(id.group(1)));

        JiffyRuntime.run(processor, "machine:advance 200ms");
        assertEquals("fired exactly once", expiredBefore + 1, expired());
        JiffyRuntime.Output stats = JiffyRuntime.run(processor, "timer:stats");
        assertEquals(stats.toString(), "", stats.err());
    }

    private long expired() {
        return wheel.stats().stream().mapToLong(TimerStats::expired).sum();
    }

    @Test
    public void hookListShowsTheCoreTickWork() throws Exception {
        JiffyRuntime.Output out = JiffyRuntime.run(processor, "hook:list");
        assertEquals(out.toString(), "", out.err());
        assertTrue(out.out(), out.out().contains("do_timer"));
        assertTrue(out.out(), out.out().contains("update_process_times"));
    }
}
