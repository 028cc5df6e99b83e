package org.privyrghlsync.sync;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When an event that failed for a passing reason is tried again: after {@code initialDelay}, doubling with every
 * attempt up to {@code maxDelay}, with up to 10% random spread so that many events failed together do not return
 * together. After {@code maxAttempts} attempts the event becomes a dead letter.
 */
public record RetrySchedule(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    public RetrySchedule {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("sync.max-attempts must be at least 1, got " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("sync.retry.initial-delay-ms must be at least 0 and at most"
                    + " sync.retry.max-delay-ms; got " + initialDelay.toMillis() + " and " + maxDelay.toMillis());
        }
    }

    /** Returns the wait before the next attempt of an event that has failed {@code attemptsMade} times. */
    public Duration delayAfter(int attemptsMade) {
        long base = initialDelay.toMillis();
        for (int i = 1; i < attemptsMade && base < maxDelay.toMillis(); i++) {
            base *= 2;
        }
        long capped = Math.min(base, maxDelay.toMillis());
        long spread = capped / 10;
        return Duration.ofMillis(capped - spread + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(spread + 1)));
    }
}
