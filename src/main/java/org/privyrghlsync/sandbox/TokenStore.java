package org.privyrghlsync.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory store of the private token, issued access tokens, single-use refresh tokens and authorization codes.
 */
final class TokenStore {

    /** Company that owns every sandbox location; GHL returns it in token responses. */
    static final String COMPANY_ID = "sandbox-company";
    static final String USER_ID = "sandbox-user";

    private final String privateToken;
    private final AccessGrant privateTokenGrant;
    private final long accessTokenTtlNanos;
    private final Map<String, AccessGrant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, AccessGrant> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, AccessGrant> authorizationCodes = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile long validGenerationFloor = 0;

    TokenStore(SandboxConfig config) {
        this.privateToken = config.privateToken();
        this.privateTokenGrant = new AccessGrant(AccessGrant.LOCATION, config.locationId(), COMPANY_ID, Long.MAX_VALUE,
                Long.MAX_VALUE);
        this.accessTokenTtlNanos = config.accessTokenTtl().toNanos();
        refreshTokens.put(config.refreshToken(), locationGrant(config.locationId()));
    }

    /** Returns the grant of a live bearer token, or null when the token is unknown or expired. */
    AccessGrant resolveBearer(String token) {
        if (token == null) {
            return null;
        }
        if (token.equals(privateToken)) {
            return privateTokenGrant;
        }
        AccessGrant grant = accessTokens.get(token);
        if (grant == null) {
            return null;
        }
        if (grant.generation() < validGenerationFloor || System.nanoTime() - grant.expiresAtNanos() >= 0) {
            accessTokens.remove(token, grant);
            return null;
        }
        return grant;
    }

    /**
     * Consumes a refresh token and returns its grant, or null when it is unknown or was already used.
     * The removal is atomic, so of two concurrent refreshes with the same token only one succeeds.
     */
    AccessGrant consumeRefreshToken(String refreshToken) {
        return refreshToken == null ? null : refreshTokens.remove(refreshToken);
    }

    /** Consumes a one-time authorization code and returns its grant, or null when it is unknown or used. */
    AccessGrant consumeAuthorizationCode(String code) {
        return code == null ? null : authorizationCodes.remove(code);
    }

    String issueAuthorizationCode(String locationId, String userType) {
        String code = "code-" + SandboxIds.random(32);
        AccessGrant grant = AccessGrant.COMPANY.equals(userType)
                ? new AccessGrant(AccessGrant.COMPANY, null, COMPANY_ID, 0, 0)
                : locationGrant(locationId);
        authorizationCodes.put(code, grant);
        return code;
    }

    /** Issues a new access token and a new refresh token for the grant's user type and location. */
    IssuedTokens issue(AccessGrant template) {
        long issuedGeneration = generation.get();
        AccessGrant live = new AccessGrant(template.userType(), template.locationId(), template.companyId(),
                System.nanoTime() + accessTokenTtlNanos, issuedGeneration);
        String accessToken = "sandbox-access-" + SandboxIds.random(40);
        String refreshToken = "sandbox-refresh-" + SandboxIds.random(40);
        accessTokens.put(accessToken, live);
        refreshTokens.put(refreshToken, template);
        return new IssuedTokens(accessToken, refreshToken, live);
    }

    /** Makes every access token issued so far expired; the private token and refresh tokens stay valid. */
    void expireAccessTokens() {
        validGenerationFloor = generation.incrementAndGet();
    }

    Duration accessTokenTtl() {
        return Duration.ofNanos(accessTokenTtlNanos);
    }

    private static AccessGrant locationGrant(String locationId) {
        return new AccessGrant(AccessGrant.LOCATION, locationId, COMPANY_ID, 0, 0);
    }

    /** Tokens returned by one successful call of {@code POST /oauth/token}. */
    record IssuedTokens(String accessToken, String refreshToken, AccessGrant grant) {
    }
}
