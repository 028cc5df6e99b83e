package org.privyrghlsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration 10 keeps event payloads and last-pushed values as UTF-8 bytes. A store written before it must read back
 * the same text afterwards, on H2 and on PostgreSQL, and text written after it must read back unchanged too.
 */
class BinaryTextMigrationTest {

    /** Rupee sign (3 bytes in UTF-8), an emoji (4 bytes, a surrogate pair in Java) and Devanagari. */
    private static final String PAYLOAD = "{\"data\":{\"client\":{\"name\":\"Anika Bose\",\"other_fields\":"
            + "{\"Budget\":\"₹1.5 crore\",\"Note\":\"call after 6 pm 📞 नमस्ते\"}}}}";
    private static final String LAST_PUSHED = "{\"firstName\":\"Anika\",\"customFields\":{\"budget\":\"₹1.5 crore\"}}";
    private static final String ITEM_PUSHED = "{\"title\":\"Site visit 📞\",\"body\":\"₹ token amount\"}";

    @TempDir
    Path dataDir;

    @Test
    void h2MigrationKeepsText() throws Exception {
        String url = Database.embeddedUrl(dataDir);
        writeVersion9Store(url, "", "");

        try (Database database = Database.open(url, "", "", dataDir, 2)) {
            assertTextReadsBack(database);
            assertThat(columnValues(database, "SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE"
                    + " (TABLE_NAME, COLUMN_NAME) IN (('INBOX_EVENT', 'PAYLOAD'), ('CONTACT_LINK', 'LAST_PUSHED'),"
                    + " ('ITEM_LINK', 'LAST_PUSHED'))")).containsOnly("BINARY VARYING").hasSize(3);
            assertThat(columnValues(database, "SELECT CAST(IDENTITY_CACHE AS VARCHAR) FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'INBOX_EVENT' AND COLUMN_NAME = 'ID'")).containsExactly("1000");
        }
    }

    @Test
    void h2IdsNotReusedAfterCrash() throws Exception {
        long lastBefore;
        try (Database database = Database.open("", "", "", dataDir, 2)) {
            InboxStore inbox = new InboxStore(database.dataSource());
            lastBefore = inbox.insertNew(List.of(entry("evt-1", "client-1", PAYLOAD), entry("evt-2", "client-2",
                    PAYLOAD))).get(1).id();
            try (Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN IMMEDIATELY");
            } catch (SQLException closedWhileAnswering) {
                // H2 closes the database, this connection included, before the statement returns.
                assertThat(closedWhileAnswering.getMessage()).contains("Database is already closed");
            }
        }

        try (Database database = Database.open("", "", "", dataDir, 2)) {
            long next = new InboxStore(database.dataSource()).insertNew(List.of(entry("evt-3", "client-3", PAYLOAD)))
                    .get(0).id();

            assertThat(next).isGreaterThan(lastBefore).isLessThanOrEqualTo(lastBefore + 1000);
        }
    }

    @Test
    void postgresMigrationKeepsText() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            writeVersion9Store(url, "postgres", "postgres");

            try (Database database = Database.open(url, "postgres", "postgres", dataDir, 2)) {
                assertTextReadsBack(database);
                assertThat(columnValues(database, "SELECT data_type FROM information_schema.columns WHERE"
                        + " (table_name, column_name) IN (('inbox_event', 'payload'), ('contact_link', 'last_pushed'),"
                        + " ('item_link', 'last_pushed'))")).containsOnly("bytea").hasSize(3);
            }
        }
    }

    @Test
    void otherDatabaseUrlRejected() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://127.0.0.1:1/sync", "", "", dataDir, 2))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("jdbc:mysql://127.0.0.1:1/sync")
                .hasMessageContaining("Unsupported store URL")
                .hasMessageContaining("H2 (jdbc:h2:) or PostgreSQL (jdbc:postgresql:)")
                .hasMessageContaining("Set DATABASE_URL");
    }

    @Test
    void rejectedUrlHidesPassword() {
        assertThatThrownBy(() -> Database.open("postgres://sync:s3cret@127.0.0.1:1/sync", "", "", dataDir, 2))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("postgres://127.0.0.1:1/sync")
                .hasMessageNotContaining("s3cret");
    }

    /** Migrates a new store up to version 9 and writes rows in that version's layout. */
    private static void writeVersion9Store(String url, String user, String password) throws SQLException {
        Flyway.configure().dataSource(url, user, password).locations(Database.migrationLocations(url)).target("9")
                .load().migrate();
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            insertVersion9Rows(connection);
        }
    }

    /** Writes one row of each table in the version 9 layout, where the three columns are text. */
    private static void insertVersion9Rows(Connection connection) throws SQLException {
        Instant at = Instant.parse("2026-03-14T10:00:00Z");
        try (PreparedStatement inbox = connection.prepareStatement("INSERT INTO inbox_event (event_id, event_type,"
                + " account_id, location_id, client_id, occurred_at, received_at, payload, status, attempts)"
                + " VALUES ('evt-old', 'client.created', 'acc-1', 'loc-1', 'client-1', ?, ?, ?, 'PENDING', 0)");
                PreparedStatement link = connection.prepareStatement("INSERT INTO contact_link (location_id,"
                        + " client_id, contact_id, last_pushed, last_occurred_at, last_event_id, created_at,"
                        + " updated_at) VALUES ('loc-1', 'client-1', 'contact-1', ?, ?, 'evt-old', ?, ?)");
                PreparedStatement item = connection.prepareStatement("INSERT INTO item_link (location_id, kind,"
                        + " item_id, client_id, contact_id, ghl_id, deleted, last_pushed, last_occurred_at,"
                        + " last_event_id, created_at, updated_at) VALUES ('loc-1', 'task', 'task-1', 'client-1',"
                        + " 'contact-1', 'ghl-task-1', FALSE, ?, ?, 'evt-old', ?, ?)")) {
            Timestamp time = Timestamp.from(at);
            inbox.setTimestamp(1, time);
            inbox.setTimestamp(2, time);
            inbox.setString(3, PAYLOAD);
            inbox.executeUpdate();
            link.setString(1, LAST_PUSHED);
            link.setTimestamp(2, time);
            link.setTimestamp(3, time);
            link.setTimestamp(4, time);
            link.executeUpdate();
            item.setString(1, ITEM_PUSHED);
            item.setTimestamp(2, time);
            item.setTimestamp(3, time);
            item.setTimestamp(4, time);
            item.executeUpdate();
        }
    }

    /** Reads the migrated rows through the product's store, then writes and reads new ones. */
    private static void assertTextReadsBack(Database database) {
        InboxStore inbox = new InboxStore(database.dataSource());
        try (SyncLedger ledger = new SyncLedger(database.dataSource())) {
            assertThat(inbox.pendingAfter(0, 10, Instant.now(), Set.of())).singleElement()
                    .extracting(InboxEntry::payload).isEqualTo(PAYLOAD);
            assertThat(ledger.findLink("loc-1", "client-1").orElseThrow().lastPushedJson()).isEqualTo(LAST_PUSHED);
            assertThat(ledger.findItem("loc-1", "task", "task-1").orElseThrow().lastPushedJson())
                    .isEqualTo(ITEM_PUSHED);

            String newPayload = PAYLOAD.replace("Anika", "Ānika");
            InboxEntry stored = inbox.insertNew(List.of(entry("evt-new", "client-2", newPayload))).get(0);
            ContactLink link = ledger.findLink("loc-1", "client-1").orElseThrow();
            assertThat(ledger.replaceContact(link, "contact-2", LAST_PUSHED.replace("1.5", "2"))).isTrue();
            ledger.saveItemNow(new ItemLink("loc-1", "note", "note-1", "client-1", "contact-2", "ghl-note-1", false,
                    ITEM_PUSHED.replace("Site", "साइट"), Instant.now(), "evt-new"));
            ledger.recordDeadLetter(stored, DeadLetter.of(stored, "GHL rejected the contact", 422, "invalid phone",
                    "{}", 1));

            assertThat(inbox.findByEventId("evt-new").orElseThrow().payload()).isEqualTo(newPayload);
            assertThat(ledger.findLink("loc-1", "client-1").orElseThrow().lastPushedJson())
                    .isEqualTo(LAST_PUSHED.replace("1.5", "2"));
            assertThat(ledger.findItem("loc-1", "note", "note-1").orElseThrow().lastPushedJson())
                    .isEqualTo(ITEM_PUSHED.replace("Site", "साइट"));
            DeadLetterStore deadLetters = new DeadLetterStore(database.dataSource());
            long letterId = deadLetters.all().get(0).id();
            assertThat(deadLetters.find(letterId).orElseThrow().payload()).isEqualTo(newPayload);
        }
    }

    /** Returns the first column of every row that {@code sql} selects. */
    static List<String> columnValues(Database database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static InboxEntry entry(String eventId, String clientId, String payload) {
        Instant now = Instant.now();
        return new InboxEntry(0, eventId, "client.created", "acc-1", "loc-1", clientId, now, now, payload, 0);
    }
}
