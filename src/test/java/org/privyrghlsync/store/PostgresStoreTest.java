package org.privyrghlsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

/** Runs the sync against a real PostgreSQL server instead of the embedded H2 store, with the same schema and SQL. */
class PostgresStoreTest {

    private static EmbeddedPostgres postgres;
    /** One token key for every runtime of this class, because they all share the database and its token rows. */
    private static final String TOKEN_KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void createUpdateAndDuplicateOnPostgres() throws Exception {
        Map<String, String> runtime = Map.of("sync.datasource.url", postgres.getJdbcUrl("postgres", "postgres"),
                "sync.datasource.user", "postgres", "sync.datasource.password", "postgres",
                "sync.token-encryption-key", TOKEN_KEY);
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(), runtime)) {
            String created = Events.created("evt-pg-1", "pg1", "Anika Bose", "anika@example.com", "+919830012345");
            assertThat(harness.post(created).statusCode()).isEqualTo(202);
            assertThat(harness.post(created).statusCode()).isEqualTo(200);
            harness.post(Events.client("client.updated", "evt-pg-2", "2025-03-14T10:00:00Z", "pg1",
                    Map.of("name", "Anika Bose", "email", "anika.bose@example.com", "phone", "+919830012345")));
            harness.awaitIdle();

            String locationId = harness.sandbox().config().locationId();
            assertThat(harness.sandbox().contacts(locationId)).hasSize(1);
            assertThat(harness.sandbox().contacts(locationId).get(0).path("email").asText())
                    .isEqualTo("anika.bose@example.com");
            assertThat(harness.components().inbox().statusOf("evt-pg-2")).containsExactly("DONE", "updated");
            assertThat(harness.components().ledger().findLink(locationId, "pg1")).isPresent();
        }
    }

    @Test
    void twoRuntimesSharingTokensRefreshOnce() throws Exception {
        String refreshToken = "shared-install-refresh";
        SandboxConfig defaults = SandboxConfig.defaults();
        Map<String, String> runtime = new java.util.HashMap<>(Map.of(
                "sync.datasource.url", postgres.getJdbcUrl("postgres", "postgres"),
                "sync.datasource.user", "postgres", "sync.datasource.password", "postgres",
                "ghl.private-token", "", "ghl.client-id", defaults.clientId(),
                "ghl.client-secret", defaults.clientSecret(), "ghl.refresh-token", refreshToken,
                "sync.sweep-interval-ms", "600000", "sync.token-encryption-key", TOKEN_KEY));
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder().refreshToken(refreshToken), runtime)) {
            harness.post(Events.created("evt-two-0", "t0", "Mira Das", "mira@example.com", "+919830100000"));
            harness.awaitIdle();
            try (SyncHarness.ExtraRuntime second = harness.startExtraRuntime(Map.of())) {
                harness.sandbox().expireAccessTokens();

                for (int i = 1; i <= 10; i++) {
                    harness.post(Events.created("evt-two-a" + i, "ta" + i, "Lead A" + i, "a" + i + "@example.com",
                            "+91983020" + String.format("%04d", i)));
                    harness.postTo(second.port(), Events.created("evt-two-b" + i, "tb" + i, "Lead B" + i,
                            "b" + i + "@example.com", "+91983030" + String.format("%04d", i)));
                }
                harness.awaitIdle();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                        harness.sandbox().contacts(harness.sandbox().config().locationId()).size() == 21);
            }

            assertThat(harness.ghlRequests("POST", "/oauth/token")).as("initial refresh and one after expiry")
                    .hasSize(2);
            assertThat(harness.ghlRequests("POST", "/oauth/token")).allMatch(request -> request.status() == 200);
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
        }
    }
}
