package org.privyrghlsync.ghl;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Sets {@code Authorization} and {@code Version} right before each HTTP attempt to GHL, redeliveries included, so a
 * retried call always carries the current token. Also counts the attempts, and first runs the check that
 * {@link #checkBeforeSend} sets, which may stop the attempt.
 */
public final class GhlAuthProcessor implements Processor {

    private final TokenProvider tokens;
    private final AtomicLong attempts = new AtomicLong();
    private volatile Runnable beforeSend = () -> { };

    public GhlAuthProcessor(TokenProvider tokens) {
        this.tokens = tokens;
    }

    /**
     * Sets a check that runs on the caller's thread before each attempt and stops it by throwing, such as the check
     * that this runtime still holds the lease of the event's partition.
     */
    public void checkBeforeSend(Runnable check) {
        this.beforeSend = check;
    }

    @Override
    public void process(Exchange exchange) {
        beforeSend.run();
        String locationId = exchange.getProperty(GhlProperties.LOCATION_ID, String.class);
        if (locationId == null) {
            throw new IllegalStateException("A GHL call has no " + GhlProperties.LOCATION_ID
                    + " exchange property; set it before sending to direct:ghl-call");
        }
        String token = tokens.accessToken(locationId);
        exchange.setProperty(GhlProperties.ACCESS_TOKEN_USED, token);
        exchange.getMessage().setHeader("Authorization", "Bearer " + token);
        exchange.getMessage().setHeader("Version", GhlProperties.API_VERSION);
        exchange.getMessage().setHeader("Accept", "application/json");
        attempts.incrementAndGet();
    }

    /** Returns the number of HTTP attempts made to GHL's API since start, retries included. */
    public long attempts() {
        return attempts.get();
    }
}
