package org.privyrghlsync.ghl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses the GHL calls of a location after GHL responded that the location's token may not make them: 403 "The token
 * does not have access to this location", 401 "The token is not authorized for this scope" or 401 "This authClass
 * type is not allowed to access this scope". Every later call would get the same response, so the location's events
 * stay pending in the store instead of each becoming a dead letter. One call is let through every
 * {@code recheck} interval; the first call that GHL accepts resumes the location.
 *
 * <p>The pause lives in memory: after a restart, the first call of the location asks GHL again.
 *
 * <p>NOTE: a token that lacks the scope of some calls only, such as reading custom fields, resumes with its next
 * accepted call of another kind and pauses again at the next call that needs the missing scope.
 */
public final class LocationAccess {

    private static final Logger LOG = LoggerFactory.getLogger(LocationAccess.class);

    /**
     * Lower-case parts of GHL's messages that deny the token a location, a scope or a token class. GHL sends the
     * first one for a contact of another location too, so {@link GhlClient} checks what the request named.
     */
    private static final List<String> DENIAL_MESSAGES = List.of("does not have access to this location",
            "not authorized for this scope", "authclass type is not allowed");

    /**
     * A denied location.
     *
     * @param response GHL's status and message, such as
     *     {@code 403 The token does not have access to this location.}
     * @param nextTry when the next call may ask GHL again
     */
    private record Denial(String response, Instant nextTry) {
    }

    private final Duration recheck;
    private final Clock clock;
    private final Map<String, Denial> denied = new ConcurrentHashMap<>();
    private final List<Runnable> resumeListeners = new CopyOnWriteArrayList<>();

    public LocationAccess(Duration recheck, Clock clock) {
        if (recheck.isNegative() || recheck.isZero()) {
            throw new IllegalArgumentException("The recheck interval must be positive, got " + recheck);
        }
        this.recheck = recheck;
        this.clock = clock;
    }

    /** Returns whether GHL's status and message deny the location's token a location, a scope or a token class. */
    public static boolean isDenial(int status, String ghlMessage) {
        if ((status != 401 && status != 403) || ghlMessage == null) {
            return false;
        }
        String lower = ghlMessage.toLowerCase(Locale.ROOT);
        return DENIAL_MESSAGES.stream().anyMatch(lower::contains);
    }

    /**
     * Returns normally when a call of the location may go to GHL. While the location is denied, one call per recheck
     * interval may, and it becomes the location's next try.
     *
     * @throws GhlAccessDeniedException while the location is denied and its next try is not due
     */
    public void requireAllowed(String locationId) {
        if (denied.isEmpty()) {
            return;
        }
        Denial denial = denied.get(locationId);
        if (denial == null) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(denial.nextTry())
                && denied.replace(locationId, denial, new Denial(denial.response(), now.plus(recheck)))) {
            LOG.info("Asking GHL again whether the token of location {} may call it", locationId);
            return;
        }
        throw new GhlAccessDeniedException("The call was not sent: " + pausedMessage(locationId,
                denied.getOrDefault(locationId, denial)), null);
    }

    /**
     * Pauses the location after GHL denied its token, and returns the exception for the caller to throw.
     *
     * @param response GHL's status and message
     */
    public GhlAccessDeniedException deny(String locationId, String response) {
        Denial denial = new Denial(response, clock.instant().plus(recheck));
        Denial previous = denied.put(locationId, denial);
        if (previous == null) {
            LOG.error("GHL denied the token of location {}, so the location's events stay pending and GHL is asked"
                    + " again every {} s. Give the token access to the location and the scopes the sync needs, or"
                    + " correct the location in privyr.account-locations or GHL_LOCATION_ID. GHL's response: {}",
                    locationId, recheck.toSeconds(), response);
        } else {
            LOG.warn("GHL still denies the token of location {}, next try at {}: {}", locationId, denial.nextTry(),
                    response);
        }
        return new GhlAccessDeniedException(pausedMessage(locationId, denial), null);
    }

    /** Resumes the location after GHL accepted one of its calls. */
    public void accepted(String locationId) {
        if (denied.isEmpty() || denied.remove(locationId) == null) {
            return;
        }
        LOG.info("GHL accepts the token of location {} again; its pending events are applied", locationId);
        resumeListeners.forEach(Runnable::run);
    }

    /** Returns whether the location's events should stay in the store until its next try. */
    public boolean isPaused(String locationId) {
        if (denied.isEmpty()) {
            return false;
        }
        Denial denial = denied.get(locationId);
        return denial != null && clock.instant().isBefore(denial.nextTry());
    }

    /** Returns the locations whose events stay in the store until their next try. */
    public Set<String> pausedLocations() {
        if (denied.isEmpty()) {
            return Set.of();
        }
        Instant now = clock.instant();
        return denied.entrySet().stream()
                .filter(entry -> now.isBefore(entry.getValue().nextTry()))
                .map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Returns GHL's response for each denied location, with the time of its next try. */
    public Map<String, String> deniedLocations() {
        Map<String, String> responses = new LinkedHashMap<>();
        denied.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> responses.put(entry.getKey(),
                entry.getValue().response() + " (next try at " + entry.getValue().nextTry() + ")"));
        return responses;
    }

    /** Registers a listener to run when a denied location resumes, so that its pending events are read at once. */
    public void onResume(Runnable listener) {
        resumeListeners.add(listener);
    }

    private static String pausedMessage(String locationId, Denial denial) {
        return "GHL denied the token of location " + locationId + " (" + denial.response() + "), so the location's"
                + " events stay pending until GHL accepts the token, asked again at " + denial.nextTry();
    }
}
