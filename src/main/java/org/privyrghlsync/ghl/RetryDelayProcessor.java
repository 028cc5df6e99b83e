package org.privyrghlsync.ghl;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Runs when a GHL call fails and sets the wait before Camel's next redelivery from GHL's response: {@code Retry-After}
 * when present, else, for a 429 with {@code X-RateLimit-Remaining: 0}, the rate-limit interval. Without either, the
 * redelivery policy's exponential backoff applies. It also records the time of the failure, from which
 * {@link RedeliveryLog} measures the wait.
 */
public final class RetryDelayProcessor implements Processor {

    private final long maxDelayMillis;

    public RetryDelayProcessor(long maxDelayMillis) {
        this.maxDelayMillis = maxDelayMillis;
    }

    @Override
    public void process(Exchange exchange) {
        RedeliveryLog.markFailure(exchange);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (!(failure instanceof HttpOperationFailedException http)) {
            return;
        }
        Long delay = delayFrom(http.getStatusCode(), http.getResponseHeaders());
        if (delay != null) {
            // Camel reads this header before computing its own backoff; it bypasses maximumRedeliveryDelay.
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, Math.min(delay, maxDelayMillis));
        }
    }

    /**
     * Returns whether Camel may redeliver a call that failed with an HTTP status: always after 429, because GHL acted
     * on nothing, and after 5xx unless the call is marked {@link GhlProperties#SEND_ONCE}.
     */
    public boolean redeliverable(Exchange exchange) {
        Exception failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (!(failure instanceof HttpOperationFailedException http)) {
            return false;
        }
        int status = http.getStatusCode();
        return status == 429
                || status >= 500 && !Boolean.TRUE.equals(exchange.getProperty(GhlProperties.SEND_ONCE, Boolean.class));
    }

    static Long delayFrom(int status, Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        String retryAfter = header(headers, "Retry-After");
        if (retryAfter != null) {
            Long millis = parseRetryAfter(retryAfter.trim());
            if (millis != null) {
                return millis;
            }
        }
        if (status == 429 && "0".equals(header(headers, "X-RateLimit-Remaining"))) {
            String interval = header(headers, "X-RateLimit-Interval-Milliseconds");
            if (interval != null) {
                try {
                    return Long.parseLong(interval.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Long parseRetryAfter(String value) {
        try {
            return Math.max(0, Long.parseLong(value)) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
