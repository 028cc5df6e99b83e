package org.privyrghlsync.ghl;

import java.util.ArrayDeque;

/**
 * Burst window of one location: how many calls may start now without GHL responding with 429. Not thread-safe:
 * {@link LocationBudget} guards every call.
 *
 * <p>GHL counts a call when it arrives, at some moment between sending it and receiving its response. So a call of
 * this runtime counts here from before it is sent until one window after its response, and no window that GHL
 * measures can hold more of these calls than the max, whatever the network delays. The cost is the time from GHL's
 * count to the response: each window of saturated use loses about that long.
 *
 * <p>Other apps and tokens may share the location's budget. Each response's {@code X-RateLimit-Remaining} gives
 * GHL's count when it counted that call. The part of that count that cannot be calls of this runtime is taken as
 * calls of others. The highest such figure of the last two windows is added to this runtime's own count.
 *
 * <p>A figure is a lower bound: calls of this runtime that were in flight may or may not be in GHL's count, and all
 * of them are subtracted. Reports taken during a burst of this runtime's calls therefore count fewer others than
 * there are. With one window of memory, the accurate reports of a burst expire with the burst's own calls, so the
 * next burst would start on the lower figures of its last responses (a likely cause of the occasional 429 seen in
 * RateLimitTest with one window). Two windows keep the previous burst's figure, at the cost of reserving a share for
 * another app for up to two windows after it stopped.
 *
 * <p>Runtimes that share a database each use the part of the max that matches the partitions they hold
 * ({@link PartitionShare}). GHL's count includes the other runtimes' calls, so they count as calls of others too. A
 * runtime starts a call only while both its part of the max and the max less the calls of others leave room. While the
 * other runtimes keep to their parts, their calls alone never push this runtime below its own part. A larger part
 * waits until such a count has been read after the change, or one window ({@link ShareSchedule}).
 */
final class BurstWindow {

    /** Calls of others that a response revealed, counted until {@code expiresNanos}, two windows after it. */
    private record Others(long count, long expiresNanos) {
    }

    private final boolean limited;
    private final long configuredMax;
    private final long configuredWindowNanos;
    private long max;
    private long windowNanos;
    private int inFlight;
    private int reserved;
    /**
     * Finished calls that still count, in the order of their responses, after those that no longer count but got their
     * response less than two windows ago, because GHL may still have counted them together with a call in flight now.
     */
    private final CallLog finished = new CallLog();
    /** Reports of calls of others, with counts falling from first to last, so the first is the highest. */
    private final ArrayDeque<Others> others = new ArrayDeque<>();
    private final ShareSchedule share;

    BurstWindow(RateLimitSettings settings, ShareSchedule share) {
        this.limited = settings.burstLimited();
        this.configuredMax = settings.maxRequests();
        this.configuredWindowNanos = settings.windowMillis() * 1_000_000L;
        this.max = configuredMax;
        this.windowNanos = configuredWindowNanos;
        this.share = share;
    }

    /** Returns how many calls may start at {@code now}, or {@link Integer#MAX_VALUE} when the limit is off. */
    long free(long now) {
        if (!limited) {
            return Integer.MAX_VALUE;
        }
        prune(now);
        long othersCount = others.isEmpty() ? 0 : others.peekFirst().count();
        long allowed = max - othersCount;
        PartitionShare inEffect = share.inEffect(now);
        if (!inEffect.whole()) {
            allowed = Math.min(allowed, inEffect.partOf(max));
        }
        return allowed - (inFlight + reserved + finished.counting());
    }

    /**
     * Returns the earliest time after {@code now} at which {@link #free} can grow without a response or a returned
     * reservation. When every counted call is still in flight, that is one window from now at the earliest.
     */
    long nextChange(long now) {
        long next = finished.hasCounting() ? finished.firstCountingExpiry() : now + windowNanos;
        if (!others.isEmpty()) {
            next = Math.min(next, others.peekFirst().expiresNanos());
        }
        next = Math.min(next, share.raiseAt(now));
        return Math.max(next, now + 1);
    }

    /** Records that the runtime holds {@code next} from {@code now} on; {@link ShareSchedule} says when it applies. */
    void changeShare(PartitionShare next, long now) {
        share.change(next, now, windowNanos);
    }

    /** Counts a reservation for an event that is about to start. */
    void reserve() {
        reserved++;
    }

    /** Returns an unused reservation. */
    void cancelReservation() {
        reserved--;
    }

    /** Turns a reservation into a call that is being sent; the reservation already counted. */
    void startReserved() {
        reserved--;
        inFlight++;
    }

    /** Counts a call that is being sent without a reservation. */
    void start() {
        inFlight++;
    }

    /**
     * Records the response, or the failure, of a call sent at {@code sentNanos}, and takes GHL's headers into
     * account.
     *
     * @return the number of other calls of this runtime that may have reached GHL after it counted this call, which
     *     the remaining budgets in its headers therefore may not include
     */
    int finish(long sentNanos, long now, RateLimitHeaders headers) {
        inFlight--;
        if (headers.max() != null && headers.max() > 0) {
            max = Math.min(configuredMax, headers.max());
        }
        if (headers.intervalMillis() != null && headers.intervalMillis() > 0) {
            windowNanos = Math.max(configuredWindowNanos, headers.intervalMillis() * 1_000_000L);
        }
        prune(now);

        // Calls of this runtime that GHL may have counted with this one: sent before now, and still in flight or
        // responded to less than one window before this call was sent. The call itself is one of them.
        int possiblyCounted = inFlight + 1 + finished.respondedAfter(sentNanos - windowNanos, false);
        int overlapping = inFlight + reserved + finished.respondedAfter(sentNanos, true);
        finished.add(now, now + windowNanos);

        if (limited && headers.remaining() != null) {
            long reportedMax = headers.max() != null && headers.max() > 0 ? headers.max() : max;
            long othersCount = reportedMax - headers.remaining() - possiblyCounted;
            if (othersCount > 0) {
                addOthers(new Others(othersCount, now + 2 * windowNanos));
            }
            share.countReported(sentNanos);
        }
        return overlapping;
    }

    /** Adds a report; older reports with a count no higher expire earlier, so they can never be the highest again. */
    private void addOthers(Others report) {
        while (!others.isEmpty() && others.peekLast().count() <= report.count()) {
            others.pollLast();
        }
        others.addLast(report);
    }

    private void prune(long now) {
        finished.prune(now, windowNanos);
        while (!others.isEmpty() && others.peekFirst().expiresNanos() <= now) {
            others.pollFirst();
        }
    }
}
