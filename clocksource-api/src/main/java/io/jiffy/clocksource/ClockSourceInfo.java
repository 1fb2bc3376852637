package io.jiffy.clocksource;

import java.util.Set;

/**
 * A snapshot of one registered clocksource as the timekeeper sees it, for listings such as
 * {@code clocksource:list} (the kernel's {@code available_clocksource} with state).
 *
 * @param name          the source's name
 * @param rating        the rating in effect (0 once the watchdog marked it unstable)
 * @param frequencyHz   nominal frequency
 * @param bits          counter width
 * @param flags         the source's flags
 * @param current       whether timekeeping reads this source now
 * @param unstable      whether the watchdog marked it unstable
 * @param owner         symbolic name of the bundle that registered it
 */
public record ClockSourceInfo(String name, int rating, long frequencyHz, int bits,
        Set<ClockSourceFlag> flags, boolean current, boolean unstable, String owner) {
}
