package org.privyrghlsync.ghl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.privyrghlsync.store.LocationStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a location may try a token refresh. A temporary failure (timeout, 5xx) delays the next try with
 * exponential backoff and never changes the location's state. After {@code maxPermanentFailures} permanent failures
 * in a row (invalid_grant, "Location is not active") the location is marked {@code REAUTH_REQUIRED}: no more
 * refreshes are tried, its events stay pending, and other locations are not affected.
 */
public final class LocationAuthState {

    private static final Logger LOG = LoggerFactory.getLogger(LocationAuthState.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private record Failures(int permanent, int total, Instant retryAt) {
    }

    private final LocationStateStore store;
    private final int maxPermanentFailures;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Map<String, String> reauthRequired = new ConcurrentHashMap<>();

    public LocationAuthState(LocationStateStore store, int maxPermanentFailures, Clock clock) {
        this.store = store;
        this.maxPermanentFailures = maxPermanentFailures;
        this.clock = clock;
        reauthRequired.putAll(store.reauthRequired());
    }

    /** Throws when the location needs to be authorized again or is waiting out a backoff. */
    public void requireRefreshAllowed(String locationId) {
        String reason = reauthRequired.get(locationId);
        if (reason != null) {
            throw new TokenRefreshException(TokenRefreshException.Kind.PAUSED, "Location " + locationId
                    + " needs to be authorized again (" + reason + "); its events stay pending until then", null);
        }
        Failures current = failures.get(locationId);
        if (current != null && clock.instant().isBefore(current.retryAt())) {
            throw new TokenRefreshException(TokenRefreshException.Kind.TEMPORARY, "The token refresh of location "
                    + locationId + " failed " + current.total() + " times; the next try is at " + current.retryAt(),
                    null);
        }
    }

    public void refreshFailed(String locationId, TokenRefreshException failure) {
        if (failure.kind() == TokenRefreshException.Kind.PAUSED) {
            return;
        }
        Failures previous = failures.getOrDefault(locationId, new Failures(0, 0, Instant.EPOCH));
        int permanent = failure.kind() == TokenRefreshException.Kind.PERMANENT ? previous.permanent() + 1 : 0;
        long backoffMillis = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(previous.total(), 16));
        failures.put(locationId, new Failures(permanent, previous.total() + 1,
                clock.instant().plusMillis(backoffMillis)));
        if (permanent >= maxPermanentFailures) {
            reauthRequired.put(locationId, failure.getMessage());
            store.markReauthRequired(locationId, failure.getMessage());
            failures.remove(locationId);
            LOG.error("Location {} needs to be authorized again: the token refresh failed {} times in a row, last"
                    + " with: {}. Its events stay pending; set a new GHL_REFRESH_TOKEN and restart to resume",
                    locationId, permanent, failure.getMessage());
        } else {
            LOG.warn("Refreshing the token of location {} failed ({}); next try in {} ms: {}", locationId,
                    failure.kind(), backoffMillis, failure.getMessage());
        }
    }

    public void refreshSucceeded(String locationId) {
        failures.remove(locationId);
    }

    /** Clears a location's REAUTH_REQUIRED state, after a new refresh token was provided. */
    public void resume(String locationId) {
        if (reauthRequired.remove(locationId) != null) {
            store.clear(locationId);
            LOG.info("Location {} was authorized again; its pending events resume", locationId);
        }
    }

    /** Returns the locations that need to be authorized again, with the reason. */
    public Map<String, String> reauthRequired() {
        return Map.copyOf(reauthRequired);
    }
}
