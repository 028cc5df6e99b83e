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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses the GHL calls of a location after GHL responded that the location's token may not make them: 403 "The token
 * does not have access to this location", 401 "The token is not authorized for this scope" or 401 "This authClass
 * type is not allowed to access this scope". Every later call would get the same response, so the location's events
 * stay pending in the store instead of each becoming a dead letter.
 *
 * <p>Once per {@code recheck} interval, one call of the location is sent as a probe, and a probe that GHL accepts
 * resumes the location. After a missing scope, only a probe of the denied operation (method and path, ids left out)
 * resumes it, because a token that lacks one scope may still make other calls. Calls that were sent before the
 * denial do not resume it.
 *
 * <p>When the location has no pending event to send as the probe, {@link IdleLocationProbe} sends a call of its
 * own. The pause lives in memory, so after a restart the location's first call goes to GHL as usual.
 */
public final class LocationAccess {

    private static final Logger LOG = LoggerFactory.getLogger(LocationAccess.class);

    private static final String MISSING_SCOPE = "not authorized for this scope";
    /** The operation of the call that {@link IdleLocationProbe} sends for a location without pending events. */
    public static final String IDLE_PROBE = "GET /contacts/";
    /**
     * Lower-case parts of GHL's messages that deny the token a location, a scope or a token class. GHL sends the
     * first one for a contact of another location too, so {@link GhlClient} checks what the request named.
     */
    private static final List<String> DENIAL_MESSAGES = List.of("does not have access to this location",
            MISSING_SCOPE, "authclass type is not allowed");
    /**
     * A path segment that is a GHL id, such as a contact or location id, which {@link #operation} leaves out: it
     * contains a digit, or is longer than any word of GHL's paths.
     */
    private static final Pattern ID_SEGMENT = Pattern.compile("(?=.*\\d)[A-Za-z0-9_-]{6,}|[A-Za-z0-9_-]{16,}");

    /**
     * A denied location.
     *
     * @param response GHL's status and message, such as
     *     {@code 403 The token does not have access to this location.}
     * @param operation the denied call's method and path, ids left out, such as {@code POST /contacts/}
     * @param scope true when GHL denied a scope, which only a probe of the same operation can show granted
     * @param nextTry when the next probe may be sent
     */
    private record Denial(String response, String operation, boolean scope, Instant nextTry) {
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

    /** Returns the method and path of a call with its ids left out, such as {@code PUT /contacts/{id}}. */
    public static String operation(String method, String path) {
        StringBuilder operation = new StringBuilder(method).append(' ');
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            operation.append(i == 0 ? "" : "/").append(ID_SEGMENT.matcher(segments[i]).matches() ? "{id}"
                    : segments[i]);
        }
        return operation.toString();
    }

    /**
     * Returns false when a call of the location may go to GHL as usual, and true when it may go as the location's
     * probe: the location is denied and its next probe is due.
     *
     * @throws GhlAccessDeniedException while the location is denied and its next probe is not due
     */
    public boolean requireAllowed(String locationId) {
        if (denied.isEmpty()) {
            return false;
        }
        Denial denial = denied.get(locationId);
        if (denial == null) {
            return false;
        }
        Instant now = clock.instant();
        if (!now.isBefore(denial.nextTry()) && denied.replace(locationId, denial, new Denial(denial.response(),
                denial.operation(), denial.scope(), now.plus(recheck)))) {
            LOG.info("Asking GHL again whether the token of location {} may call it", locationId);
            return true;
        }
        throw new GhlAccessDeniedException("The call was not sent: " + pausedMessage(locationId,
                denied.getOrDefault(locationId, denial)), null);
    }

    /**
     * Returns the denied locations whose next probe has been due for at least {@code grace}, so no pending event took
     * it, and that {@value #IDLE_PROBE} can resume: every denied location except one that lacks the scope of another
     * operation. {@link IdleLocationProbe} sends that call, so a location without pending events resumes once GHL
     * accepts its token again.
     */
    public List<String> idleProbeDue(Duration grace) {
        if (denied.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        return denied.entrySet().stream()
                .filter(entry -> !now.isBefore(entry.getValue().nextTry().plus(grace)))
                .filter(entry -> !entry.getValue().scope() || entry.getValue().operation().equals(IDLE_PROBE))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** Returns whether the location is denied, whether or not its next probe is due. */
    public boolean isDenied(String locationId) {
        return !denied.isEmpty() && denied.containsKey(locationId);
    }

    /**
     * Pauses the location after GHL denied its token, and returns the exception for the caller to throw. A call that
     * was not the probe of an already denied location leaves the denial as it is.
     *
     * @param response GHL's status and message
     * @param operation the call's {@link #operation}
     * @param probe whether the call was the location's probe
     */
    public GhlAccessDeniedException deny(String locationId, String response, String operation, boolean probe) {
        boolean scope = response.toLowerCase(Locale.ROOT).contains(MISSING_SCOPE);
        Denial fresh = new Denial(response, operation, scope, clock.instant().plus(recheck));
        Denial previous = denied.putIfAbsent(locationId, fresh);
        if (previous == null) {
            LOG.error("GHL denied the token of location {} on {}, so the location's events stay pending and GHL is"
                    + " asked again every {} s. Give the token access to the location and the scopes the sync"
                    + " needs, or correct the location in privyr.account-locations or GHL_LOCATION_ID. GHL's"
                    + " response: {}", locationId, operation, recheck.toSeconds(), response);
            return new GhlAccessDeniedException(pausedMessage(locationId, fresh), null);
        }
        if (!probe) {
            return new GhlAccessDeniedException(pausedMessage(locationId, previous), null);
        }
        // A scope denial keeps the operation that needs the scope; another denial replaces it.
        Denial next = previous.scope() && scope ? new Denial(response, previous.operation(), true, fresh.nextTry())
                : fresh;
        denied.put(locationId, next);
        LOG.warn("GHL still denies the token of location {} on {}, next try at {}: {}", locationId, operation,
                next.nextTry(), response);
        return new GhlAccessDeniedException(pausedMessage(locationId, next), null);
    }

    /**
     * Resumes the location after GHL accepted its probe, unless the location lacks a scope and the probe was another
     * operation than the denied one.
     */
    public void probeAccepted(String locationId, String operation) {
        Denial denial = denied.get(locationId);
        if (denial == null || (denial.scope() && !denial.operation().equals(operation))) {
            return;
        }
        if (!denied.remove(locationId, denial)) {
            return;
        }
        LOG.info("GHL accepts the token of location {} again; its pending events are applied", locationId);
        resumeListeners.forEach(Runnable::run);
    }

    /** Returns whether the location's events should stay in the store until its next probe. */
    public boolean isPaused(String locationId) {
        if (denied.isEmpty()) {
            return false;
        }
        Denial denial = denied.get(locationId);
        return denial != null && clock.instant().isBefore(denial.nextTry());
    }

    /** Returns the locations whose events stay in the store until their next probe. */
    public Set<String> pausedLocations() {
        if (denied.isEmpty()) {
            return Set.of();
        }
        Instant now = clock.instant();
        return denied.entrySet().stream()
                .filter(entry -> now.isBefore(entry.getValue().nextTry()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Returns GHL's response for each denied location, with the denied operation and the time of its next probe. */
    public Map<String, String> deniedLocations() {
        Map<String, String> responses = new LinkedHashMap<>();
        denied.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> responses.put(entry.getKey(),
                entry.getValue().response() + " (on " + entry.getValue().operation() + "; next try at "
                        + entry.getValue().nextTry() + ")"));
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
