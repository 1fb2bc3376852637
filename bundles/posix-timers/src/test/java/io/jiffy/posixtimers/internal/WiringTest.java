package io.jiffy.posixtimers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.Logger;

import io.jiffy.clockevent.ClockEvents;
import io.jiffy.machine.internal.MachineCore;
import io.jiffy.posix.ClockId;
import io.jiffy.posix.Errno;
import io.jiffy.posix.ItimerSpec;
import io.jiffy.posix.PosixClock;
import io.jiffy.posix.PosixException;
import io.jiffy.posix.SigEvent;

/**
 * The DS component and the bundle-scoped facade without a framework: references injected by
 * hand, the OSGi types as proxies, the log captured line by line.
 */
class WiringTest {

    MachineCore machine;
    TestTimekeeper timekeeper;
    final List<String> log = new ArrayList<>();
    PosixTimersComponent component;

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(WiringTest.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    static void inject(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    @SuppressWarnings("unchecked")
    static ServiceReference<PosixClock> ref(String bundle, Object clockId) {
        Bundle b = proxy(Bundle.class, (p, m, a) -> m.getName().equals("getSymbolicName") ? bundle : null);
        return proxy(ServiceReference.class, (p, m, a) -> switch (m.getName()) {
            case "getBundle" -> b;
            case "getProperty" -> Map.of(PosixClock.PROPERTY_CLOCK_ID, clockId).get(a[0]);
            default -> null;
        });
    }

    @BeforeEach
    void setUp() throws ReflectiveOperationException {
        machine = new MachineCore(true, 1, 0);
        machine.start();
        timekeeper = new TestTimekeeper(machine, 4_000_000);
        component = new PosixTimersComponent();
        inject(component, "logger", proxy(Logger.class, (p, m, a) -> {
            if (m.getReturnType() == boolean.class) {
                return true;
            }
            if (a != null && a.length > 0 && a[0] instanceof String format) {
                Object[] args = Arrays.copyOfRange(a, 1, a.length);
                if (args.length == 1 && args[0] instanceof Object[] varargs) {
                    args = varargs;
                }
                String line = format;
                for (Object arg : args) {
                    line = line.replaceFirst("\\{\\}", java.util.regex.Matcher.quoteReplacement(String.valueOf(arg)));
                }
                log.add(m.getName() + ": " + line);
            }
            return null;
        }));
        inject(component, "timekeeper", timekeeper);
        inject(component, "hrTimers", new VirtualHrTimers(machine, timekeeper));
        inject(component, "clockEvents", proxy(ClockEvents.class, (p, m, a) -> m.getName().equals("hz") ? 250 : null));
    }

    @AfterEach
    void tearDown() {
        machine.shutdown();
    }

    @Test
    void driverClocksComeAndGoWithTheirServicesAndRefusalsAreLogged() {
        DriverClockTest.FakeClock shub = new DriverClockTest.FakeClock();
        component.addClock(shub, ref("io.jiffy.shub", 10)); // bound before activation
        component.activate();
        assertEquals(4_000_000, component.core().clockGetres(ClockId.CLOCK_MONOTONIC_COARSE));
        assertEquals(40, component.core().clockGetres(10));
        component.addClock(new DriverClockTest.FakeClock(), ref("io.jiffy.other", 10));
        component.addClock(new DriverClockTest.FakeClock(), ref("io.jiffy.other", 5));
        component.addClock(new DriverClockTest.FakeClock(), ref("io.jiffy.other", "x"));

        PosixClocksFacade facade = new PosixClocksFacade();
        facade.init(component.core(), new Owner("app"));
        int id = facade.timerCreate(10, SigEvent.none());
        facade.timerSettime(id, 0, new ItimerSpec(100, 0));
        component.removeClock(shub, ref("io.jiffy.shub", 10));
        assertEquals(Errno.EINVAL, assertThrows(PosixException.class, () -> facade.timerGettime(id)).errno());
        assertEquals(List.of(
                "info: POSIX clocks and timers started: 6 built-in clocks",
                "info: clock 10 CLOCK_SGI_CYCLE added by io.jiffy.shub",
                "error: refused clock 10 CLOCK_SGI_CYCLE: clock id 10 of io.jiffy.other is already CLOCK_SGI_CYCLE of io.jiffy.shub",
                "error: refused clock 5 CLOCK_SGI_CYCLE: clock id 5 of io.jiffy.other is reserved: driver clocks use 10 and above",
                "error: refused a PosixClock of io.jiffy.other: service property posix.clock.id must be an integer, not x",
                "info: clock 10 removed with io.jiffy.shub: ended 1 timer(s)"), log);
    }

    @Test
    void theFacadeOwnsItsTimersAndDeletesThemWhenClosed() {
        component.activate();
        PosixClocksFacade app = new PosixClocksFacade();
        app.init(component.core(), new Owner("app"));
        PosixClocksFacade other = new PosixClocksFacade();
        other.init(component.core(), new Owner("other"));
        int a = app.timerCreate(ClockId.CLOCK_MONOTONIC, SigEvent.queued());
        app.timerSettime(a, 0, new ItimerSpec(10, 10));
        int b = other.timerCreate(ClockId.CLOCK_MONOTONIC, SigEvent.none());
        other.timerSettime(b, 0, new ItimerSpec(10, 10));
        assertEquals("app", app.timers().get(0).owner());
        assertEquals(1, app.close());
        assertEquals(List.of(b), other.timers().stream().map(t -> t.id()).toList());
        assertEquals(Errno.EINVAL, assertThrows(PosixException.class,
                () -> app.timerCreate(ClockId.CLOCK_MONOTONIC, SigEvent.none())).errno());
        machine.advance(1_000);
        assertEquals(100, other.timers().get(0).expirations());
        component.deactivate();
        assertEquals("info: POSIX clocks and timers stopped; timers deleted: 1", log.get(log.size() - 1));
        assertThrows(IllegalStateException.class, component::core);
    }

    @Test
    void clockIdPropertyMustBeAnInteger() {
        assertEquals(10, PosixTimersComponent.clockId(10));
        assertEquals(10, PosixTimersComponent.clockId(10L));
        assertEquals(12, PosixTimersComponent.clockId(" 12"));
        assertNull(PosixTimersComponent.clockId(1L << 40));
        assertNull(PosixTimersComponent.clockId(1.5));
        assertNull(PosixTimersComponent.clockId(null));
        assertNull(PosixTimersComponent.clockId("ten"));
    }
}
