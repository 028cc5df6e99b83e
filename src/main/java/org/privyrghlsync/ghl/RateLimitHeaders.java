package org.privyrghlsync.ghl;

import java.util.function.Function;

/**
 * The {@code X-RateLimit-*} headers of one GHL response. Each value is null when the header is missing or not a
 * whole number. GHL documents these five headers on every response of its API v2.
 *
 * @param max {@code X-RateLimit-Max}: calls allowed per burst window
 * @param remaining {@code X-RateLimit-Remaining}: calls left in the burst window when GHL counted this call
 * @param intervalMillis {@code X-RateLimit-Interval-Milliseconds}: length of the burst window
 * @param dailyLimit {@code X-RateLimit-Limit-Daily}: calls allowed per day
 * @param dailyRemaining {@code X-RateLimit-Daily-Remaining}: calls left today when GHL counted this call
 */
record RateLimitHeaders(Long max, Long remaining, Long intervalMillis, Long dailyLimit, Long dailyRemaining) {

    static final RateLimitHeaders NONE = new RateLimitHeaders(null, null, null, null, null);

    /** Reads the headers through {@code lookup}, which must match header names case-insensitively. */
    static RateLimitHeaders read(Function<String, Object> lookup) {
        return new RateLimitHeaders(number(lookup.apply("X-RateLimit-Max")),
                number(lookup.apply("X-RateLimit-Remaining")),
                number(lookup.apply("X-RateLimit-Interval-Milliseconds")),
                number(lookup.apply("X-RateLimit-Limit-Daily")),
                number(lookup.apply("X-RateLimit-Daily-Remaining")));
    }

    private static Long number(Object value) {
        if (value == null) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value.toString().trim());
            return parsed < 0 ? null : parsed;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
