package org.privyrghlsync.ghl;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Header filter of the camel-http endpoint that calls GHL's API ({@code routes/ghl-api.yaml}). Requests carry only
 * the headers that {@link GhlAuthProcessor} sets; camel-http adds {@code Content-Type} from the body itself. Of the
 * response, only {@code Content-Type}, {@code Retry-After} and the {@code X-RateLimit-*} headers that
 * {@link GhlRateLimiter} and {@link RetryDelayProcessor} read become message headers.
 *
 * <p>camel-http's default filter matched every header name against its patterns in both directions on every call,
 * which took about 5% of the sync threads' samples in a profile. This one compares a few names.
 */
public final class GhlHeaderFilter implements HeaderFilterStrategy {

    private static final String[] REQUEST_HEADERS = {"Authorization", "Version", "Accept"};
    private static final String RATE_LIMIT_PREFIX = "X-RateLimit-";

    /** Returns true for every message header except those of {@link GhlAuthProcessor}, so none but they are sent. */
    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        for (String allowed : REQUEST_HEADERS) {
            if (allowed.equalsIgnoreCase(headerName)) {
                return false;
            }
        }
        return true;
    }

    /** Returns false, keeping the header, only for the rate-limit headers, Retry-After and Content-Type. */
    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        if (headerName.regionMatches(true, 0, RATE_LIMIT_PREFIX, 0, RATE_LIMIT_PREFIX.length())) {
            return false;
        }
        return !("Retry-After".equalsIgnoreCase(headerName) || Exchange.CONTENT_TYPE.equalsIgnoreCase(headerName));
    }
}
