package io.jiffy.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;

/**
 * The Declarative Services wiring of the Jiffy bundles, read from the real SCR: no component
 * reaches itself through references. A cycle makes activation depend on the order in which SCR
 * happens to activate the components: Karaf 4.4's SCR (2.2.6) once bound the tick before the
 * timer wheel it listens to, logged "ServiceFactory.getService() resulted in a cycle" and left
 * the wheel without ticks after the machine was reconfigured. Services that would close a cycle
 * (the wheel's TickListener, the tick's ClockSetListener) are registered by hand once their
 * component is active, outside SCR's graph.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ComponentGraphIT {

    @Inject
    ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return new Option[] {JiffyRuntime.systemWithDrivers("virtual")};
    }

    @Test
    public void noComponentReachesItselfThroughItsReferences() {
        Map<String, ComponentDescriptionDTO> components = new LinkedHashMap<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.bundle.symbolicName.startsWith("io.jiffy.")) {
                components.put(d.name, d);
            }
        }
        assertTrue("the Jiffy bundles declare components: " + components.keySet(), components.size() >= 10);

        Set<String> cycles = new TreeSet<>();
        for (String start : components.keySet()) {
            walk(components, new ArrayList<>(List.of(start)), new ArrayList<>(), cycles);
        }
        assertEquals("reference cycles among the components (component -[service]-> component ...)", Set.of(), cycles);
    }

    /**
     * Depth-first from the last component of {@code path} ({@code via} holds the services between
     * them); a reference back to the first component is a cycle, kept once with its smallest name first.
     */
    private static void walk(Map<String, ComponentDescriptionDTO> components, List<String> path, List<String> via,
            Set<String> cycles) {
        ComponentDescriptionDTO from = components.get(path.get(path.size() - 1));
        for (ReferenceDTO ref : from.references) {
            for (ComponentDescriptionDTO to : components.values()) {
                if (!List.of(to.serviceInterfaces).contains(ref.interfaceName)) {
                    continue;
                }
                via.add(simple(ref.interfaceName));
                if (to.name.equals(path.get(0))) {
                    cycles.add(describe(path, via));
                } else if (!path.contains(to.name)) {
                    path.add(to.name);
                    walk(components, path, via, cycles);
                    path.remove(path.size() - 1);
                }
                via.remove(via.size() - 1);
            }
        }
    }

    /** The cycle as text, rotated to start at its smallest component name. */
    private static String describe(List<String> path, List<String> via) {
        int first = path.indexOf(path.stream().min(String::compareTo).orElseThrow());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            int k = (first + i) % path.size();
            sb.append(simple(path.get(k))).append(" -[").append(via.get(k)).append("]-> ");
        }
        return sb.append(simple(path.get(first))).toString();
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
