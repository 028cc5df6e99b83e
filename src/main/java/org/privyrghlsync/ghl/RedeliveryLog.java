package org.privyrghlsync.ghl;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.privyrghlsync.events.LogLimiter;
import org.privyrghlsync.mapping.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one short INFO line for a redelivery of a GHL call, in place of Camel's per-attempt line, which names the full
 * URL with its query string. The line names the call's method and path, its location, GHL's status or the connection
 * error, the wait before this redelivery, and the redelivery's number. Each location logs at most one such line per
 * interval for each kind of failure (429, another status, a connection error), and the next line of that kind counts
 * the ones held back. So a burst of 429 or 503 responses cannot flood the log, and a burst of one kind does not hide
 * the first failure of another.
 *
 * <p>Camel runs it as the {@code onRedelivery} processor, after the wait and right before the call is sent again. The
 * wait is measured from {@link #markFailure}, which the {@code onExceptionOccurred} processor calls, because Camel
 * computes the backoff after that processor and does not expose it.
 */
public final class RedeliveryLog implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RedeliveryLog.class);

    /** Exchange property with the {@link System#nanoTime()} of the call's last failure. */
    static final String FAILED_AT_NANOS = "GhlFailedAtNanos";

    // The query string of a URL in an exception message, which can carry an email address in percent-encoded form.
    private static final Pattern URL_QUERY = Pattern.compile("(https?://[^\\s?]*)\\?\\S*");

    private final Duration interval;
    private final Map<String, LogLimiter> limiters = new ConcurrentHashMap<>();

    /**
     * Creates a log that writes at most one line per location and kind of failure per {@code interval}.
     * {@link Duration#ZERO} writes a line for every redelivery.
     *
     * @throws IllegalArgumentException when the interval is negative
     */
    public RedeliveryLog(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("ghl.retry.log-interval-ms must be at least 0, got "
                    + interval.toMillis() + "; set 0 to log every redelivery");
        }
        this.interval = interval;
    }

    /** Records the time of a failed attempt, from which the next redelivery's wait is measured. */
    static void markFailure(Exchange exchange) {
        exchange.setProperty(FAILED_AT_NANOS, System.nanoTime());
    }

    @Override
    public void process(Exchange exchange) {
        String locationId = exchange.getProperty(GhlProperties.LOCATION_ID, "unknown", String.class);
        long heldBack = limiters.computeIfAbsent(locationId + " " + kind(exchange), any -> new LogLimiter(interval))
                .tryLog();
        if (heldBack < 0) {
            return;
        }
        LOG.info("GHL call {} of location {} failed with {}; redelivery {} of {}{}{}", call(exchange), locationId,
                failure(exchange), exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, "?", String.class),
                exchange.getIn().getHeader(Exchange.REDELIVERY_MAX_COUNTER, "?", String.class), waited(exchange),
                LogLimiter.heldBackNote(heldBack));
    }

    /** Returns the kind of the failure that the line limit counts apart: 429, another status, or no response. */
    private static String kind(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught instanceof HttpOperationFailedException http) {
            return http.getStatusCode() == 429 ? "429" : "status";
        }
        return "connection";
    }

    /**
     * Returns GHL's status, or the connection error's type and message with anything that looks like a token or
     * personal data masked.
     */
    private static String failure(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught instanceof HttpOperationFailedException http) {
            return Integer.toString(http.getStatusCode());
        }
        if (caught == null) {
            return "an unknown error";
        }
        String message = caught.getMessage() == null ? ""
                : ": " + URL_QUERY.matcher(caught.getMessage()).replaceAll("$1?[query omitted]");
        return caught.getClass().getSimpleName() + Masking.maskPersonalData(SecretRedaction.redact(message));
    }

    /** Returns the method and path, without the query string, which can carry an email address or phone number. */
    private static String call(Exchange exchange) {
        Object method = exchange.getIn().getHeader(Exchange.HTTP_METHOD);
        String path = exchange.getIn().getHeader(Exchange.HTTP_PATH, "", String.class);
        return (method == null ? "" : method + " ") + Masking.maskPersonalData(path);
    }

    private static String waited(Exchange exchange) {
        Long failedAt = exchange.getProperty(FAILED_AT_NANOS, Long.class);
        if (failedAt == null) {
            return "";
        }
        return " after a wait of " + Duration.ofNanos(System.nanoTime() - failedAt).toMillis() + " ms";
    }
}
