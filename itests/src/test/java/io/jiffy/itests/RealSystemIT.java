package io.jiffy.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.jiffy.machine.Machine;

/** The launcher's bundle set in the framework (Felix or Equinox) with the machine in real time (the launcher's default). */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RealSystemIT {

    @Inject
    Machine machine;

    @Inject
    CommandProcessor processor;

    @Configuration
    public Option[] config() {
        return new Option[] {JiffyRuntime.system("real")};
    }

    @Test
    public void machineRunsInRealTime() throws Exception {
        assertFalse(machine.isVirtual());
        JiffyRuntime.Output info = JiffyRuntime.run(processor, "machine:info");
        assertEquals(info.toString(), "", info.err());
        assertTrue(info.out(), info.out().contains("real"));
    }

    @Test
    public void advanceIsRefusedInRealTimeWithOneLine() throws Exception {
        JiffyRuntime.Output out = JiffyRuntime.run(processor, "machine:advance 10ms");
        assertEquals(out.toString(), "", out.out());
        String err = out.err().trim();
        assertFalse(out.toString(), err.isEmpty() || err.contains("\n") || err.contains("Exception"));
        assertTrue(err, err.contains("virtual"));
    }
}
