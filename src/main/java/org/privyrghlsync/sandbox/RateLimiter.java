package org.privyrghlsync.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-location rate limiter with GHL's two budgets: a sliding window of max requests per interval and a daily cap.
 *
 * <p>Each location has its own lock, so locations never contend. A rejected request consumes no budget.
 */
final class RateLimiter {

    private static final long DAY_NANOS = Duration.ofDays(1).toNanos();

    private final int max;
    private final long windowNanos;
    private final int dailyLimit;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int max, Duration window, int dailyLimit, LongSupplier nanoClock) {
        this.max = max;
        this.windowNanos = window.toNanos();
        this.dailyLimit = dailyLimit;
        this.nanoClock = nanoClock;
    }

    /**
     * Counts one request of the location and returns the decision with the values of the rate-limit headers.
     * A disabled budget (limit 0) reports {@link Integer#MAX_VALUE} as its limit and remaining count, so
     * clients that back off on {@code X-RateLimit-Remaining} never slow down.
     */
    Decision acquire(String locationId) {
        Bucket bucket = buckets.computeIfAbsent(locationId, key -> new Bucket(max));
        long now = nanoClock.getAsLong();
        synchronized (bucket) {
            return bucket.acquire(now);
        }
    }

    long windowMillis() {
        return Duration.ofNanos(windowNanos).toMillis();
    }

    /** Outcome of one {@link #acquire} call; {@code retryAfterNanos} is 0 when the request is allowed. */
    record Decision(boolean allowed, int max, int remaining, int dailyLimit, int dailyRemaining,
                    long retryAfterNanos) {
    }

    /**
     * Budget of one location. The ring stores the times of the last {@code max} accepted requests in order, so
     * the oldest of them is at {@code next} once the ring is full.
     */
    private final class Bucket {
        private final long[] ring;
        private int size;
        private int next;
        private long dayStart;
        private int dailyUsed;

        Bucket(int max) {
            this.ring = new long[max];
        }

        Decision acquire(long now) {
            if (dailyUsed == 0 || now - dayStart >= DAY_NANOS) {
                dayStart = now;
                dailyUsed = 0;
            }
            boolean dailyOk = dailyLimit == 0 || dailyUsed < dailyLimit;
            boolean burstOk = max == 0 || size < max || now - ring[next] >= windowNanos;
            if (!dailyOk || !burstOk) {
                long retryAfter = burstOk ? dayStart + DAY_NANOS - now : ring[next] + windowNanos - now;
                return decision(false, now, Math.max(retryAfter, 1));
            }
            dailyUsed++;
            if (max > 0) {
                ring[next] = now;
                next = (next + 1) % max;
                size = Math.min(size + 1, max);
            }
            return decision(true, now, 0);
        }

        private Decision decision(boolean allowed, long now, long retryAfterNanos) {
            int burstLimit = max == 0 ? Integer.MAX_VALUE : max;
            int burstRemaining = max == 0 ? Integer.MAX_VALUE : max - countInWindow(now);
            int daily = dailyLimit == 0 ? Integer.MAX_VALUE : dailyLimit;
            int dailyRemaining = dailyLimit == 0 ? Integer.MAX_VALUE : dailyLimit - dailyUsed;
            return new Decision(allowed, burstLimit, burstRemaining, daily, dailyRemaining, retryAfterNanos);
        }

        /** Counts accepted requests inside the window by binary search, because ring times ascend from the oldest. */
        private int countInWindow(long now) {
            int start = size < max ? 0 : next;
            int low = 0;
            int high = size;
            while (low < high) {
                int middle = (low + high) >>> 1;
                long time = ring[(start + middle) % max];
                if (now - time >= windowNanos) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return size - low;
        }
    }
}
