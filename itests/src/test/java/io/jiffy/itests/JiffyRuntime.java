package io.jiffy.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * The Pax Exam configuration shared by the integration tests: the launcher's resolved bundle
 * set (exported by the launcher module into {@code launcher/target/export/jiffy}) on the OSGi
 * framework of the test classpath (Felix or Equinox, see {@link #frameworkBundle()}), and a
 * helper to run Gogo commands the way a console user does.
 */
final class JiffyRuntime {

    private JiffyRuntime() {
    }

    /**
     * The symbolic name of the system bundle this run must boot: the build's failsafe execution
     * names the framework in the {@code jiffy.framework} system property ({@code felix}, the
     * default, or {@code equinox}) and puts only that framework on the test classpath.
     */
    static String frameworkBundle() {
        String framework = System.getProperty("jiffy.framework", "felix");
        switch (framework) {
            case "felix":
                return "org.apache.felix.framework";
            case "equinox":
                return "org.eclipse.osgi";
            default:
                throw new IllegalStateException("jiffy.framework=" + framework + ": accepted are felix and equinox");
        }
    }

    /** Every jar of the launcher's bundle set. */
    static File[] launcherBundles() {
        String dir = System.getProperty("jiffy.runbundles");
        File[] jars = dir == null ? null : new File(dir).listFiles((d, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no launcher bundle set in " + dir + ": build the launcher module first");
        }
        Arrays.sort(jars);
        return jars;
    }

    /** Whether {@code bundle} was installed from a jar of the launcher's set (wherever that set lies). */
    static boolean fromLauncherSet(Bundle bundle) {
        String dir = new File(System.getProperty("jiffy.runbundles")).toURI().toString();
        return bundle.getLocation().startsWith(dir);
    }

    /** Whether {@code jar} is one of the hardware driver bundles of the launcher's set. */
    static boolean isDriver(File jar) {
        return jar.getName().startsWith("driver-");
    }

    /**
     * The launcher's core system without its hardware drivers, so the machine's fallback devices
     * (and the fixture) are what the tests see; the machine in {@code mode} (real or virtual).
     */
    static Option system(String mode) {
        return system(mode, false);
    }

    /** The launcher's whole system, hardware drivers included, in {@code mode}. */
    static Option systemWithDrivers(String mode) {
        return system(mode, true);
    }

    private static Option system(String mode, boolean drivers) {
        List<Option> options = new ArrayList<>();
        for (File jar : launcherBundles()) {
            if (drivers || !isDriver(jar)) {
                options.add(bundle(jar.toURI().toString()));
            }
        }
        options.add(frameworkProperty("jiffy.machine.mode").value(mode));
        // the console must not read the test's stdin nor stop the framework
        options.add(frameworkProperty("gosh.args").value("--nointeractive --noshutdown"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(new File("target/itest-load").getAbsolutePath()));
        options.add(systemPackages("org.slf4j;version=1.7.36", "org.slf4j.spi;version=1.7.36",
                "org.slf4j.helpers;version=1.7.36", "org.slf4j.event;version=1.7.36"));
        options.add(junitBundles());
        options.add(cleanCaches());
        return composite(options.toArray(new Option[0]));
    }

    /**
     * Waits, bounded and event-driven, until a service matching {@code filter} is registered.
     *
     * @throws AssertionError if none appears within 10 s
     */
    static ServiceReference<?> awaitService(BundleContext context, String filter) throws Exception {
        CountDownLatch registered = new CountDownLatch(1);
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                registered.countDown();
            }
        };
        context.addServiceListener(listener, filter);
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, filter);
            if (refs == null && !registered.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("no service " + filter + " within 10 s");
            }
            return context.getServiceReferences((String) null, filter)[0];
        } finally {
            context.removeServiceListener(listener);
        }
    }

    /** What one console command printed. */
    record Output(String out, String err) {
        /** Both streams, for failure messages. */
        @Override
        public String toString() {
            return "out=[" + out + "] err=[" + err + "]";
        }
    }

    /** Runs {@code command} in a fresh Gogo session and captures what it printed. */
    static Output run(CommandProcessor processor, String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err)) {
            session.execute(command);
        }
        return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
