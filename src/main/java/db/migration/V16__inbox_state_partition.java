package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.privyrghlsync.store.EventPartitions;
import org.privyrghlsync.store.InboxEntry;

/**
 * Adds {@code inbox_state.partition_id}, the partition of each event's location and client, so that a runtime that
 * holds some partitions reads only their pending and waiting events. A Java migration, on H2 and PostgreSQL, because
 * the partition comes from Java's {@link String#hashCode}, which SQL cannot compute. It fills the column of the
 * existing rows in pages of {@value #PAGE} before making it NOT NULL, so that every later insert must give it.
 */
public class V16__inbox_state_partition extends BaseJavaMigration {

    private static final int PAGE = 5000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE inbox_state ADD COLUMN partition_id INTEGER");
        }
        fillPartitions(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE inbox_state ALTER COLUMN partition_id SET NOT NULL");
            if ("PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                // Only PostgreSQL stores run with partition leases. The index holds only pending and waiting events,
                // so a runtime reads its partitions' events in id order without the events of other partitions or
                // the done ones. H2 gets no index, because each one costs the embedded store a page write on every
                // change of an event's status.
                statement.execute("CREATE INDEX ix_inbox_state_partition ON inbox_state (status, partition_id, id)"
                        + " WHERE status IN ('PENDING', 'WAITING')");
            }
        }
    }

    /** Sets the partition of every existing event, a page of ids at a time. */
    private static void fillPartitions(Connection connection) throws SQLException {
        String select = "SELECT s.id, e.location_id, e.client_id FROM inbox_state s JOIN inbox_event e ON e.id = s.id"
                + " WHERE s.id > ? ORDER BY s.id";
        try (PreparedStatement read = connection.prepareStatement(select);
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE inbox_state SET partition_id = ? WHERE id = ?")) {
            read.setMaxRows(PAGE);
            long afterId = 0;
            int rows;
            do {
                read.setLong(1, afterId);
                rows = 0;
                try (ResultSet page = read.executeQuery()) {
                    while (page.next()) {
                        afterId = page.getLong(1);
                        update.setInt(1, EventPartitions.partitionOf(InboxEntry.orderingKey(page.getString(2),
                                page.getString(3))));
                        update.setLong(2, afterId);
                        update.addBatch();
                        rows++;
                    }
                }
                if (rows > 0) {
                    update.executeBatch();
                }
            } while (rows == PAGE);
        }
    }
}
