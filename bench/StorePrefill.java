import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.privyrghlsync.mapping.MappedContact;
import org.privyrghlsync.store.Database;

/**
 * Fills an empty embedded H2 store with already-applied client.created events, so that a benchmark can measure the
 * runtime on a store that has history. Each event becomes an {@code inbox_event} row, an {@code inbox_state} row in
 * status DONE and a {@code contact_link} row with realistic last-pushed values, as if the runtime had applied it.
 *
 * <p>Run it with the product jar on the class path, while no runtime uses the store:
 *
 * <pre>java -cp target/privyr-ghl-sync.jar bench/StorePrefill.java --data-dir DIR --events 100000</pre>
 *
 * <p>The schema comes from the product's own Flyway migrations ({@link Database#open}). Rows are generated inside
 * H2 with {@code SYSTEM_RANGE}, in transactions of {@value #CHUNK_ROWS} rows. Client ids start at
 * {@value #CLIENT_ID_BASE}, above the ids that bench/LoadDriver.java generates, so later runs create new contacts.
 */
public final class StorePrefill {

    private static final int CHUNK_ROWS = 20_000;
    private static final long CLIENT_ID_BASE = 1_000_000_000L;
    /** Placeholders in the JSON templates: the client id, and an 8-digit serial for the phone number. */
    private static final String CLIENT_ID = "@CLIENT@";
    private static final String SERIAL = "@SERIAL@";

    public static void main(String[] args) throws Exception {
        Path dataDir = null;
        long events = -1;
        String locationId = "stub-location";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[i + 1]);
                case "--events" -> events = Long.parseLong(args[i + 1]);
                case "--location" -> locationId = args[i + 1];
                default -> fail("Unknown option " + args[i] + ".");
            }
        }
        if (args.length % 2 != 0 || dataDir == null || events < 0) {
            fail("Missing or invalid options.");
        }
        long started = System.nanoTime();
        try (Database database = Database.open(bulkUrl(dataDir), "", "", dataDir, 2);
                Connection connection = database.dataSource().getConnection()) {
            long existing = count(connection, "inbox_event");
            if (existing > 0) {
                fail("The store in " + dataDir + " already has " + existing + " inbox events; prefill an empty"
                        + " data folder.");
            }
            connection.setAutoCommit(false);
            insert(connection, locationId, events);
        }
        // Bulk inserts leave most of the file as superseded chunks. A runtime that applied these events over time
        // would have compacted them in the background, so the file is compacted once to reach a similar size.
        try (Connection connection = DriverManager.getConnection(bulkUrl(dataDir), "", "");
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        }
        System.out.printf("Prefilled %s with %d DONE inbox events and %d contact links in %.1f s%n", dataDir, events,
                events, (System.nanoTime() - started) / 1e9);
    }

    private static void insert(Connection connection, String locationId, long events) throws Exception {
        String inboxSql = """
                INSERT INTO inbox_event (event_id, event_type, account_id, location_id, client_id, occurred_at,
                    received_at, payload)
                SELECT 'prefill-' || (? + X), 'client.created', 'privyr-bench-team', ?, CAST(? + X AS VARCHAR),
                    DATEADD(SECOND, X, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'),
                    DATEADD(SECOND, X, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:01+00'),
                    STRINGTOUTF8(REPLACE(REPLACE(?, '@CLIENT@', CAST(? + X AS VARCHAR)), '@SERIAL@',
                        LPAD(CAST(X AS VARCHAR), 8, '0')))
                FROM SYSTEM_RANGE(?, ?)
                """;
        // The rows that the statement above inserted are those with an id above the highest id of inbox_state. The
        // embedded store reads no partition, so every prefilled event gets partition 0.
        String stateSql = """
                INSERT INTO inbox_state (id, status, outcome, attempts, processed_at, detail, partition_id)
                SELECT id, 'DONE', 'created', 1, DATEADD(SECOND, 1, received_at),
                    'created contact prefill' || LPAD(CAST(CAST(client_id AS BIGINT) - ? AS VARCHAR), 13, '0'), 0
                FROM inbox_event WHERE id > (SELECT COALESCE(MAX(id), 0) FROM inbox_state)
                """;
        String linkSql = """
                INSERT INTO contact_link (location_id, client_id, contact_id, last_pushed, last_occurred_at,
                    last_event_id, created_at, updated_at)
                SELECT ?, CAST(? + X AS VARCHAR), 'prefill' || LPAD(CAST(X AS VARCHAR), 13, '0'),
                    STRINGTOUTF8(REPLACE(REPLACE(?, '@CLIENT@', CAST(? + X AS VARCHAR)), '@SERIAL@',
                        LPAD(CAST(X AS VARCHAR), 8, '0'))),
                    DATEADD(SECOND, X, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'), 'prefill-' || (? + X),
                    DATEADD(SECOND, X, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:02+00'),
                    DATEADD(SECOND, X, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:02+00')
                FROM SYSTEM_RANGE(?, ?)
                """;
        String payload = payloadTemplate();
        String lastPushed = lastPushedTemplate();
        try (PreparedStatement inbox = connection.prepareStatement(inboxSql);
                PreparedStatement states = connection.prepareStatement(stateSql);
                PreparedStatement links = connection.prepareStatement(linkSql)) {
            for (long first = 1; first <= events; first += CHUNK_ROWS) {
                long last = Math.min(events, first + CHUNK_ROWS - 1);
                inbox.setLong(1, CLIENT_ID_BASE);
                inbox.setString(2, locationId);
                inbox.setLong(3, CLIENT_ID_BASE);
                inbox.setString(4, payload);
                inbox.setLong(5, CLIENT_ID_BASE);
                inbox.setLong(6, first);
                inbox.setLong(7, last);
                inbox.executeUpdate();
                states.setLong(1, CLIENT_ID_BASE);
                states.executeUpdate();
                links.setString(1, locationId);
                links.setLong(2, CLIENT_ID_BASE);
                links.setString(3, lastPushed);
                links.setLong(4, CLIENT_ID_BASE);
                links.setLong(5, CLIENT_ID_BASE);
                links.setLong(6, first);
                links.setLong(7, last);
                links.executeUpdate();
                connection.commit();
                if (last % 100_000 == 0 || last == events) {
                    System.out.println("  " + last + " of " + events + " rows");
                }
            }
        }
    }

    /**
     * Returns the JDBC URL of the runtime's embedded store (see Database) without its WRITE_DELAY=0, which would
     * write every intermediate chunk of a bulk insert to the file.
     */
    private static String bulkUrl(Path dataDir) throws Exception {
        java.nio.file.Files.createDirectories(dataDir);
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("privyr-ghl-sync");
    }

    /** Returns a client.created envelope of the size and shape that bench/LoadDriver.java posts. */
    private static String payloadTemplate() {
        return "{\"schema_version\":\"1\",\"event_id\":\"prefill-" + CLIENT_ID + "\","
                + "\"event_type\":\"client.created\",\"occurred_at\":\"2026-01-01T00:00:00Z\","
                + "\"account_id\":\"privyr-bench-team\",\"source\":\"privyr-relay\",\"data\":{\"client\":{"
                + "\"id\":" + CLIENT_ID + ",\"name\":\"Meera Kulkarni\",\"display_name\":\"Meera\","
                + "\"email\":\"meera.kulkarni." + CLIENT_ID + "@example.com\",\"phone\":\"+9197" + SERIAL + "\","
                + "\"source\":\"Website\",\"groups\":[\"Pune\",\"Site Visit\"],"
                + "\"other_fields\":{\"Budget\":\"₹85 lakh\",\"Timeline\":\"Within 3 months\"},"
                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\"}}}";
    }

    /** Returns the last-pushed JSON that the shipped mapping stores for such a client, written by MappedContact. */
    private static String lastPushedTemplate() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("firstName", "Meera");
        fields.put("lastName", "Kulkarni");
        fields.put("email", "meera.kulkarni." + CLIENT_ID + "@example.com");
        fields.put("phone", "+9197" + SERIAL);
        fields.put("source", "Website");
        Map<String, Object> customFields = new LinkedHashMap<>();
        customFields.put("key:contact.budget", "₹85 lakh");
        customFields.put("key:contact.timeline", "Within 3 months");
        customFields.put("key:contact.privyr_client_id", CLIENT_ID);
        return new MappedContact(fields, customFields, List.of("Pune", "Site Visit", "privyr"),
                new LinkedHashSet<>(List.of("key:contact.privyr_raw_phone", "key:contact.privyr_notes")), null)
                .toJson();
    }

    private static long count(Connection connection, String table) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.println("Usage: java -cp target/privyr-ghl-sync.jar bench/StorePrefill.java --data-dir DIR"
                + " --events N [--location ID]");
        System.err.println("  --data-dir DIR   Data folder of the runtime (DATA_DIR); its H2 store is created and"
                + " migrated when missing");
        System.err.println("  --events N       Applied client.created events to insert");
        System.err.println("  --location ID    GHL location id of the rows. Default: stub-location");
        System.exit(64);
    }
}
