package io.jiffy.driver.r4k.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The clocksource rating: 200 + frequency / 10 MHz as csrc-r4k.c computes it, unless configured. */
class RatingTest {

    @ParameterizedTest(name = "{0} Hz -> {1}")
    @CsvSource({
        "1000000, 200",
        "9999999, 200",
        "10000000, 201",
        "66666667, 206",
        "100000000, 210",
        "250000000, 225",
        "1000000000, 300",
        "2990000000, 499",
        "3000000000, 499", // capped at the top of the rating scale
        "4000000000, 499",
    })
    void ratingIs200PlusFrequencyOver10MHz(long hz, int rating) {
        assertEquals(rating, R4kSettings.ratingFor(hz));
        try (Board board = new Board(1)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS.withFrequencyHz(hz));
            assertEquals(rating, driver.clockSource().rating());
            driver.shutdown();
        }
    }

    @Test
    void aConfiguredRatingReplacesTheComputedOne() {
        R4kSettings s = R4kSettings.from(Map.of("frequencyHz", 200_000_000L, "clocksourceRating", 150), m -> { });
        assertEquals(150, s.effectiveClocksourceRating());
        R4kSettings computed = R4kSettings.from(Map.of("frequencyHz", 200_000_000L, "clocksourceRating", 0), m -> { });
        assertEquals(220, computed.effectiveClocksourceRating());
    }

    @Test
    void theClockEventRatingIs300ByDefault() {
        try (Board board = new Board(1)) {
            R4kDriver driver = new R4kDriver(board.machine, R4kSettings.DEFAULTS);
            assertEquals(300, driver.clockEvents().get(0).rating());
            driver.shutdown();
        }
    }
}
