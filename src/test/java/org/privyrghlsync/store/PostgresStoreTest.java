package org.privyrghlsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.admin.DeadLetterService;
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
    void receiptRaceFallsBackToRows() throws Exception {
        try (Database database = openNewDatabase("receipt_race");
                GroupCommit mine = new GroupCommit(database.dataSource(), 64);
                GroupCommit others = new GroupCommit(database.dataSource(), 64)) {
            // Another runtime on the same database inserts the same event id and commits only when released.
            java.util.concurrent.CountDownLatch inserted = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            CompletableFuture<Void> otherInsert = CompletableFuture.runAsync(() -> others.run("other runtime",
                    connection -> {
                        InboxStore.insertNew(connection, List.of(event("evt-raced")));
                        inserted.countDown();
                        awaitQuietly(release);
                        return null;
                    }));
            assertThat(inserted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            // The check for stored ids cannot see that row yet, so this insert waits on the unique index.
            InboxStore inbox = new InboxStore(database.dataSource(), mine);
            CompletableFuture<List<InboxEntry>> stored = CompletableFuture.supplyAsync(
                    () -> inbox.storeNew(List.of(event("evt-raced"), event("evt-mine"))));
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> waitingOnLocks(database) > 0);
            release.countDown();
            otherInsert.get(10, java.util.concurrent.TimeUnit.SECONDS);
            List<InboxEntry> result = stored.get(10, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(result.get(0)).as("the event id the other runtime stored").isNull();
            assertThat(result.get(1).id()).as("id of the batch's other event").isPositive();
            assertThat(inbox.countByStatus()).containsEntry(InboxStatus.PENDING, 2L);
        }
    }

    @Test
    void storedIdsKeepSharedCommit() throws Exception {
        try (Database database = openNewDatabase("receipt_check");
                GroupCommit commits = new GroupCommit(database.dataSource(), 64)) {
            InboxStore inbox = new InboxStore(database.dataSource(), commits);
            inbox.insertNew(List.of(event("evt-1"), event("evt-3")));
            // A work that keeps the writer busy, so that the next two share one transaction.
            java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            CompletableFuture<Void> blocker = CompletableFuture.runAsync(() -> commits.run("block", connection -> {
                busy.countDown();
                awaitQuietly(release);
                return null;
            }));
            assertThat(busy.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
            CompletableFuture<Void> counted = CompletableFuture.runAsync(() -> commits.run("counted", connection -> {
                runs.incrementAndGet();
                return null;
            }));
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> commits.queued() >= 1);
            CompletableFuture<List<InboxEntry>> stored = CompletableFuture.supplyAsync(() -> inbox.storeNew(
                    List.of(event("evt-1"), event("evt-2"), event("evt-3"), event("evt-4"), event("evt-2"))));
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> commits.queued() >= 2);
            release.countDown();
            CompletableFuture.allOf(blocker, counted).get(10, java.util.concurrent.TimeUnit.SECONDS);
            List<InboxEntry> result = stored.get(10, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(result).extracting(entry -> entry == null ? null : entry.eventId())
                    .containsExactly(null, "evt-2", null, "evt-4", null);
            assertThat(runs).as("runs of the work that shared the commit").hasValue(1);
            assertThat(inbox.countByStatus()).containsEntry(InboxStatus.PENDING, 4L);
        }
    }

    @Test
    void failedBatchLeavesPayloadOutOfMessage() throws Exception {
        try (Database database = openNewDatabase("receipt_errors")) {
            java.time.Instant now = java.time.Instant.now();
            // event_type is at most 32 characters long, so the batch fails on the server. The driver's message
            // lists a batch's text parameters, and the email is one of them.
            InboxEntry tooLong = new InboxEntry(0, "evt-too-long", "client.created".repeat(3), "acc_1", "loc_1",
                    "anika@example.com", now, now, "{\"email\":\"anika@example.com\"}", 0);

            assertThatThrownBy(() -> new InboxStore(database.dataSource()).insertNew(List.of(tooLong)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("too long")
                    .hasMessageNotContaining("anika@example.com");
        }
    }

    /** Creates a database of its own for one test and opens it as the product's store, migrated. */
    private static Database openNewDatabase(String name) throws java.sql.SQLException {
        try (java.sql.Connection connection = postgres.getPostgresDatabase().getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return Database.open(postgres.getJdbcUrl("postgres", name), "postgres", "postgres",
                java.nio.file.Path.of("unused"), 4);
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InboxEntry event(String eventId) {
        java.time.Instant now = java.time.Instant.now();
        return new InboxEntry(0, eventId, "client.created", "acc_1", "loc_1", "cl_" + eventId, now, now, "{}", 0);
    }

    private static int waitingOnLocks(Database database) throws java.sql.SQLException {
        try (java.sql.Connection connection = database.dataSource().getConnection();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = 'receipt_race' AND wait_event_type = 'Lock'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void deadLettersListReplayAndDiscardOnPostgres() throws Exception {
        // A database of its own, because the other tests expect no dead letters in theirs.
        try (java.sql.Connection connection = postgres.getPostgresDatabase().getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE dead_letters");
        }
        Map<String, String> runtime = Map.of("sync.datasource.url", postgres.getJdbcUrl("postgres", "dead_letters"),
                "sync.datasource.user", "postgres", "sync.datasource.password", "postgres",
                "sync.token-encryption-key", TOKEN_KEY);
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(), runtime)) {
            harness.sandbox().injectFault("POST", "/contacts/", 422, "{\"statusCode\":422,\"message\":"
                    + "[\"phone must be a valid phone number\"]}", 2);
            java.time.Instant before = java.time.Instant.now();
            harness.post(Events.created("evt-pg-dl-1", "pgd1", "Tara Sen", "tara@example.com", "+919830040001"));
            harness.post(Events.created("evt-pg-dl-2", "pgd2", "Uma Roy", "uma@example.com", "+919830040002"));
            harness.awaitIdle();
            DeadLetterService deadLetters = harness.components().deadLetters();
            DeadLetterFilter rejected = new DeadLetterFilter(harness.sandbox().config().locationId(),
                    "client.created", 422, false, before, null, 10, false);

            List<DeadLetterEntry> listed = deadLetters.list(rejected).entries();
            long first = idOf(listed, "evt-pg-dl-1");
            long second = idOf(listed, "evt-pg-dl-2");
            deadLetters.replay(first);
            deadLetters.discard(second);
            harness.awaitIdle();

            assertThat(listed).hasSize(2);
            assertThat(harness.components().inbox().statusOf("evt-pg-dl-1")).containsExactly("DONE", "created");
            assertThat(deadLetters.show(first).letter().state()).isEqualTo("replayed");
            assertThat(deadLetters.list(rejected).entries()).extracting(entry -> entry.letter().id())
                    .containsExactly(first);
            assertThat(deadLetters.list(new DeadLetterFilter(null, null, null, true, before, null, 10, true))
                    .entries()).isEmpty();
            assertThat(harness.components().inbox().statusOf("evt-pg-dl-2")).containsExactly("DEAD",
                    "dead_lettered");
        }
    }

    private static long idOf(List<DeadLetterEntry> entries, String eventId) {
        return entries.stream().filter(entry -> entry.letter().eventId().equals(eventId)).findFirst().orElseThrow()
                .letter().id();
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
                "sync.jobs.retry-sweep.cron", "0 0 0 1 1 ? 2099", "sync.token-encryption-key", TOKEN_KEY));
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
