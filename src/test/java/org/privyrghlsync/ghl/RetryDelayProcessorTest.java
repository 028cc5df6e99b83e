package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryDelayProcessorTest {

    @Test
    void retryAfterSecondsWins() {
        assertThat(RetryDelayProcessor.delayFrom(429, Map.of("retry-after", "7",
                "X-RateLimit-Remaining", "0", "X-RateLimit-Interval-Milliseconds", "10000"))).isEqualTo(7000L);
    }

    @Test
    void retryAfterDateIsConverted() {
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(RetryDelayProcessor.delayFrom(503, Map.of("Retry-After", inTenSeconds)))
                .isBetween(8000L, 10000L);
    }

    @Test
    void exhaustedWindowWaitsOneInterval() {
        assertThat(RetryDelayProcessor.delayFrom(429, Map.of("X-RateLimit-Remaining", "0",
                "X-RateLimit-Interval-Milliseconds", "10000"))).isEqualTo(10000L);
    }

    @Test
    void withoutHintsBackoffApplies() {
        assertThat(RetryDelayProcessor.delayFrom(502, Map.of("X-RateLimit-Remaining", "40"))).isNull();
        assertThat(RetryDelayProcessor.delayFrom(429, Map.of("Retry-After", "soon"))).isNull();
    }
}
