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
                "sync.datasource.user", "postgres", "sync.datasource.password", "postgres");
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
}
