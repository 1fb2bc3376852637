package io.jiffy.timerwheel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jiffy.machine.internal.MachineCore;
import io.jiffy.timer.Timer;

/** The TimerWheel service's argument checks, as its javadoc documents them. */
class ArgumentsTest {

    private final MachineCore machine = new MachineCore(true, 2, 0);
    private final WheelCore core = new WheelCore(2, 0, WheelLog.NONE);
    private final TimerWheelFacade wheel = new TimerWheelFacade();

    ArgumentsTest() {
        machine.start();
        wheel.init(core, new StubTick(250), machine, new Owner("bundle.a"));
    }

    @AfterEach
    void stop() {
        machine.shutdown();
    }

    @Test
    void negativeTimesAreRefusedByTheConversionsToJiffies() {
        assertThrows(IllegalArgumentException.class, () -> wheel.msecsToJiffies(-1));
        assertThrows(IllegalArgumentException.class, () -> wheel.usecsToJiffies(-1));
        assertThrows(IllegalArgumentException.class, () -> wheel.nsecsToJiffies(Long.MIN_VALUE));
        assertEquals(0, wheel.msecsToJiffies(0));
        assertEquals(2_305_843_009_213_693_952L, wheel.msecsToJiffies(Long.MAX_VALUE), "the longest time fits, rounded up");
        assertEquals(-100, wheel.jiffiesToMsecs(-25), "a difference of jiffies may be negative");
        assertEquals(Long.MAX_VALUE, wheel.jiffiesToUsecs(Long.MAX_VALUE), "saturates");
        assertEquals(Long.MIN_VALUE, wheel.jiffiesToUsecs(Long.MIN_VALUE), "saturates");
    }

    @Test
    void aNullFunctionOrAnUnknownCpuIsRefused() {
        assertThrows(NullPointerException.class, () -> wheel.newTimer(null));
        assertThrows(NullPointerException.class, () -> wheel.newTimer(null, 0));
        assertThrows(IllegalArgumentException.class, () -> wheel.newTimer(t -> { }, 2));
        assertThrows(IllegalArgumentException.class, () -> wheel.newTimer(t -> { }, -1));
        assertEquals(List.of(), wheel.pending());
    }

    @Test
    void anyExpiryIsAcceptedAsTheKernelDoes() {
        List<String> fired = new ArrayList<>();
        Timer past = wheel.newTimer(t -> fired.add("past"), 0);
        past.add(Long.MIN_VALUE);
        core.runTimers(0, 1);
        assertEquals(List.of("past"), fired, "an expiry long past fires at the next tick");
        Timer far = wheel.newTimer(t -> fired.add("far"), 0);
        assertFalse(far.mod(Long.MAX_VALUE));
        assertTrue(far.pending());
        assertEquals(2 + io.jiffy.timer.TimerWheel.MAX_TIMEOUT, far.expires(), "capped to MAX_TIMEOUT from the wheel's clock");
    }
}
