package org.privyrghlsync.ghl;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Configured GHL budget of each location ({@code ghl.rate-limit.*}). GHL's {@code X-RateLimit-*} headers can only
 * lower these limits, never raise them.
 *
 * @param maxRequests calls allowed in any window of {@code windowMillis}; 0 or less switches the burst limit off
 * @param windowMillis length of the burst window in milliseconds
 * @param dailyMaxRequests calls allowed per daily period; 0 or less switches the daily limit off
 * @param dailyReserve calls kept back at the end of the daily budget: no new event starts once this many or fewer
 *     are left, so that events already started can finish and a check after the reset can still be sent
 * @param dailyResetTime time of day at which the daily budget is assumed to reset
 * @param dailyResetZone time zone of {@code dailyResetTime}
 * @param dailyRecheck how long a location waits before checking again with one call, while GHL's headers report
 *     its daily budget spent
 */
public record RateLimitSettings(int maxRequests, long windowMillis, long dailyMaxRequests, int dailyReserve,
        LocalTime dailyResetTime, ZoneId dailyResetZone, Duration dailyRecheck) {

    public RateLimitSettings {
        if (maxRequests > 0 && windowMillis < 1) {
            throw new IllegalArgumentException("ghl.rate-limit.period-ms must be at least 1, got " + windowMillis);
        }
        if (dailyReserve < 0) {
            throw new IllegalArgumentException("ghl.rate-limit.daily-reserve must not be negative, got "
                    + dailyReserve);
        }
        Objects.requireNonNull(dailyResetTime, "dailyResetTime");
        Objects.requireNonNull(dailyResetZone, "dailyResetZone");
        Objects.requireNonNull(dailyRecheck, "dailyRecheck");
        if (dailyRecheck.isNegative() || dailyRecheck.isZero()) {
            throw new IllegalArgumentException("ghl.rate-limit.daily-recheck-seconds must be positive, got "
                    + dailyRecheck.toSeconds());
        }
    }

    /** Returns settings with GHL's documented defaults: 100 calls per 10 s and 200,000 per day, reset at 00:00 UTC. */
    public static RateLimitSettings ghlDefaults() {
        return new RateLimitSettings(100, 10_000, 200_000, 100, LocalTime.MIDNIGHT, ZoneId.of("UTC"),
                Duration.ofMinutes(15));
    }

    boolean burstLimited() {
        return maxRequests > 0;
    }

    boolean dailyLimited() {
        return dailyMaxRequests > 0;
    }
}
