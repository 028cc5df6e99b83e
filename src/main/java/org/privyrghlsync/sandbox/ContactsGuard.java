package org.privyrghlsync.sandbox;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Checks that every {@code /contacts/**} request passes before its handler runs: the Version header, the bearer
 * token, the location's rate limit and the {@code locationId} query parameter.
 */
final class ContactsGuard {

    /** Key under which the request's {@link AccessGrant} is stored in the routing context. */
    static final String GRANT = "sandbox.grant";

    /**
     * Version header values that GHL publishes.
     * NOTE: GHL does not document which of them v2 paths accept, so the sandbox accepts all of them.
     */
    static final Set<String> PUBLISHED_VERSIONS = Set.of("2021-07-28", "2021-04-15", "2023-02-21", "v3", "legacy");

    private final SandboxState state;
    private final HttpResponses responses;

    ContactsGuard(SandboxState state, HttpResponses responses) {
        this.state = state;
        this.responses = responses;
    }

    void handle(RoutingContext context) {
        String version = context.request().getHeader("Version");
        if (version == null) {
            throw GhlErrors.unauthorized("version header was not found.");
        }
        if (!PUBLISHED_VERSIONS.contains(version)) {
            throw GhlErrors.unauthorized("version header is invalid");
        }
        AccessGrant grant = state.tokens.resolveBearer(bearerToken(context.request().getHeader("Authorization")));
        if (grant == null) {
            throw GhlErrors.unauthorized("Invalid token: access token is invalid");
        }
        if (!grant.isLocation()) {
            throw GhlErrors.unauthorized("This authClass type is not allowed to access this scope.");
        }
        RateLimiter.Decision decision = state.rateLimiter.acquire(grant.locationId());
        putRateLimitHeaders(context.response(), decision);
        if (!decision.allowed()) {
            if (state.config.retryAfterOn429()) {
                long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(decision.retryAfterNanos() + 999_999_999L));
                context.response().putHeader("Retry-After", Long.toString(seconds));
            }
            responses.json(context, 429, GhlErrors.tooManyRequests());
            return;
        }
        requireLocation(grant, context.queryParams().get("locationId"));
        context.put(GRANT, grant);
        context.next();
    }

    /** Raises the 403 error when a locationId is given and is not the token's location. */
    static void requireLocation(AccessGrant grant, String locationId) {
        if (locationId != null && !locationId.equals(grant.locationId())) {
            throw GhlErrors.forbiddenLocation();
        }
    }

    /**
     * Returns the contact of the path's {@code contactId}, raising 400 "Contact with id X not found" when it does
     * not exist (also after a delete or merge) and 403 when it belongs to another location than the token's.
     */
    static StoredContact requireContact(SandboxState state, RoutingContext context) {
        String contactId = context.pathParam("contactId");
        StoredContact contact = state.contacts.find(contactId);
        if (contact == null) {
            throw GhlErrors.contactNotFound(contactId);
        }
        AccessGrant grant = context.get(GRANT);
        requireLocation(grant, contact.locationId());
        return contact;
    }

    private void putRateLimitHeaders(HttpServerResponse response, RateLimiter.Decision decision) {
        response.putHeader("X-RateLimit-Limit-Daily", Integer.toString(decision.dailyLimit()));
        response.putHeader("X-RateLimit-Daily-Remaining", Integer.toString(decision.dailyRemaining()));
        response.putHeader("X-RateLimit-Interval-Milliseconds", Long.toString(state.rateLimiter.windowMillis()));
        response.putHeader("X-RateLimit-Max", Integer.toString(decision.max()));
        response.putHeader("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() < 7) {
            return null;
        }
        if (!authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
