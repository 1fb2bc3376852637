package io.jiffy.itests;

import static org.junit.Assert.assertEquals;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * Which OSGi framework the suite runs in: the one the build's failsafe execution names in the
 * {@code jiffy.framework} system property (felix or equinox), so a run can never silently test
 * the other one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FrameworkIT {

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return new Option[] {JiffyRuntime.system("virtual")};
    }

    @Test
    public void theSystemBundleIsTheFrameworkThisExecutionNames() {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_ID);
        System.out.println("framework: " + system.getSymbolicName() + " " + system.getVersion()
                + " (" + context.getProperty(Constants.FRAMEWORK_VENDOR) + ")");
        assertEquals(JiffyRuntime.frameworkBundle(), system.getSymbolicName());
    }
}
