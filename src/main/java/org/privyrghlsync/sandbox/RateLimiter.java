package org.privyrghlsync.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-location rate limiter with GHL's two budgets: a sliding window of max requests per interval and a daily cap.
 *
 * <p>Each location has its own lock, so locations never contend. A rejected request consumes no budget. Other apps
 * can be simulated as sharing each budget: their requests fill a fixed part of every window and of every day, so
 * the location gets that many fewer requests and the headers report that many fewer remaining.
 */
final class RateLimiter {

    private final int max;
    private final long windowNanos;
    private final int dailyLimit;
    private final int sharedBurst;
    private final int sharedDaily;
    private final long dayNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * Creates a limiter; a max or daily limit of 0 switches that budget off.
     *
     * @param sharedBurst requests of every window that other apps use
     * @param sharedDaily requests of every daily period that other apps use
     * @param day length of the daily period, which starts with a location's first request
     */
    RateLimiter(int max, Duration window, int dailyLimit, int sharedBurst, int sharedDaily, Duration day,
            LongSupplier nanoClock) {
        this.max = max;
        this.windowNanos = window.toNanos();
        this.dailyLimit = dailyLimit;
        this.sharedBurst = max == 0 ? 0 : Math.min(sharedBurst, max);
        this.sharedDaily = dailyLimit == 0 ? 0 : Math.min(sharedDaily, dailyLimit);
        this.dayNanos = day.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Counts one request of the location and returns the decision with the values of the rate-limit headers.
     * A disabled budget (limit 0) reports {@link Integer#MAX_VALUE} as its limit and remaining count, so
     * clients that back off on {@code X-RateLimit-Remaining} never slow down.
     */
    Decision acquire(String locationId) {
        Bucket bucket = buckets.computeIfAbsent(locationId, key -> new Bucket(max - sharedBurst));
        synchronized (bucket) {
            // Reading the clock inside the lock keeps the ring in time order. Read before it, a thread that waited
            // for the lock would check a request at a time earlier than requests that another thread had already
            // recorded, and could reject it although no window held more than the max.
            return bucket.acquire(nanoClock.getAsLong());
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
     * Budget of one location. The ring stores the times of the last {@code max - sharedBurst} accepted requests in
     * order, so the oldest of them is at {@code next} once the ring is full.
     */
    private final class Bucket {
        private final long[] ring;
        private int size;
        private int next;
        private long dayStart;
        private int dailyUsed;

        Bucket(int capacity) {
            this.ring = new long[capacity];
        }

        Decision acquire(long now) {
            if (dailyUsed == 0 || now - dayStart >= dayNanos) {
                dayStart = now;
                dailyUsed = 0;
            }
            int capacity = ring.length;
            boolean dailyOk = dailyLimit == 0 || sharedDaily + dailyUsed < dailyLimit;
            boolean burstOk = max == 0 || (capacity > 0 && (size < capacity || now - ring[next] >= windowNanos));
            if (!dailyOk || !burstOk) {
                long retryAfter;
                if (!burstOk && capacity > 0) {
                    retryAfter = ring[next] + windowNanos - now;
                } else if (!burstOk) {
                    // Other apps use the whole window, so no request of this location ever gets through.
                    retryAfter = windowNanos;
                } else {
                    retryAfter = dayStart + dayNanos - now;
                }
                return decision(false, now, Math.max(retryAfter, 1));
            }
            dailyUsed++;
            if (max > 0) {
                ring[next] = now;
                next = (next + 1) % capacity;
                size = Math.min(size + 1, capacity);
            }
            return decision(true, now, 0);
        }

        private Decision decision(boolean allowed, long now, long retryAfterNanos) {
            int burstLimit = max == 0 ? Integer.MAX_VALUE : max;
            int burstRemaining = max == 0 ? Integer.MAX_VALUE : max - sharedBurst - countInWindow(now);
            int daily = dailyLimit == 0 ? Integer.MAX_VALUE : dailyLimit;
            int dailyRemaining = dailyLimit == 0 ? Integer.MAX_VALUE : dailyLimit - sharedDaily - dailyUsed;
            return new Decision(allowed, burstLimit, burstRemaining, daily, dailyRemaining, retryAfterNanos);
        }

        /** Counts accepted requests inside the window by binary search, because ring times ascend from the oldest. */
        private int countInWindow(long now) {
            int capacity = ring.length;
            if (capacity == 0) {
                return 0;
            }
            int start = size < capacity ? 0 : next;
            int low = 0;
            int high = size;
            while (low < high) {
                int middle = (low + high) >>> 1;
                long time = ring[(start + middle) % capacity];
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
