package org.privyrghlsync.ghl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.privyrghlsync.store.StoreException;
import org.privyrghlsync.store.TokenStore;
import org.privyrghlsync.store.TokenStore.StoredToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supplies GHL OAuth access tokens per location with the refresh-token grant.
 *
 * <p>GHL refresh tokens are single-use: each refresh returns a new one and the old one stops working. So the new
 * refresh token and access token are committed to the store before the access token is used. At most one refresh per
 * location runs at a time, in this process through a lock and across processes through a row lock in the store.
 */
public final class OAuthTokenProvider implements TokenProvider {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthTokenProvider.class);
    /** Attempts to save new tokens before they are kept in memory. */
    private static final int SAVE_ATTEMPTS = 3;
    /** Time between later attempts to save tokens kept in memory. */
    private static final Duration SAVE_RETRY_INTERVAL = Duration.ofSeconds(5);
    public static final String TOKEN_ENDPOINT = "direct:ghl-oauth-token";

    private final ProducerTemplate template;
    private final TokenStore store;
    private final ObjectMapper json;
    private final String clientId;
    private final String clientSecret;
    private final String initialRefreshToken;
    private final Duration refreshMargin;
    private final Clock clock;
    private final LocationAuthState authState;
    private final Map<String, StoredToken> cache = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Access tokens GHL rejected with a 401, per location, so they are never handed out again. */
    private final Map<String, String> rejected = new ConcurrentHashMap<>();
    /**
     * Tokens that GHL issued but the store failed to save, per location. The store's refresh token is invalid then,
     * so these are the only ones that work until they are saved.
     */
    private final Map<String, StoredToken> unsaved = new ConcurrentHashMap<>();
    /** When the next attempt to save a location's {@link #unsaved} tokens may start. */
    private final Map<String, Instant> nextSaveAttempt = new ConcurrentHashMap<>();

    public OAuthTokenProvider(ProducerTemplate template, TokenStore store, ObjectMapper json, String clientId,
            String clientSecret, String initialRefreshToken, Duration refreshMargin, Clock clock,
            LocationAuthState authState) {
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("OAuth needs both GHL_CLIENT_ID and GHL_CLIENT_SECRET; set both,"
                    + " or use GHL_PRIVATE_TOKEN instead");
        }
        this.template = template;
        this.store = store;
        this.json = json;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.initialRefreshToken = initialRefreshToken == null ? "" : initialRefreshToken.trim();
        this.refreshMargin = refreshMargin;
        this.clock = clock;
        this.authState = authState;
    }

    @Override
    public String accessToken(String locationId) {
        StoredToken cached = cache.get(locationId);
        if (isFresh(cached) && !unsaved.containsKey(locationId)) {
            return cached.accessToken();
        }
        ReentrantLock lock = locks.computeIfAbsent(locationId, id -> new ReentrantLock());
        lock.lock();
        try {
            if (unsaved.containsKey(locationId) && !clock.instant().isBefore(
                    nextSaveAttempt.getOrDefault(locationId, Instant.MIN))) {
                saveUnsaved(locationId);
            }
            cached = cache.get(locationId);
            if (isFresh(cached)) {
                return cached.accessToken();
            }
            Optional<StoredToken> stored = store.find(locationId);
            if (stored.isPresent() && isFresh(stored.get())
                    && !stored.get().accessToken().equals(rejected.get(locationId))) {
                cache.put(locationId, stored.get());
                return stored.get().accessToken();
            }
            return refreshTracked(locationId, false).accessToken();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refreshes a location's tokens now, even when the access token is still valid, so that an idle location's
     * refresh token is rotated before it ages out.
     */
    public void refreshNow(String locationId) {
        ReentrantLock lock = locks.computeIfAbsent(locationId, id -> new ReentrantLock());
        lock.lock();
        try {
            refreshTracked(locationId, true);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean invalidate(String locationId, String rejectedToken) {
        ReentrantLock lock = locks.computeIfAbsent(locationId, id -> new ReentrantLock());
        lock.lock();
        try {
            if (rejectedToken != null) {
                rejected.put(locationId, rejectedToken);
                StoredToken cached = cache.get(locationId);
                if (cached != null && rejectedToken.equals(cached.accessToken())) {
                    cache.remove(locationId);
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean isFresh(StoredToken token) {
        return token != null && token.accessToken() != null && token.expiresAt() != null
                && token.expiresAt().minus(refreshMargin).isAfter(clock.instant());
    }

    /** Refreshes while the caller holds the location's lock, and records the outcome in the location's state. */
    private StoredToken refreshTracked(String locationId, boolean force) {
        authState.requireRefreshAllowed(locationId);
        StoredToken rotated;
        try {
            rotated = refresh(locationId, force);
        } catch (TokenRefreshException e) {
            authState.refreshFailed(locationId, e);
            throw e;
        }
        authState.refreshSucceeded(locationId);
        cache.put(locationId, rotated);
        rejected.remove(locationId);
        return rotated;
    }

    /**
     * Refreshes under the store's row lock. Unless {@code force} is set, a good token that another process stored
     * while this one waited for the lock is used, and GHL is not called.
     */
    private StoredToken refresh(String locationId, boolean force) {
        StoredToken pending = unsaved.get(locationId);
        if (pending != null && saveUnsaved(locationId) == null) {
            // The store still contains a refresh token that GHL invalidated, so the one kept in memory is rotated.
            StoredToken next = requestRotation(locationId, pending.refreshToken());
            return keep(new StoredToken(locationId, next.accessToken(), next.refreshToken(), next.expiresAt(),
                    pending.version()));
        }
        String rejectedToken = rejected.get(locationId);
        long[] versionSeen = {-1};
        try {
            return store.rotate(locationId, initialRefreshToken, current -> {
                versionSeen[0] = current.version();
                if (!force && isFresh(current) && !current.accessToken().equals(rejectedToken)) {
                    LOG.info("Another process refreshed the token of location {}; using it", locationId);
                    return current;
                }
                return requestRotation(locationId, current.refreshToken());
            });
        } catch (TokenStore.RotationNotSavedException e) {
            return keep(e.rotated());
        } catch (StoreException e) {
            throw new TokenRefreshException(TokenRefreshException.Kind.PERMANENT, e.getMessage(), e);
        } catch (TokenRefreshException e) {
            // A writer that does not take the row lock may have rotated the token meanwhile: read the store once.
            Optional<StoredToken> reread = e.kind() == TokenRefreshException.Kind.PERMANENT ? store.find(locationId)
                    : Optional.empty();
            if (reread.isPresent() && reread.get().version() != versionSeen[0] && isFresh(reread.get())) {
                LOG.info("GHL rejected the refresh of location {}, but the store holds a newer token; using it",
                        locationId);
                return reread.get();
            }
            throw e;
        }
    }

    /**
     * Saves tokens that GHL issued, trying {@link #SAVE_ATTEMPTS} times. When every attempt fails they are kept in
     * memory and used, and a later call saves them (see {@link #saveUnsaved}).
     */
    private StoredToken keep(StoredToken rotated) {
        String locationId = rotated.locationId();
        unsaved.put(locationId, rotated);
        for (int attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
            StoredToken saved = saveUnsaved(locationId);
            if (saved != null) {
                return saved;
            }
        }
        // The next call of the location tries again at once.
        nextSaveAttempt.remove(locationId);
        LOG.error("GHL issued new OAuth tokens for location {}, but saving them failed {} times. This process keeps"
                + " them in memory and saves them once the store accepts them; if it stops before that, run authorize"
                + " for the location again", locationId, SAVE_ATTEMPTS);
        return rotated;
    }

    /**
     * Saves the location's {@link #unsaved} tokens and returns the tokens in use afterwards: the saved ones, or newer
     * ones that the store had. Returns null when the store still rejects them.
     */
    private StoredToken saveUnsaved(String locationId) {
        StoredToken pending = unsaved.get(locationId);
        if (pending == null) {
            return cache.get(locationId);
        }
        try {
            StoredToken saved = store.saveRotated(pending);
            unsaved.remove(locationId);
            nextSaveAttempt.remove(locationId);
            StoredToken inUse = saved != null ? saved : newerInStore(locationId);
            if (saved != null) {
                LOG.info("Saved the new OAuth tokens of location {}", locationId);
            }
            cache.put(locationId, inUse);
            return inUse;
        } catch (StoreException e) {
            nextSaveAttempt.put(locationId, clock.instant().plus(SAVE_RETRY_INTERVAL));
            LOG.warn("Saving the OAuth tokens of location {} failed; the next attempt is in {} s: {}", locationId,
                    SAVE_RETRY_INTERVAL.toSeconds(), e.getMessage());
            return null;
        }
    }

    /** Returns the tokens that another process or an authorize stored after the ones this process kept. */
    private StoredToken newerInStore(String locationId) {
        LOG.warn("The store has newer OAuth tokens of location {} than the ones this process kept after a failed"
                + " save, stored by another process or by authorize; using them", locationId);
        return store.find(locationId).orElseThrow(() -> new TokenRefreshException(
                TokenRefreshException.Kind.PERMANENT, "The OAuth token row of location " + locationId
                + " disappeared; run authorize for the location again", null));
    }

    private StoredToken requestRotation(String locationId, String refreshToken) {
        JsonNode answer = requestToken(refreshToken);
        String accessToken = answer.path("access_token").asText(null);
        String newRefreshToken = answer.path("refresh_token").asText(null);
        if (accessToken == null || newRefreshToken == null) {
            throw new TokenRefreshException(TokenRefreshException.Kind.TEMPORARY, "GHL's token response for location "
                    + locationId + " lacks access_token or refresh_token", null);
        }
        Instant expiresAt = clock.instant().plusSeconds(answer.path("expires_in").asLong(86399));
        LOG.info("Refreshed the OAuth token of location {}; it expires at {}", locationId, expiresAt);
        return new StoredToken(locationId, accessToken, newRefreshToken, expiresAt, 0);
    }

    private JsonNode requestToken(String refreshToken) {
        String form = "client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret)
                + "&grant_type=refresh_token&refresh_token=" + encode(refreshToken) + "&user_type=Location";
        Exchange result = template.send(TOKEN_ENDPOINT, exchange -> {
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
            exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/oauth/token");
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
            exchange.getMessage().setHeader("Accept", "application/json");
            exchange.getMessage().setBody(form);
        });
        Exception failure = result.getException();
        if (failure instanceof HttpOperationFailedException http) {
            int status = http.getStatusCode();
            TokenRefreshException.Kind kind = status == 429 || status >= 500 ? TokenRefreshException.Kind.TEMPORARY
                    : TokenRefreshException.Kind.PERMANENT;
            throw new TokenRefreshException(kind, "GHL's token endpoint returned status " + status + ": "
                    + SecretRedaction.redact(describeError(http.getResponseBody()), clientSecret, refreshToken), null);
        }
        if (failure != null) {
            throw new TokenRefreshException(TokenRefreshException.Kind.TEMPORARY, "Calling GHL's token endpoint"
                    + " failed: " + failure.getClass().getName() + ": " + failure.getMessage(), failure);
        }
        try {
            return json.readTree(result.getMessage().getBody(String.class));
        } catch (Exception e) {
            throw new TokenRefreshException(TokenRefreshException.Kind.TEMPORARY,
                    "GHL's token endpoint returned a body that is not JSON", e);
        }
    }

    /** Returns the error code and description of a token error body, never echoing anything else it holds. */
    private String describeError(String body) {
        try {
            JsonNode node = json.readTree(body == null ? "{}" : body);
            String error = node.path("error").asText("");
            String description = node.path("error_description").asText(node.path("message").asText(""));
            return (error + " " + description).trim();
        } catch (Exception e) {
            return "(no JSON error body)";
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
