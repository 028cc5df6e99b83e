package org.privyrghlsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations 11 and 12 move each event's state from {@code inbox_event} to {@code inbox_state}. A store written
 * before them must keep every event's status, outcome, attempts, next attempt, time processed and detail, on H2 and
 * on PostgreSQL. Migration 16 then gives each event its partition.
 */
class InboxStateMigrationTest {

    private static final Instant RECEIVED = Instant.parse("2026-03-14T10:00:00Z");
    private static final Instant NEXT_ATTEMPT = Instant.parse("2026-03-14T10:05:00Z");
    private static final Instant PROCESSED = Instant.parse("2026-03-14T10:00:02Z");

    @TempDir
    Path dataDir;

    @Test
    void h2MigrationKeepsState() throws Exception {
        String url = Database.embeddedUrl(dataDir);
        writeVersion10Store(url, "", "");

        try (Database database = Database.open(url, "", "", dataDir, 2)) {
            assertStateReadsBack(database);
            assertThat(BinaryTextMigrationTest.columnValues(database, "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'INBOX_EVENT' ORDER BY ORDINAL_POSITION")).containsExactly("ID",
                    "EVENT_ID", "EVENT_TYPE", "ACCOUNT_ID", "LOCATION_ID", "CLIENT_ID", "OCCURRED_AT",
                    "RECEIVED_AT", "PAYLOAD");
        }
    }

    @Test
    void postgresMigrationKeepsState() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            writeVersion10Store(url, "postgres", "postgres");

            try (Database database = Database.open(url, "postgres", "postgres", dataDir, 2)) {
                assertStateReadsBack(database);
                assertThat(BinaryTextMigrationTest.columnValues(database, "SELECT column_name FROM information_schema.columns"
                        + " WHERE table_name = 'inbox_event' ORDER BY ordinal_position")).containsExactly("id",
                        "event_id", "event_type", "account_id", "location_id", "client_id", "occurred_at",
                        "received_at", "payload");
            }
        }
    }

    /** Migrates a new store up to version 10 and writes pending, done and waiting events in that version's layout. */
    private static void writeVersion10Store(String url, String user, String password) throws SQLException {
        Flyway.configure().dataSource(url, user, password).locations(Database.migrationLocations(url)).target("10")
                .load().migrate();
        String sql = "INSERT INTO inbox_event (event_id, event_type, account_id, location_id, client_id, occurred_at,"
                + " received_at, payload, status, outcome, attempts, next_attempt_at, processed_at, detail)"
                + " VALUES (?, 'client.created', 'acc-1', 'loc-1', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = DriverManager.getConnection(url, user, password);
                PreparedStatement insert = connection.prepareStatement(sql)) {
            insertEvent(insert, "evt-retry", "client-1", "PENDING", null, 2, NEXT_ATTEMPT, null,
                    "GHL returned 503 for POST /contacts/");
            insertEvent(insert, "evt-done", "client-2", "DONE", "created", 1, null, PROCESSED,
                    "created contact ghl-2");
            insertEvent(insert, "evt-waiting", "client-3", "WAITING", null, 0, null, null,
                    "client-3 has no GHL contact yet");
            insertEvent(insert, "evt-new", "client-4", "PENDING", null, 0, null, null, null);
        }
    }

    private static void insertEvent(PreparedStatement insert, String eventId, String clientId, String status,
            String outcome, int attempts, Instant nextAttempt, Instant processed, String detail) throws SQLException {
        insert.setString(1, eventId);
        insert.setString(2, clientId);
        insert.setTimestamp(3, Timestamp.from(RECEIVED));
        insert.setTimestamp(4, Timestamp.from(RECEIVED));
        insert.setBytes(5, "{}".getBytes(StandardCharsets.UTF_8));
        insert.setString(6, status);
        insert.setString(7, outcome);
        insert.setInt(8, attempts);
        insert.setTimestamp(9, nextAttempt == null ? null : Timestamp.from(nextAttempt));
        insert.setTimestamp(10, processed == null ? null : Timestamp.from(processed));
        insert.setString(11, detail);
        insert.executeUpdate();
    }

    /** Reads the migrated states through the product's store, and checks that a new event gets a state row. */
    private static void assertStateReadsBack(Database database) throws SQLException {
        InboxStore inbox = new InboxStore(database.dataSource());

        assertThat(inbox.countByStatus()).containsEntry(InboxStatus.PENDING, 2L)
                .containsEntry(InboxStatus.DONE, 1L).containsEntry(InboxStatus.WAITING, 1L)
                .containsEntry(InboxStatus.DEAD, 0L);
        assertThat(inbox.statusOf("evt-done")).containsExactly("DONE", "created");
        assertThat(inbox.attemptsOf("evt-retry")).isEqualTo(2);
        assertThat(inbox.clientsWithScheduledRetries()).containsOnlyKeys("loc-1\u0000client-1");
        assertThat(inbox.pendingAfter(0, 10, NEXT_ATTEMPT.minusSeconds(1), Set.of()))
                .extracting(InboxEntry::eventId).containsExactly("evt-new");
        assertThat(inbox.pendingAfter(0, 10, NEXT_ATTEMPT, Set.of()))
                .extracting(InboxEntry::eventId).containsExactly("evt-retry", "evt-new");
        assertThat(inbox.waitingFor("loc-1", "client-3")).extracting(InboxEntry::eventId)
                .containsExactly("evt-waiting");
        assertThat(stateOf(database, "evt-retry")).containsExactly("PENDING", null, "2",
                NEXT_ATTEMPT.toString(), null, "GHL returned 503 for POST /contacts/");
        assertThat(stateOf(database, "evt-done")).containsExactly("DONE", "created", "1", null,
                PROCESSED.toString(), "created contact ghl-2");

        Instant now = Instant.now();
        InboxEntry stored = inbox.insertNew(List.of(new InboxEntry(0, "evt-later", "client.created", "acc-1",
                "loc-1", "client-5", now, now, "{}", 0))).get(0);
        assertThat(inbox.isPending(stored.id())).isTrue();
        assertThat(inbox.countByStatus()).containsEntry(InboxStatus.PENDING, 3L);

        // Migration 16 computes each existing event's partition in Java; the store sets it for new events.
        for (int client = 1; client <= 5; client++) {
            String eventId = List.of("evt-retry", "evt-done", "evt-waiting", "evt-new", "evt-later").get(client - 1);
            assertThat(partitionOf(database, eventId)).as("partition_id of %s", eventId)
                    .isEqualTo(EventPartitions.partitionOf(InboxEntry.orderingKey("loc-1", "client-" + client)));
        }
    }

    /** Returns the inbox_state.partition_id of one event. */
    private static int partitionOf(Database database, String eventId) throws SQLException {
        String sql = "SELECT s.partition_id FROM inbox_state s JOIN inbox_event e ON e.id = s.id WHERE e.event_id = ?";
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, eventId);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("inbox_state row of %s", eventId).isTrue();
                return rows.getInt(1);
            }
        }
    }

    /** Returns the inbox_state columns of one event, timestamps as instants. */
    private static List<String> stateOf(Database database, String eventId) throws SQLException {
        String sql = "SELECT s.status, s.outcome, s.attempts, s.next_attempt_at, s.processed_at, s.detail"
                + " FROM inbox_state s JOIN inbox_event e ON e.id = s.id WHERE e.event_id = ?";
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, eventId);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("inbox_state row of %s", eventId).isTrue();
                Timestamp next = rows.getTimestamp(4);
                Timestamp processed = rows.getTimestamp(5);
                List<String> values = new ArrayList<>();
                values.add(rows.getString(1));
                values.add(rows.getString(2));
                values.add(String.valueOf(rows.getInt(3)));
                values.add(next == null ? null : next.toInstant().toString());
                values.add(processed == null ? null : processed.toInstant().toString());
                values.add(rows.getString(6));
                return values;
            }
        }
    }
}
