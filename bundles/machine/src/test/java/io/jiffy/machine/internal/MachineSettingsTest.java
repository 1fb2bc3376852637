package io.jiffy.machine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/** Reading and validating the machine's configuration. */
class MachineSettingsTest {

    private final List<String> errors = new ArrayList<>();

    private MachineSettings read(Map<String, ?> config, String frameworkMode) {
        UnaryOperator<String> framework = key -> key.equals("jiffy.machine.mode") ? frameworkMode : null;
        return MachineSettings.from(config, framework, errors::add);
    }

    @Test
    void defaultsAreRealModeHostCpusAndFiftyMicroseconds() {
        MachineSettings s = read(Map.of(), null);
        assertEquals(new MachineSettings(false, MachineSettings.defaultCpus(), 50_000), s);
        assertTrue(s.cpus() >= 1 && s.cpus() <= 8);
        assertTrue(errors.isEmpty());
    }

    @Test
    void theFrameworkPropertyDecidesWhenTheModeIsNotConfigured() {
        assertTrue(read(Map.of(), "virtual").virtual());
        assertTrue(read(Map.of("mode", "virtual"), "real").virtual(), "configuration wins");
        assertEquals(false, read(Map.of("mode", "real"), "virtual").virtual(), "configuration wins");
        assertTrue(errors.isEmpty());
    }

    @Test
    void configuredValuesOfAnyType() {
        assertEquals(new MachineSettings(true, 2, 0), read(Map.of("mode", "VIRTUAL", "cpus", 2, "spinThresholdNanos", 0L), null));
        assertEquals(new MachineSettings(false, 64, 1000), read(Map.of("cpus", "64", "spinThresholdNanos", "1000"), null));
        assertTrue(errors.isEmpty());
    }

    @Test
    void invalidValuesAreReportedAndReplacedByDefaults() {
        MachineSettings s = read(Map.of("mode", "foo", "cpus", 0, "spinThresholdNanos", -1), null);
        assertEquals(new MachineSettings(false, MachineSettings.defaultCpus(), 50_000), s);
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("'foo'") && errors.get(0).contains("real or virtual"), errors.get(0));

        errors.clear();
        assertEquals(MachineSettings.defaultCpus(), read(Map.of("cpus", 65), null).cpus());
        assertEquals(MachineSettings.defaultCpus(), read(Map.of("cpus", "many"), null).cpus());
        assertEquals(false, read(Map.of(), "bogus").virtual());
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(2).contains("framework property jiffy.machine.mode"), errors.get(2));
    }
}
