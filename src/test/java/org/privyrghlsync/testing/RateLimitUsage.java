package org.privyrghlsync.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.privyrghlsync.sandbox.RecordedRequest;

/** Measures how much of a sliding-window rate limit the requests that a server accepted used. */
public final class RateLimitUsage {

    private RateLimitUsage() {
    }

    /**
     * Returns the used share of a budget of {@code max} requests per {@code window}, between 0 and 1.
     *
     * <p>Under a sliding window, request k may arrive at the earliest one window after request k - max. The result
     * is the window divided by the mean of those gaps over every request from the max-th on. A client that sends
     * each request as soon as the budget allows it scores 1, whether it sends in bursts or evenly spaced.
     *
     * @param arrivals arrival times of the accepted requests, in any order
     * @throws IllegalArgumentException when there are not more than {@code max} arrivals
     */
    public static double utilisation(List<Instant> arrivals, int max, Duration window) {
        if (arrivals.size() <= max) {
            throw new IllegalArgumentException("Measuring utilisation needs more than " + max + " requests, got "
                    + arrivals.size());
        }
        List<Instant> sorted = new ArrayList<>(arrivals);
        sorted.sort(null);
        long gapNanos = 0;
        for (int k = max; k < sorted.size(); k++) {
            gapNanos += Duration.between(sorted.get(k - max), sorted.get(k)).toNanos();
        }
        double meanGapNanos = (double) gapNanos / (sorted.size() - max);
        return window.toNanos() / meanGapNanos;
    }

    /** Returns the arrival times of the requests to {@code /contacts} and {@code /locations} that got no 429. */
    public static List<Instant> acceptedArrivals(List<RecordedRequest> requests) {
        return requests.stream()
                .filter(request -> request.path().startsWith("/contacts") || request.path().startsWith("/locations"))
                .filter(request -> request.status() != 429)
                .map(RecordedRequest::time)
                .toList();
    }
}
