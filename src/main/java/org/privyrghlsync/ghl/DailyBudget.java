package org.privyrghlsync.ghl;

import java.time.Instant;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily budget of one location, and the pause of its events when the budget is down to the reserve. Not
 * thread-safe: {@link LocationBudget} guards every call.
 *
 * <p>The remaining budget is the lower of the configured max minus this runtime's calls since the last reset, and
 * GHL's last {@code X-RateLimit-Daily-Remaining} minus the calls that may have reached GHL since. GHL shares the
 * daily budget between all tokens of a location, so its header can be far lower than the local count.
 *
 * <p>GHL does not document when the daily budget resets. This class assumes the configured time of day. While
 * GHL's header is the reason for the pause, the location also sends one event every {@code dailyRecheck} to read
 * the header again, in case GHL resets at another time or counts a rolling 24 hours. That check is sent even when
 * the estimate is 0, because the estimate errs low, so it can get a 429 when GHL truly has no calls left.
 *
 * <p>Runtimes that share a database each count their calls against the part of the daily budget and of the reserve
 * that matches the partitions they hold ({@link PartitionShare}). A new part applies at once. GHL's header counts the
 * calls of every runtime, so it is compared with the whole reserve. The local count runs from the last reset, so after
 * partitions moved during the day the parts can add up to more or less than the budget. So once GHL has reported the
 * daily budget, a runtime with a part of it goes by GHL's figure alone, and its local count applies only while GHL
 * sends no daily header.
 *
 * <p>The pause ends when the check finds more than twice the reserve left. While calls are in flight, this class
 * estimates the remaining budget lower than GHL's by up to the number of those calls. So a check often finds a few
 * more calls than the pause began with. Without the margin the location would resume, use them and pause again,
 * logging each time.
 */
final class DailyBudget {

    private static final Logger LOG = LoggerFactory.getLogger(GhlRateLimiter.class);

    /** Whether an event of the location may start. */
    enum Admission {
        /** Events start as the burst window allows. */
        OPEN,
        /** The pause is over or due for a check: one event may start, and its response decides. */
        PROBE,
        /** Events wait. */
        PAUSED
    }

    private final String locationId;
    private final RateLimitSettings settings;
    private long max;
    private long used;
    private Instant periodEnd;
    private long reported = Long.MAX_VALUE;
    private Instant pausedUntil;
    private boolean probing;
    private PartitionShare share;

    DailyBudget(String locationId, RateLimitSettings settings, Instant now, PartitionShare share) {
        this.locationId = locationId;
        this.settings = settings;
        this.max = settings.dailyMaxRequests();
        this.periodEnd = nextReset(now);
        this.share = share;
    }

    /** Returns the calls left today, or {@link Long#MAX_VALUE} when the daily limit is off. */
    long remaining(Instant now) {
        if (!settings.dailyLimited()) {
            return Long.MAX_VALUE;
        }
        rollPeriod(now);
        return localCountApplies() ? Math.min(localRemaining(), reported) : reported;
    }

    /**
     * Records that the runtime holds {@code next} from now on. A paused location with a larger part checks at once,
     * with one event, whether it may resume.
     */
    void changeShare(PartitionShare next, Instant now) {
        boolean raised = share.lessThan(next);
        share = next;
        if (raised && pausedUntil != null && !probing) {
            pausedUntil = now;
        }
    }

    /** Decides whether an event may start, entering the pause when the budget is down to the reserve. */
    Admission admission(Instant now) {
        if (!settings.dailyLimited()) {
            return Admission.OPEN;
        }
        rollPeriod(now);
        if (pausedUntil == null) {
            if (aboveReserve(1)) {
                return Admission.OPEN;
            }
            pausedUntil = pauseEnd(now);
            logPause();
            return Admission.PAUSED;
        }
        if (probing || now.isBefore(pausedUntil)) {
            return Admission.PAUSED;
        }
        return Admission.PROBE;
    }

    /** Returns when the current pause ends or is checked again, or null when the location is not paused. */
    Instant pausedUntil() {
        return pausedUntil;
    }

    void start(boolean probe) {
        used++;
        if (reported != Long.MAX_VALUE) {
            reported--;
        }
        if (probe) {
            probing = true;
        }
    }

    void cancel(boolean probe) {
        used--;
        if (reported != Long.MAX_VALUE) {
            reported++;
        }
        if (probe) {
            probing = false;
        }
    }

    /**
     * Takes a response into account.
     *
     * @param overlapping calls of this runtime that may have reached GHL after it counted this call
     * @param probe whether the call belongs to the event that checks a paused budget
     */
    void finish(Instant now, RateLimitHeaders headers, int overlapping, boolean probe) {
        if (!settings.dailyLimited()) {
            return;
        }
        if (headers.dailyLimit() != null && headers.dailyLimit() > 0) {
            max = Math.min(settings.dailyMaxRequests(), headers.dailyLimit());
        }
        if (headers.dailyRemaining() != null) {
            reported = headers.dailyRemaining() - overlapping;
        }
        if (probe) {
            probing = false;
        }
        // Only the checking event's response may end a pause: calls sent before the pause began can report GHL's
        // count from before later calls, which would resume the location and pause it again at once.
        if (!probe || pausedUntil == null) {
            return;
        }
        long remaining = remaining(now);
        if (aboveReserve(2)) {
            pausedUntil = null;
            LOG.info("Location {} resumes: {} of its daily GHL calls are left", locationId, remaining);
        } else {
            pausedUntil = pauseEnd(now);
            LOG.debug("Location {} still has only {} daily GHL calls left; checking again at {}", locationId,
                    remaining, pausedUntil);
        }
    }

    /** Ends the local count's period at the assumed reset; GHL's reported figure stays until a response updates it. */
    private void rollPeriod(Instant now) {
        if (!now.isBefore(periodEnd)) {
            used = 0;
            periodEnd = nextReset(now);
        }
    }

    /** Returns the calls left in this runtime's part of the daily budget by its own count. */
    private long localRemaining() {
        return share.partOf(max) - used;
    }

    /** Returns this runtime's part of the reserve, which {@link #localRemaining} is compared with. */
    private long localReserve() {
        return share.reservePartOf(settings.dailyReserve(), max);
    }

    /**
     * Returns whether the local count limits this runtime: it holds every partition, so the count is exact, or GHL has
     * not reported the daily budget. A part of the budget whose partitions moved during the day can be below the calls
     * already counted, which would pause the location until the reset while GHL still has calls left.
     */
    private boolean localCountApplies() {
        return share.whole() || reported == Long.MAX_VALUE;
    }

    /** Returns whether both the local count and GHL's figure are above {@code factor} times their reserve. */
    private boolean aboveReserve(int factor) {
        return (!localCountApplies() || localRemaining() > factor * localReserve())
                && reported > (long) factor * settings.dailyReserve();
    }

    /** Returns whether GHL's figure rather than the local count is nearer to, or further below, its reserve. */
    private boolean pausedByReport() {
        return !localCountApplies() || reported - settings.dailyReserve() < localRemaining() - localReserve();
    }

    private void logPause() {
        boolean byReport = pausedByReport();
        long left = byReport ? reported : localRemaining();
        String calls;
        String reserve;
        if (byReport || share.whole()) {
            calls = "of its daily GHL calls";
            reserve = "the reserve of ghl.rate-limit.daily-reserve (" + settings.dailyReserve() + ")";
        } else {
            calls = "of this runtime's part of its daily GHL calls (" + share + ")";
            reserve = "the part of the reserve of ghl.rate-limit.daily-reserve for those partitions ("
                    + localReserve() + ")";
        }
        LOG.warn("Location {} has {} {} left, {}; its events wait until {}. GHL does not document when the daily"
                + " budget resets: this runtime assumes {} {} (ghl.rate-limit.daily-reset-time and -zone) and, while"
                + " GHL reports the budget spent, checks again every {} s", locationId, left, calls, reserve,
                pausedUntil, settings.dailyResetTime(), settings.dailyResetZone(),
                settings.dailyRecheck().toSeconds());
    }

    /** Returns the reset when the local count is the reason for the pause, else the earlier of reset and recheck. */
    private Instant pauseEnd(Instant now) {
        if (!pausedByReport()) {
            return periodEnd;
        }
        Instant recheck = now.plus(settings.dailyRecheck());
        return recheck.isBefore(periodEnd) ? recheck : periodEnd;
    }

    private Instant nextReset(Instant now) {
        ZonedDateTime local = now.atZone(settings.dailyResetZone());
        ZonedDateTime reset = local.toLocalDate().atTime(settings.dailyResetTime()).atZone(settings.dailyResetZone());
        if (!reset.isAfter(local)) {
            reset = local.toLocalDate().plusDays(1).atTime(settings.dailyResetTime())
                    .atZone(settings.dailyResetZone());
        }
        return reset.toInstant();
    }
}
