package org.privyrghlsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads and writes the {@code sync_node} and {@code partition_lease} tables, through which the runtimes that share a
 * PostgreSQL database divide the partitions of the events among themselves. Expiry times are computed with the
 * database's clock ({@code now()}), so the runtimes' own clocks need not agree.
 *
 * <p>The statements are PostgreSQL's. The embedded H2 store is opened by one process, which holds every partition
 * without leases.
 */
public final class PartitionLeaseStore {

    private static final String LEASE_END = "now() + ? * INTERVAL '1 millisecond'";
    private static final String REQUIRE_HELD = "SELECT 1 FROM partition_lease WHERE partition_id = ? AND node_id = ?"
            + " AND epoch = ? FOR KEY SHARE";

    /** Result of one heartbeat: the partitions this node holds, with their epochs, and the live nodes. */
    public record Heartbeat(Map<Integer, Long> held, int liveNodes) {
    }

    private final DataSource dataSource;

    public PartitionLeaseStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts the rows of partitions 0 to {@code partitions - 1} that are missing. */
    public void start(String node, int partitions) {
        Transactions.run(dataSource, "Preparing the partition leases of node " + node, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO partition_lease (partition_id)"
                    + " SELECT p FROM generate_series(0, ?) AS p ON CONFLICT (partition_id) DO NOTHING")) {
                insert.setInt(1, partitions - 1);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Renews the registration of the node id for the process {@code instance} and every lease the node has until
     * {@code leaseMillis} from now, in one transaction. Returns the partitions the node has and the number of nodes
     * whose registration has not expired. A process takes over a registration of another process only once it has
     * expired, and then frees the leases of that process first, so that its own claims raise their epochs.
     *
     * @throws NodeIdInUseException when another process renewed the registration and it has not expired, with the
     *     number of live nodes
     */
    public Heartbeat heartbeat(String node, String instance, long leaseMillis) {
        return Transactions.run(dataSource, "Renewing the partition leases of node " + node, connection -> {
            register(connection, node, instance, leaseMillis);
            Map<Integer, Long> held;
            try (PreparedStatement renew = connection.prepareStatement("UPDATE partition_lease SET expires_at = "
                    + LEASE_END + " WHERE node_id = ? RETURNING partition_id, epoch")) {
                renew.setLong(1, leaseMillis);
                renew.setString(2, node);
                held = partitionEpochs(renew);
            }
            return new Heartbeat(held, liveNodes(connection));
        });
    }

    /**
     * Takes up to {@code max} partitions that no node holds or whose lease expired, each with its epoch raised by one,
     * and returns them with their new epochs. Rows that another transaction has locked, such as a record that checks
     * the old lease, are left for a later heartbeat.
     */
    public Map<Integer, Long> claim(String node, int max, long leaseMillis) {
        if (max < 1) {
            return Map.of();
        }
        String free = "(node_id IS NULL OR expires_at IS NULL OR expires_at <= now())";
        String sql = "UPDATE partition_lease SET node_id = ?, epoch = epoch + 1, expires_at = " + LEASE_END
                + " WHERE " + free + " AND partition_id IN (SELECT partition_id FROM partition_lease WHERE " + free
                + " ORDER BY partition_id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING partition_id, epoch";
        return Transactions.run(dataSource, "Taking partitions for node " + node, connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, node);
                update.setLong(2, leaseMillis);
                update.setInt(3, max);
                return partitionEpochs(update);
            }
        });
    }

    /** Frees a partition that the node holds with {@code epoch}, so that another node can take it at once. */
    public void release(String node, int partition, long epoch) {
        Transactions.run(dataSource, "Releasing partition " + partition + " of node " + node, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE partition_lease SET node_id = NULL,"
                    + " expires_at = NULL WHERE partition_id IN (SELECT partition_id FROM partition_lease"
                    + " WHERE partition_id = ? AND node_id = ? AND epoch = ? FOR UPDATE)")) {
                update.setInt(1, partition);
                update.setString(2, node);
                update.setLong(3, epoch);
                update.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Frees every partition of the node and removes its registration, as a node that stops does. Does nothing when
     * another process has registered the node id since, because the leases are then that process's.
     */
    public void releaseAll(String node, String instance) {
        Transactions.run(dataSource, "Releasing the partitions of node " + node, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM sync_node WHERE node_id = ? AND instance_id = ?")) {
                delete.setString(1, node);
                delete.setString(2, instance);
                if (delete.executeUpdate() == 1) {
                    freeAll(connection, node);
                }
            }
            return null;
        });
    }

    /**
     * Registers {@code instance} under the node id, or extends its registration. A new registration frees the leases
     * that the store still records for the node id, such as those of an earlier process that was killed.
     */
    private static void register(Connection connection, String node, String instance, long leaseMillis)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sync_node (node_id, instance_id,"
                + " expires_at) VALUES (?, ?, " + LEASE_END + ") ON CONFLICT (node_id) DO NOTHING")) {
            insert.setString(1, node);
            insert.setString(2, instance);
            insert.setLong(3, leaseMillis);
            if (insert.executeUpdate() == 1) {
                freeAll(connection, node);
                return;
            }
        }
        String registered;
        boolean live;
        try (PreparedStatement select = connection.prepareStatement("SELECT instance_id, expires_at > now()"
                + " FROM sync_node WHERE node_id = ? FOR UPDATE")) {
            select.setString(1, node);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new StoreException("The registration of node " + node + " was removed while it was"
                            + " renewed; the next heartbeat registers it again", null);
                }
                registered = rows.getString(1);
                live = rows.getBoolean(2);
            }
        }
        boolean own = instance.equals(registered);
        if (!own && live) {
            throw new NodeIdInUseException(node, leaseMillis, liveNodes(connection));
        }
        if (!own) {
            freeAll(connection, node);
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE sync_node SET instance_id = ?,"
                + " expires_at = " + LEASE_END + " WHERE node_id = ?")) {
            update.setString(1, instance);
            update.setLong(2, leaseMillis);
            update.setString(3, node);
            update.executeUpdate();
        }
    }

    /** Removes the registrations of nodes that expired more than a day ago, such as earlier processes' ids. */
    public int removeExpiredNodes() {
        return Transactions.run(dataSource, "Removing expired node registrations", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM sync_node WHERE expires_at < now() - INTERVAL '1 day'")) {
                return delete.executeUpdate();
            }
        });
    }

    /**
     * Fails the caller's transaction unless the claim's node still holds its partition with the claim's epoch. The
     * row stays locked with {@code FOR KEY SHARE} until that transaction ends. Every statement that changes a row's
     * node or epoch first locks the row {@code FOR UPDATE}, which conflicts with that lock, so no other node can take
     * the partition over before the caller's writes commit or roll back. The heartbeat's renewal changes only
     * {@code expires_at}, which takes a {@code FOR NO KEY UPDATE} lock that does not conflict. A group commit checks
     * the rows of its batch in any order, so with {@code FOR SHARE} a renewal that locks them in another order could
     * deadlock with it. An {@link LeaseClaim#UNCHECKED} claim is not checked.
     *
     * @throws LeaseLostException when the lease row names another node or epoch
     */
    public static void requireHeld(Connection connection, LeaseClaim claim) throws SQLException {
        if (!claim.checked()) {
            return;
        }
        try (PreparedStatement select = connection.prepareStatement(REQUIRE_HELD)) {
            select.setInt(1, claim.partition());
            select.setString(2, claim.node());
            select.setLong(3, claim.epoch());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new LeaseLostException(claim);
                }
            }
        }
    }

    /** Returns the number of nodes whose registration has not expired. */
    private static int liveNodes(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT COUNT(*) FROM sync_node WHERE expires_at > now()");
                ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void freeAll(Connection connection, String node) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE partition_lease SET node_id = NULL,"
                + " expires_at = NULL WHERE partition_id IN (SELECT partition_id FROM partition_lease"
                + " WHERE node_id = ? ORDER BY partition_id FOR UPDATE)")) {
            update.setString(1, node);
            update.executeUpdate();
        }
    }

    private static Map<Integer, Long> partitionEpochs(PreparedStatement statement) throws SQLException {
        Map<Integer, Long> epochs = new HashMap<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                epochs.put(rows.getInt(1), rows.getLong(2));
            }
        }
        return epochs;
    }
}
