package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.privyrghlsync.testing.LogCapture;

/** Drives the limiter with a hand-moved clock, one event per tryStart, acquire, release and finish. */
class GhlRateLimiterTest {

    private static final String LOCATION = "location-a";
    private static final String OTHER = "location-b";
    private static final long MS = 1_000_000L;

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-14T10:00:00Z"));
    private GhlRateLimiter limiter;

    @AfterEach
    void stopCamel() throws Exception {
        camel.close();
    }

    @Test
    void fullWindowWaitsForFirstExpiry() {
        start(burst(3, 1000));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryStart(LOCATION)).as("event %d", i + 1).isZero();
            call(LOCATION, Duration.ofMillis(10), Map.of());
            limiter.finish();
        }

        long wait = limiter.tryStart(LOCATION);

        // The first call got its response at 10 ms, so its place frees one window later, at 1010 ms.
        assertThat(wait).isEqualTo(1010 * MS - clock.nanos());
    }

    @Test
    void callCountsUntilOneWindowAfterResponse() {
        start(burst(1, 1000));
        limiter.tryStart(LOCATION);
        call(LOCATION, Duration.ofMillis(500), Map.of());
        limiter.finish();

        clock.advance(Duration.ofMillis(999));
        long waitBefore = limiter.tryStart(LOCATION);
        clock.advance(Duration.ofMillis(1));
        long waitAfter = limiter.tryStart(LOCATION);

        assertThat(waitBefore).isEqualTo(MS);
        assertThat(waitAfter).isZero();
    }

    @Test
    void unusedReservationIsReturned() {
        start(burst(1, 1000));
        assertThat(limiter.tryStart(LOCATION)).isZero();
        limiter.finish();

        assertThat(limiter.tryStart(LOCATION)).isZero();
    }

    @Test
    void locationsHaveSeparateBudgets() {
        start(burst(1, 1000));
        limiter.tryStart(LOCATION);
        call(LOCATION, Duration.ZERO, Map.of());
        limiter.finish();

        assertThat(limiter.tryStart(LOCATION)).isPositive();
        assertThat(limiter.tryStart(OTHER)).isZero();
    }

    @Test
    void lowerRemainingCountsOtherApps() {
        start(burst(10, 1000));
        limiter.tryStart(LOCATION);
        // GHL counted 6 calls where this runtime made 1, so other apps made 5 in the window.
        call(LOCATION, Duration.ZERO, Map.of("X-RateLimit-Max", "10", "X-RateLimit-Remaining", "4",
                "X-RateLimit-Interval-Milliseconds", "1000"));
        limiter.finish();

        int started = startEvents(LOCATION, 20);

        assertThat(started).isEqualTo(4);
        clock.advance(Duration.ofMillis(1000));
        // The own calls no longer count after one window, the report of other apps' calls only after two.
        assertThat(startEvents(LOCATION, 20)).as("after one window").isEqualTo(5);
        clock.advance(Duration.ofMillis(1000));
        assertThat(startEvents(LOCATION, 20)).as("after two windows").isEqualTo(10);
    }

    @Test
    void lowerMaxHeaderLowersLimit() {
        start(burst(10, 1000));
        limiter.tryStart(LOCATION);
        call(LOCATION, Duration.ZERO, Map.of("X-RateLimit-Max", "5", "X-RateLimit-Remaining", "4"));
        limiter.finish();

        assertThat(startEvents(LOCATION, 20)).isEqualTo(4);
    }

    @Test
    void higherHeadersDoNotRaiseLimit() {
        start(burst(10, 1000));
        limiter.tryStart(LOCATION);
        call(LOCATION, Duration.ZERO, Map.of("X-RateLimit-Max", "200", "X-RateLimit-Remaining", "199",
                "X-RateLimit-Interval-Milliseconds", "500"));
        limiter.finish();

        assertThat(startEvents(LOCATION, 20)).isEqualTo(9);
        clock.advance(Duration.ofMillis(999));
        assertThat(limiter.tryStart(LOCATION)).as("configured window, not the shorter header").isPositive();
    }

    @Test
    void longerIntervalHeaderLengthensWindow() {
        start(burst(1, 1000));
        limiter.tryStart(LOCATION);
        call(LOCATION, Duration.ZERO, Map.of("X-RateLimit-Interval-Milliseconds", "3000"));
        limiter.finish();

        clock.advance(Duration.ofMillis(2999));
        assertThat(limiter.tryStart(LOCATION)).isEqualTo(MS);
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryStart(LOCATION)).isZero();
    }

    @Test
    void errorResponseHeadersCount() {
        start(burst(10, 1000));
        limiter.tryStart(LOCATION);
        Exchange exchange = exchange(LOCATION);
        acquire(exchange);
        // In a doFinally step the failure is only in the caught-exception property.
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new HttpOperationFailedException("http://ghl/contacts", 429,
                "Too Many Requests", null, Map.of("x-ratelimit-max", "10", "x-ratelimit-remaining", "0"), "{}"));
        limiter.release(exchange);
        limiter.finish();

        assertThat(limiter.tryStart(LOCATION)).isPositive();
    }

    @Test
    void connectionErrorStillCounts() {
        start(burst(1, 1000));
        limiter.tryStart(LOCATION);
        Exchange exchange = exchange(LOCATION);
        acquire(exchange);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new java.net.SocketException("Connection reset"));
        limiter.release(exchange);
        limiter.finish();

        assertThat(limiter.tryStart(LOCATION)).isEqualTo(1000 * MS);
    }

    @Test
    void limitsOffLetEverythingStart() {
        start(new RateLimitSettings(0, 1000, 0, 0, LocalTime.MIDNIGHT, ZoneOffset.UTC, Duration.ofMinutes(1)));

        assertThat(startEvents(LOCATION, 500)).isEqualTo(500);
        assertThat(limiter.isPaused(LOCATION)).isFalse();
    }

    @Test
    void dailyReservePausesOnceAndLogsOnce() {
        start(daily(5, 2, Duration.ofMinutes(15)));
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 3; i++) {
                assertThat(limiter.tryStart(LOCATION)).as("event %d", i + 1).isZero();
                call(LOCATION, Duration.ZERO, Map.of());
                limiter.finish();
            }

            for (int i = 0; i < 10; i++) {
                assertThat(limiter.isPaused(LOCATION)).isTrue();
                assertThat(limiter.tryStart(LOCATION)).isPositive();
            }

            assertThat(limiter.pausedLocations()).containsExactly(LOCATION);
            assertThat(limiter.isPaused(OTHER)).isFalse();
            assertThat(log.lines().stream().filter(line -> line.contains("ghl.rate-limit.daily-reserve")).toList())
                    .hasSize(1);
        }
    }

    @Test
    void pauseEndsAtAssumedReset() {
        clock.set(Instant.parse("2026-03-14T23:59:00Z"));
        start(daily(10, 2, Duration.ofMinutes(15)));
        assertThat(startEvents(LOCATION, 20)).isEqualTo(8);
        assertThat(limiter.isPaused(LOCATION)).isTrue();

        clock.set(Instant.parse("2026-03-14T23:59:59Z"));
        assertThat(limiter.isPaused(LOCATION)).as("before midnight UTC").isTrue();
        clock.set(Instant.parse("2026-03-15T00:00:00Z"));
        assertThat(limiter.isPaused(LOCATION)).as("at midnight UTC").isFalse();
        try (LogCapture log = new LogCapture()) {
            assertThat(limiter.tryStart(LOCATION)).isZero();
            call(LOCATION, Duration.ZERO, Map.of());
            limiter.finish();

            assertThat(limiter.isPaused(LOCATION)).isFalse();
            assertThat(log.lines()).anyMatch(line -> line.startsWith("Location location-a resumes"));
        }
    }

    @Test
    void resetFollowsConfiguredZone() {
        clock.set(Instant.parse("2026-03-14T12:00:00Z"));
        start(new RateLimitSettings(0, 1000, 3, 2, LocalTime.of(8, 0), ZoneId.of("Asia/Kolkata"),
                Duration.ofHours(12)));
        limiter.tryStart(LOCATION);
        call(LOCATION, Duration.ZERO, Map.of());
        limiter.finish();

        // 08:00 in Kolkata (UTC+05:30) is 02:30 UTC.
        clock.set(Instant.parse("2026-03-15T02:29:59Z"));
        assertThat(limiter.isPaused(LOCATION)).isTrue();
        clock.set(Instant.parse("2026-03-15T02:30:00Z"));
        assertThat(limiter.isPaused(LOCATION)).isFalse();
    }

    @Test
    void reportedDailyBudgetPausesAndRechecks() {
        start(daily(200_000, 10, Duration.ofMinutes(15)));
        try (LogCapture log = new LogCapture()) {
            limiter.tryStart(LOCATION);
            // Other tokens of the location used nearly all of today's budget.
            call(LOCATION, Duration.ZERO, Map.of("X-RateLimit-Daily-Remaining", "8",
                    "X-RateLimit-Limit-Daily", "200000"));
            limiter.finish();
            assertThat(limiter.isPaused(LOCATION)).isTrue();

            clock.advance(Duration.ofMinutes(15).minusSeconds(1));
            assertThat(limiter.isPaused(LOCATION)).as("before the recheck").isTrue();
            clock.advance(Duration.ofSeconds(1));
            assertThat(limiter.isPaused(LOCATION)).as("recheck due").isFalse();
            assertThat(limiter.tryStart(LOCATION)).as("the checking event").isZero();
            assertThat(limiter.isPaused(LOCATION)).as("while the check runs").isTrue();
            call(LOCATION, Duration.ZERO, Map.of("X-RateLimit-Daily-Remaining", "15"));
            limiter.finish();
            assertThat(limiter.isPaused(LOCATION)).as("above the reserve but not twice it").isTrue();

            clock.advance(Duration.ofMinutes(15));
            limiter.tryStart(LOCATION);
            call(LOCATION, Duration.ZERO, Map.of("X-RateLimit-Daily-Remaining", "150000"));
            limiter.finish();

            assertThat(limiter.isPaused(LOCATION)).as("after GHL reset").isFalse();
            assertThat(log.lines().stream().filter(line -> line.contains("ghl.rate-limit.daily-reserve")).toList())
                    .hasSize(1);
        }
    }

    @Test
    void callWithoutDailyBudgetRaises() {
        start(daily(200_000, 10, Duration.ofMinutes(15)));
        limiter.tryStart(LOCATION);
        call(LOCATION, Duration.ZERO, Map.of("X-RateLimit-Daily-Remaining", "0"));
        limiter.finish();

        assertThatThrownBy(() -> limiter.acquire(exchange(LOCATION)))
                .isInstanceOf(DailyBudgetSpentException.class)
                .hasMessageContaining("Location location-a has no GHL calls left in its daily budget");
    }

    @Test
    void callsWithinReserveStillSend() throws Exception {
        start(daily(200_000, 10, Duration.ofMinutes(15)));
        limiter.tryStart(LOCATION);
        call(LOCATION, Duration.ZERO, Map.of("X-RateLimit-Daily-Remaining", "5"));

        // The event that started before the pause makes its second call from the reserve.
        Exchange second = exchange(LOCATION);
        limiter.acquire(second);
        limiter.release(second);
        limiter.finish();

        assertThat(limiter.isPaused(LOCATION)).isTrue();
    }

    /** Checks that the part of 10 calls for the partitions held is rounded down, and is at least one call. */
    @ParameterizedTest(name = "{0} of 64 partitions leave {1} calls")
    @CsvSource({"64, 10", "32, 5", "21, 3", "6, 1", "0, 1"})
    void heldPartitionsLimitBurst(int held, int expectedStarts) {
        start(burst(10, 1000));
        limiter.shareBudgets(held, 64);

        assertThat(startEvents(LOCATION, 20)).isEqualTo(expectedStarts);
    }

    @Test
    void allPartitionsRestoreWholeBudget() {
        start(burst(10, 1000));
        limiter.shareBudgets(32, 64);
        // The location's budget exists before the change.
        limiter.tryStart(LOCATION);
        limiter.finish();
        limiter.shareBudgets(64, 64);
        clock.advance(Duration.ofMillis(1000));

        assertThat(startEvents(LOCATION, 20)).isEqualTo(10);
    }

    @Test
    void lostPartitionsLowerBudgetAtOnce() {
        start(burst(10, 1000));
        assertThat(limiter.tryStart(LOCATION)).isZero();
        call(LOCATION, Duration.ZERO, Map.of());
        limiter.finish();

        limiter.shareBudgets(16, 64);

        // 2 calls for 16 of 64 partitions, and the call sent before still counts.
        assertThat(startEvents(LOCATION, 20)).isEqualTo(1);
    }

    @Test
    void takenPartitionsRaiseBudgetOneWindowLater() {
        start(burst(10, 1000));
        limiter.shareBudgets(16, 64);
        assertThat(startEvents(LOCATION, 20)).isEqualTo(2);
        clock.advance(Duration.ofMillis(1000));

        limiter.shareBudgets(32, 64);

        assertThat(startEvents(LOCATION, 20)).as("before one window").isEqualTo(2);
        assertThat(startEvents(OTHER, 20)).as("a location first called after the change").isEqualTo(2);
        assertThat(limiter.tryStart(LOCATION)).isEqualTo(1000 * MS);
        clock.advance(Duration.ofMillis(1000));
        assertThat(startEvents(LOCATION, 20)).as("after one window").isEqualTo(5);
    }

    /**
     * Checks that, after the runtime took partitions, the first response with GHL's count applies the larger part at
     * once. The calls of others in that count, such as those of the partitions' previous holder, still limit it.
     */
    @ParameterizedTest(name = "remaining {0} of 10 leaves {1} calls")
    @CsvSource({
        // GHL counted 2 calls where this runtime made 1: the other runtime made 1 in the window.
        "8, 4",
        // GHL counted 8 calls where this runtime made 1: the previous holder's calls still count.
        "2, 2"
    })
    void reportedCountAppliesLargerPart(String remaining, int expectedStarts) {
        start(burst(10, 1000));
        limiter.shareBudgets(16, 64);
        clock.advance(Duration.ofMillis(1000));
        limiter.shareBudgets(32, 64);

        limiter.tryStart(LOCATION);
        call(LOCATION, Duration.ZERO, Map.of("X-RateLimit-Max", "10", "X-RateLimit-Remaining", remaining));
        limiter.finish();

        assertThat(startEvents(LOCATION, 20)).isEqualTo(expectedStarts);
    }

    @Test
    void sharedBurstStillCountsOthers() {
        start(burst(10, 1000));
        limiter.shareBudgets(32, 64);
        limiter.tryStart(LOCATION);
        // GHL counted 7 calls where this runtime made 1: 6 of other runtimes or apps, more than the other part of 5.
        call(LOCATION, Duration.ZERO, Map.of("X-RateLimit-Max", "10", "X-RateLimit-Remaining", "3"));
        limiter.finish();

        assertThat(startEvents(LOCATION, 20)).isEqualTo(3);
    }

    @Test
    void sharedDailyBudgetPausesAtItsPart() {
        start(daily(100, 10, Duration.ofMinutes(15)));
        limiter.shareBudgets(32, 64);

        // 50 calls for 32 of 64 partitions, of which 5 are the part of the reserve.
        assertThat(startEvents(LOCATION, 100)).isEqualTo(45);
        assertThat(limiter.isPaused(LOCATION)).isTrue();
        assertThat(limiter.isPaused(OTHER)).isFalse();
    }

    @Test
    void largerDailyPartEndsPause() {
        start(daily(100, 10, Duration.ofMinutes(15)));
        limiter.shareBudgets(32, 64);
        startEvents(LOCATION, 100);
        assertThat(limiter.isPaused(LOCATION)).isTrue();

        try (LogCapture log = new LogCapture()) {
            limiter.shareBudgets(64, 64);
            assertThat(limiter.isPaused(LOCATION)).as("check due").isFalse();
            assertThat(limiter.tryStart(LOCATION)).as("the checking event").isZero();
            call(LOCATION, Duration.ZERO, Map.of());
            limiter.finish();

            assertThat(limiter.isPaused(LOCATION)).isFalse();
            assertThat(log.lines()).anyMatch(line -> line.startsWith("Location location-a resumes"));
        }
    }

    @Test
    void smallerDailyPartFollowsReportedBudget() {
        start(daily(100, 10, Duration.ofMinutes(15)));
        for (int remaining = 99; remaining >= 40; remaining--) {
            limiter.tryStart(LOCATION);
            call(LOCATION, Duration.ofMillis(1), Map.of("X-RateLimit-Daily-Remaining", Integer.toString(remaining)));
            limiter.finish();
        }

        // 60 calls counted, more than the new part of 25 calls; GHL still reports 40 left for the location.
        limiter.shareBudgets(16, 64);
        assertThat(limiter.isPaused(LOCATION)).as("after the part shrank").isFalse();
        for (int remaining = 39; remaining >= 20; remaining--) {
            assertThat(limiter.tryStart(LOCATION)).as("with %d left", remaining + 1).isZero();
            call(LOCATION, Duration.ofMillis(1), Map.of("X-RateLimit-Daily-Remaining", Integer.toString(remaining)));
            limiter.finish();
        }
        int remaining = 20;
        while (limiter.tryStart(LOCATION) == 0) {
            remaining--;
            call(LOCATION, Duration.ofMillis(1), Map.of("X-RateLimit-Daily-Remaining", Integer.toString(remaining)));
            limiter.finish();
        }
        assertThat(remaining).as("GHL's figure when the pause began").isBetween(10, 12);
        assertThat(limiter.isPaused(LOCATION)).as("at the reserve").isTrue();

        clock.advance(Duration.ofMinutes(15));
        assertThat(limiter.isPaused(LOCATION)).as("recheck of GHL's figure due").isFalse();
    }

    private void start(RateLimitSettings settings) {
        limiter = new GhlRateLimiter(settings, clock, clock::nanos);
    }

    private static RateLimitSettings burst(int max, long windowMillis) {
        return new RateLimitSettings(max, windowMillis, 0, 0, LocalTime.MIDNIGHT, ZoneOffset.UTC,
                Duration.ofMinutes(15));
    }

    private static RateLimitSettings daily(long max, int reserve, Duration recheck) {
        return new RateLimitSettings(0, 1000, max, reserve, LocalTime.MIDNIGHT, ZoneOffset.UTC, recheck);
    }

    /** Starts up to {@code attempts} events of the location, each making one call whose response comes at once. */
    private int startEvents(String locationId, int attempts) {
        int started = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryStart(locationId) != 0) {
                break;
            }
            call(locationId, Duration.ZERO, Map.of());
            limiter.finish();
            started++;
        }
        return started;
    }

    /** Sends one call of the current event, whose response comes after {@code latency} with these headers. */
    private void call(String locationId, Duration latency, Map<String, String> headers) {
        Exchange exchange = exchange(locationId);
        acquire(exchange);
        clock.advance(latency);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        headers.forEach(exchange.getMessage()::setHeader);
        limiter.release(exchange);
    }

    private void acquire(Exchange exchange) {
        try {
            limiter.acquire(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Exchange exchange(String locationId) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(GhlProperties.LOCATION_ID, locationId);
        return exchange;
    }

    /** Wall clock and nano clock that move only when the test moves them, and always together. */
    private static final class MovableClock extends Clock {
        private Instant now;
        private long nanos;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration step) {
            now = now.plus(step);
            nanos += step.toNanos();
        }

        void set(Instant instant) {
            nanos += Duration.between(now, instant).toNanos();
            now = instant;
        }

        long nanos() {
            return nanos;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("The test clock stays in UTC");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
