package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.store.TokenStore.StoredToken;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

class OAuthTokenTest {

    private static final String INITIAL_REFRESH_TOKEN = "install-refresh-token-1";

    @Test
    void expiredTokenRefreshedOnceAndRotationSurvivesRestart() throws Exception {
        SandboxConfig.Builder sandbox = SandboxConfig.builder().refreshToken(INITIAL_REFRESH_TOKEN)
                .accessTokenTtl(Duration.ofHours(1));
        SandboxConfig defaults = SandboxConfig.defaults();
        Map<String, String> runtime = Map.of("ghl.private-token", "", "ghl.client-id", defaults.clientId(),
                "ghl.client-secret", defaults.clientSecret(), "ghl.refresh-token", INITIAL_REFRESH_TOKEN);
        try (SyncHarness harness = SyncHarness.start(sandbox, runtime)) {
            String locationId = harness.sandbox().config().locationId();
            harness.post(Events.created("evt-oauth-1", "a1", "Nisha Menon", "nisha@example.com", "+919800000001"));
            harness.awaitIdle();
            assertThat(tokenCalls(harness)).hasSize(1);

            harness.sandbox().expireAccessTokens();
            harness.post(Events.created("evt-oauth-2", "a2", "Omar Farooq", "omar@example.com", "+919800000002"));
            harness.awaitIdle();

            assertThat(tokenCalls(harness)).as("one refresh after the 401").hasSize(2);
            assertThat(harness.ghlRequests("POST", "/contacts/").stream().map(RecordedRequest::status))
                    .containsExactly(201, 401, 201);
            StoredToken stored = harness.components().tokenStore().find(locationId).orElseThrow();
            assertThat(stored.refreshToken()).isNotEqualTo(INITIAL_REFRESH_TOKEN);
            assertThat(stored.version()).isEqualTo(2);

            // After a restart only the rotated refresh token in the store works: the configured one was used up.
            harness.restart();
            harness.sandbox().expireAccessTokens();
            harness.post(Events.created("evt-oauth-3", "a3", "Lakshmi Iyer", "lakshmi@example.com",
                    "+919800000003"));
            harness.awaitIdle();

            assertThat(tokenCalls(harness).stream().map(RecordedRequest::status)).containsExactly(200, 200, 200);
            assertThat(harness.sandbox().contacts(locationId)).hasSize(3);
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
            assertThat(harness.components().tokenStore().find(locationId).orElseThrow().version()).isEqualTo(3);
        }
    }

    @Test
    void tokenNearExpiryIsRefreshedBeforeUse() throws Exception {
        // Tokens live 303 s and are refreshed 300 s before expiry, so a token is due for refresh after 3 s.
        SandboxConfig.Builder sandbox = SandboxConfig.builder().refreshToken(INITIAL_REFRESH_TOKEN)
                .accessTokenTtl(Duration.ofSeconds(303));
        SandboxConfig defaults = SandboxConfig.defaults();
        Map<String, String> runtime = Map.of("ghl.private-token", "", "ghl.client-id", defaults.clientId(),
                "ghl.client-secret", defaults.clientSecret(), "ghl.refresh-token", INITIAL_REFRESH_TOKEN,
                "ghl.token-refresh-margin-seconds", "300");
        try (SyncHarness harness = SyncHarness.start(sandbox, runtime)) {
            harness.post(Events.created("evt-early-1", "b1", "Ishaan Gupta", "ishaan@example.com", "+919800000011"));
            harness.awaitIdle();
            Instant firstRefresh = tokenCalls(harness).get(0).time();
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(firstRefresh.plusMillis(3100)));

            harness.post(Events.created("evt-early-2", "b2", "Tara Singh", "tara@example.com", "+919800000012"));
            harness.awaitIdle();

            assertThat(tokenCalls(harness)).hasSize(2);
            assertThat(harness.sandbox().requests()).noneMatch(request -> request.status() == 401);
            assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).hasSize(2);
        }
    }

    @Test
    void fiftyExpiredCallsRefreshOnce() throws Exception {
        SandboxConfig.Builder sandbox = SandboxConfig.builder().refreshToken(INITIAL_REFRESH_TOKEN).rateLimitMax(0);
        SandboxConfig defaults = SandboxConfig.defaults();
        Map<String, String> runtime = Map.of("ghl.private-token", "", "ghl.client-id", defaults.clientId(),
                "ghl.client-secret", defaults.clientSecret(), "ghl.refresh-token", INITIAL_REFRESH_TOKEN,
                "sync.workers", "16");
        try (SyncHarness harness = SyncHarness.start(sandbox, runtime)) {
            harness.post(Events.created("evt-many-0", "m0", "Zara Ali", "zara@example.com", "+919800000100"));
            harness.awaitIdle();
            harness.sandbox().expireAccessTokens();

            for (int i = 1; i <= 50; i++) {
                harness.post(Events.created("evt-many-" + i, "m" + i, "Lead " + i, "many" + i + "@example.com",
                        "+9198000" + String.format("%05d", i)));
            }
            harness.awaitIdle();

            assertThat(tokenCalls(harness)).hasSize(2);
            assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).hasSize(51);
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
        }
    }

    @Test
    void invalidGrantPausesLocationKeepingEvents() throws Exception {
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder().refreshToken(INITIAL_REFRESH_TOKEN),
                oauthSettings())) {
            String locationId = harness.sandbox().config().locationId();
            harness.post(Events.created("evt-grant-0", "g0", "Aarav Shah", "aarav@example.com", "+919800000200"));
            harness.awaitIdle();
            harness.sandbox().expireAccessTokens();
            harness.sandbox().injectFault("POST", "/oauth/token", 400,
                    "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid grant: refresh token is invalid\"}",
                    100);

            harness.post(Events.created("evt-grant-1", "g1", "Diya Nair", "diya@example.com", "+919800000201"));
            harness.post(Events.created("evt-grant-2", "g2", "Vihaan Rao", "vihaan@example.com", "+919800000202"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> harness.components().authState().reauthRequired().containsKey(locationId));
            // Two more sweeps pass without any further refresh attempt.
            Instant paused = Instant.now();
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(paused.plusSeconds(2)));

            assertThat(tokenCalls(harness)).as("one good refresh, then exactly 3 rejected ones").hasSize(4);
            assertThat(harness.components().inbox().statusOf("evt-grant-1")[0]).isEqualTo("PENDING");
            assertThat(harness.components().inbox().statusOf("evt-grant-2")[0]).isEqualTo("PENDING");
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
            HealthCheck.Result health = locationsHealth(harness);
            assertThat(health.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(health.getMessage()).hasValueSatisfying(message -> assertThat(message).contains(locationId));

            // Authorizing again: the rotated refresh token is still valid in GHL; give it to the runtime.
            String workingToken = harness.components().tokenStore().find(locationId).orElseThrow().refreshToken();
            harness.sandbox().clearFaults();
            harness.stopRuntime();
            harness.setOverride("ghl.refresh-token", workingToken);
            harness.startRuntime();
            harness.awaitIdle();

            assertThat(harness.components().inbox().statusOf("evt-grant-1")).containsExactly("DONE", "created");
            assertThat(harness.components().inbox().statusOf("evt-grant-2")).containsExactly("DONE", "created");
            assertThat(locationsHealth(harness).getState()).isEqualTo(HealthCheck.State.UP);
        }
    }

    @Test
    void unsavedRotationSavedLater() throws Exception {
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder().refreshToken(INITIAL_REFRESH_TOKEN),
                oauthSettings())) {
            String locationId = harness.sandbox().config().locationId();
            harness.post(Events.created("evt-unsaved-0", "u0", "Kabir Das", "kabir@example.com", "+919800000800"));
            harness.awaitIdle();
            String savedBefore = harness.components().tokenStore().find(locationId).orElseThrow().refreshToken();
            // The store rejects every change of the token row from now on, as a full disk or a lost database would.
            sql(harness, "ALTER TABLE oauth_token ADD CONSTRAINT token_frozen CHECK (version < 2)");
            harness.sandbox().expireAccessTokens();

            harness.post(Events.created("evt-unsaved-1", "u1", "Zoya Khan", "zoya@example.com", "+919800000801"));
            harness.awaitIdle();

            assertThat(harness.components().inbox().statusOf("evt-unsaved-1")).containsExactly("DONE", "created");
            assertThat(harness.components().authState().reauthRequired()).isEmpty();
            assertThat(harness.components().tokenStore().find(locationId).orElseThrow().refreshToken())
                    .isEqualTo(savedBefore);

            // Once the store accepts writes again, the next call saves the tokens that GHL issued.
            sql(harness, "ALTER TABLE oauth_token DROP CONSTRAINT token_frozen");
            harness.post(Events.created("evt-unsaved-2", "u2", "Ira Bose", "ira@example.com", "+919800000802"));
            harness.awaitIdle();
            StoredToken saved = harness.components().tokenStore().find(locationId).orElseThrow();
            assertThat(saved.refreshToken()).isNotEqualTo(savedBefore);

            // After a restart, the saved refresh token is the one that works.
            harness.restart();
            harness.sandbox().expireAccessTokens();
            harness.post(Events.created("evt-unsaved-3", "u3", "Anaya Roy", "anaya@example.com", "+919800000803"));
            harness.awaitIdle();

            assertThat(tokenCalls(harness).stream().map(RecordedRequest::status)).containsExactly(200, 200, 200);
            assertThat(harness.sandbox().contacts(locationId)).hasSize(4);
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
        }
    }

    @Test
    void lostRefreshResponseNeedsReauth() throws Exception {
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder().refreshToken(INITIAL_REFRESH_TOKEN),
                oauthSettings())) {
            String locationId = harness.sandbox().config().locationId();
            harness.post(Events.created("evt-lost-0", "l0", "Myra Sethi", "myra@example.com", "+919800000700"));
            harness.awaitIdle();
            harness.sandbox().expireAccessTokens();
            // GHL rotates the refresh token, but the response never arrives: the rotated token is lost.
            harness.sandbox().injectLostResponse("POST", "/oauth/token", 1);

            harness.post(Events.created("evt-lost-1", "l1", "Ayaan Bhat", "ayaan@example.com", "+919800000701"));
            await().atMost(Duration.ofSeconds(40))
                    .until(() -> harness.components().authState().reauthRequired().containsKey(locationId));
            Instant paused = Instant.now();
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(paused.plusSeconds(2)));

            List<Integer> statuses = tokenCalls(harness).stream().map(RecordedRequest::status).toList();
            // The first refresh, the lost one, then exactly 3 rejected retries of the used-up refresh token.
            assertThat(statuses).containsExactly(200, 200, 400, 400, 400);
            assertThat(harness.components().inbox().statusOf("evt-lost-1")[0]).isEqualTo("PENDING");
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
        }
    }

    @Test
    void tokenExpiringDuring429WaitIsReplaced() throws Exception {
        // Tokens are due for refresh 2 s after issue; the retry after the 429 waits at least 2.1 s.
        Map<String, String> runtime = new java.util.HashMap<>(oauthSettings());
        runtime.put("ghl.retry.initial-delay-ms", "2500");
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder().refreshToken(INITIAL_REFRESH_TOKEN)
                .accessTokenTtl(Duration.ofSeconds(302)), runtime)) {
            harness.sandbox().injectFault("POST", "/contacts/", 429,
                    "{\"statusCode\":429,\"message\":\"Too many requests\"}", 1);

            harness.post(Events.created("evt-wait-1", "w1", "Kiara Joshi", "kiara@example.com", "+919800000800"));
            harness.awaitIdle();

            List<RecordedRequest> creates = harness.ghlRequests("POST", "/contacts/");
            assertThat(creates.stream().map(RecordedRequest::status)).containsExactly(429, 201);
            assertThat(tokenCalls(harness)).as("the token was replaced before the retry").hasSize(2);
            assertThat(creates.get(1).header("Authorization")).isNotEqualTo(creates.get(0).header("Authorization"));
            assertThat(harness.sandbox().requests()).noneMatch(request -> request.status() == 401);
        }
    }

    @Test
    void tokenEndpointTimeoutIsRetried() throws Exception {
        Map<String, String> runtime = new java.util.HashMap<>(oauthSettings());
        runtime.put("camel.component.http.response-timeout", "1000");
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder().refreshToken(INITIAL_REFRESH_TOKEN),
                runtime)) {
            harness.post(Events.created("evt-slow-0", "s0", "Rohan Mehra", "rohan@example.com", "+919800000900"));
            harness.awaitIdle();
            harness.sandbox().expireAccessTokens();
            harness.sandbox().injectDelay("POST", "/oauth/token", Duration.ofSeconds(3), 1);

            harness.post(Events.created("evt-slow-1", "s1", "Tara Menon", "tara.m@example.com", "+919800000901"));
            harness.awaitIdle();

            assertThat(harness.components().inbox().statusOf("evt-slow-1")).containsExactly("DONE", "created");
            assertThat(harness.components().authState().reauthRequired()).isEmpty();
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
            // The sandbox records the held request when its late 504 goes out, after the runtime gave up on it.
            await().atMost(Duration.ofSeconds(10)).until(() -> tokenCalls(harness).stream()
                    .anyMatch(request -> request.status() == 504));
            assertThat(tokenCalls(harness).stream().map(RecordedRequest::status))
                    .containsExactlyInAnyOrder(200, 504, 200);
        }
    }

    @Test
    void scopeRejectionPausesLocationWithoutRefresh() throws Exception {
        Map<String, String> settings = new HashMap<>(oauthSettings());
        settings.put("ghl.access-denied.recheck-seconds", "1");
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder().refreshToken(INITIAL_REFRESH_TOKEN),
                settings)) {
            harness.sandbox().injectFault("POST", "/contacts/", 401, "{\"statusCode\":401,\"message\":"
                    + "\"The token is not authorized for this scope.\",\"error\":\"Unauthorized\"}", 1);

            harness.post(Events.created("evt-scope-1", "sc1", "Neel Shah", "neel@example.com", "+919800000950"));
            // The location pauses after the 401, and its next try a second later creates the contact.
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "DONE".equals(harness.components().inbox().statusOf("evt-scope-1")[0]));

            assertThat(harness.ghlRequests("POST", "/contacts/").stream().map(RecordedRequest::status))
                    .containsExactly(401, 201);
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
            assertThat(harness.components().inbox().attemptsOf("evt-scope-1")).isEqualTo(1);
            assertThat(tokenCalls(harness)).as("no refresh for a scope problem").hasSize(1);
            assertThat(harness.components().authState().reauthRequired()).isEmpty();
            assertThat(harness.components().access().deniedLocations()).isEmpty();
        }
    }

    @Test
    void temporaryTokenFailuresAreRetried() throws Exception {
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder().refreshToken(INITIAL_REFRESH_TOKEN),
                oauthSettings())) {
            harness.post(Events.created("evt-temp-0", "h0", "Ira Bose", "ira@example.com", "+919800000300"));
            harness.awaitIdle();
            harness.sandbox().expireAccessTokens();
            harness.sandbox().injectFault("POST", "/oauth/token", 503, "{\"message\":\"Service Unavailable\"}", 2);

            harness.post(Events.created("evt-temp-1", "h1", "Kian Das", "kian@example.com", "+919800000301"));
            harness.awaitIdle();

            assertThat(tokenCalls(harness).stream().map(RecordedRequest::status)).containsExactly(200, 503, 503, 200);
            assertThat(harness.components().inbox().statusOf("evt-temp-1")).containsExactly("DONE", "created");
            assertThat(harness.components().authState().reauthRequired()).isEmpty();
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
        }
    }

    @Test
    void keepAliveRefreshesIdleLocation() throws Exception {
        Map<String, String> runtime = new java.util.HashMap<>(oauthSettings());
        runtime.put("ghl.token-keepalive.cron", "0/1 * * * * ?");
        runtime.put("ghl.token-keepalive.max-age-hours", "0");
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder().refreshToken(INITIAL_REFRESH_TOKEN),
                runtime)) {
            harness.post(Events.created("evt-idle-0", "k0", "Noor Khan", "noor@example.com", "+919800000400"));
            harness.awaitIdle();
            long versionAfterEvent = harness.components().tokenStore()
                    .find(harness.sandbox().config().locationId()).orElseThrow().version();

            // No more events: only the scheduled keep-alive can refresh now.
            await().atMost(Duration.ofSeconds(15)).until(() -> tokenCalls(harness).size() >= 3);

            assertThat(tokenCalls(harness)).allMatch(request -> request.status() == 200);
            assertThat(harness.components().tokenStore().find(harness.sandbox().config().locationId())
                    .orElseThrow().version()).isGreaterThan(versionAfterEvent);
        }
    }

    private static Map<String, String> oauthSettings() {
        SandboxConfig defaults = SandboxConfig.defaults();
        return Map.of("ghl.private-token", "", "ghl.client-id", defaults.clientId(),
                "ghl.client-secret", defaults.clientSecret(), "ghl.refresh-token", INITIAL_REFRESH_TOKEN);
    }

    private static HealthCheck.Result locationsHealth(SyncHarness harness) {
        return HealthCheckHelper.invoke(harness.runtime().camelContext()).stream()
                .filter(result -> result.getCheck().getId().equals("ghl-locations"))
                .findFirst().orElseThrow();
    }

    private static void sql(SyncHarness harness, String statement) throws SQLException {
        try (Connection connection = harness.components().dataSource().getConnection();
                Statement update = connection.createStatement()) {
            update.execute(statement);
        }
    }

    private static List<RecordedRequest> tokenCalls(SyncHarness harness) {
        return harness.ghlRequests("POST", "/oauth/token");
    }
}
