package org.privyrghlsync.ghl;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.privyrghlsync.jobs.JobReport;
import org.privyrghlsync.store.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the OAuth tokens of locations that have not refreshed for {@code maxAge}, so that the refresh token of a
 * location without traffic is rotated long before GHL's one-year limit. Called by the {@code token-keepalive}
 * route on its schedule.
 */
public final class TokenKeepAlive {

    private static final Logger LOG = LoggerFactory.getLogger(TokenKeepAlive.class);

    private final TokenStore store;
    private final OAuthTokenProvider tokens;
    private final Duration maxAge;
    private final Clock clock;

    /** Creates the job; {@code tokens} is null when the runtime uses a private integration token. */
    public TokenKeepAlive(TokenStore store, OAuthTokenProvider tokens, Duration maxAge, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * Refreshes every location whose tokens are older than the maximum age; returns how many were refreshed. The job's
     * report gets the counts {@code idle_locations}, {@code refreshed} and {@code failed}, and fails when a refresh
     * failed.
     */
    public int refreshIdleLocations() {
        JobReport report = JobReport.current();
        if (tokens == null) {
            report.set("idle_locations", 0).set("refreshed", 0).set("failed", 0);
            return 0;
        }
        List<String> idle = store.locationsUpdatedBefore(clock.instant().minus(maxAge));
        int refreshed = 0;
        List<String> failed = new ArrayList<>();
        for (String locationId : idle) {
            try {
                tokens.refreshNow(locationId);
                refreshed++;
            } catch (TokenRefreshException e) {
                failed.add(locationId);
                LOG.warn("Keep-alive refresh of location {} failed: {}", locationId, e.getMessage());
            }
        }
        LOG.info("Token keep-alive: {} of {} idle locations refreshed", refreshed, idle.size());
        report.set("idle_locations", idle.size()).set("refreshed", refreshed).set("failed", failed.size());
        if (!failed.isEmpty()) {
            report.fail("Refreshing the tokens of location(s) " + String.join(", ", failed) + " failed; the log has"
                    + " the reasons");
        }
        return refreshed;
    }
}
