package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.store.Database;
import org.privyrghlsync.store.LeaseClaim;
import org.privyrghlsync.store.PartitionLeaseStore;
import org.privyrghlsync.store.PendingEventChannel;
import org.privyrghlsync.testing.PostgresDatabases;

/**
 * Partition leases on PostgreSQL without full runtimes: two processes that were given the same node id, and the row
 * locks of a record's lease check against those of the heartbeat.
 */
class PartitionLeaseStoreTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void sameNodeIdNotAppliedTwice() throws Exception {
        try (Database database = newDatabase();
                PartitionLeases first = leases(database, "node-x");
                PartitionLeases second = leases(database, "node-x")) {
            first.start();
            assertThat(first.heldCount()).isEqualTo(PartitionOwnership.PARTITIONS);

            // A second live process that was given the same node id by mistake.
            second.start();
            first.heartbeat();
            second.heartbeat();

            int both = 0;
            for (int partition = 0; partition < PartitionOwnership.PARTITIONS; partition++) {
                if (first.owns(partition) && second.owns(partition)) {
                    both++;
                }
            }
            assertThat(both).as("partitions that both processes apply").isZero();
            assertThat(first.heldCount()).as("partitions of the process that started first")
                    .isEqualTo(PartitionOwnership.PARTITIONS);
            assertThat(second.renewalFailure()).as("renewal failure of the second process")
                    .contains("node-x");
            assertThat(second.nodeIdInUse()).as("second process rejected for its node id").isTrue();
            assertThat(second.liveNodes()).as("live nodes that the second process reports").isEqualTo(1);
            assertThat(first.nodeIdInUse()).as("first process rejected for its node id").isFalse();
        }
    }

    @Test
    void sameNodeIdAfterExpiryTakesOver() throws Exception {
        try (Database database = newDatabase();
                PartitionLeases first = leases(database, "node-x");
                PartitionLeases second = leases(database, "node-x")) {
            first.start();
            // The first process stops renewing without releasing, as a killed one does.
            execute(database, "UPDATE sync_node SET expires_at = now() - INTERVAL '1 second'");
            execute(database, "UPDATE partition_lease SET expires_at = now() - INTERVAL '1 second'");

            second.start();

            assertThat(second.heldCount()).isEqualTo(PartitionOwnership.PARTITIONS);
            assertThat(second.renewalFailure()).isNull();
            assertThat(second.nodeIdInUse()).isFalse();
            for (int partition = 0; partition < PartitionOwnership.PARTITIONS; partition++) {
                LeaseClaim before = first.claim(partition);
                LeaseClaim after = second.claim(partition);
                assertThat(after.epoch()).as("epoch of partition %d", partition).isGreaterThan(before.epoch());
            }
        }
    }

    @Test
    void closeEndsListenerWait() throws Exception {
        try (Database database = newDatabase()) {
            PartitionLeases leases = leases(database, "node-x");
            leases.start();
            // The listener waits for notifications for up to a heartbeat, one minute here.
            await().atMost(Duration.ofSeconds(10)).until(() -> listeners(database) == 1);

            long started = System.nanoTime();
            leases.close();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to close")
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void closedListenerLeavesPooledSessionUnsubscribed() throws Exception {
        try (Database database = newDatabase()) {
            PendingEventChannel channel = new PendingEventChannel(database.dataSource());
            channel.listen().close();

            // HikariCP hands a thread the connection it returned last, so this is the listener's session.
            try (Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pg_listening_channels()")) {
                rows.next();
                assertThat(rows.getInt(1)).as("channels the pooled session listens to").isZero();
            }
        }
    }

    @Test
    void heartbeatNotDeadlockedByRecord() throws Exception {
        try (Database database = newDatabase()) {
            PartitionLeaseStore store = new PartitionLeaseStore(database.dataSource());
            store.start("node-x", PartitionOwnership.PARTITIONS);
            store.heartbeat("node-x", "instance-1", 60_000);
            Map<Integer, Long> epochs = store.claim("node-x", PartitionOwnership.PARTITIONS, 60_000);
            assertThat(epochs).hasSize(PartitionOwnership.PARTITIONS);

            try (Connection record = database.dataSource().getConnection()) {
                record.setAutoCommit(false);
                // A group commit checks the lease of each record of its batch in the batch's order, which is not
                // the order in which the heartbeat renews the rows.
                PartitionLeaseStore.requireHeld(record, new LeaseClaim(63, "node-x", epochs.get(63)));
                CompletableFuture<PartitionLeaseStore.Heartbeat> beat = CompletableFuture.supplyAsync(
                        () -> store.heartbeat("node-x", "instance-1", 60_000));
                await().atMost(Duration.ofSeconds(10)).until(() -> beat.isDone() || waitsForLock(database));
                PartitionLeaseStore.requireHeld(record, new LeaseClaim(0, "node-x", epochs.get(0)));
                assertThat(beat.get().held()).hasSize(PartitionOwnership.PARTITIONS);

                // The renewed rows keep the record's lock, so another node cannot take them before it commits.
                execute(database, "UPDATE partition_lease SET expires_at = now() - INTERVAL '1 second'");
                Map<Integer, Long> takenByOther = store.claim("node-y", PartitionOwnership.PARTITIONS, 60_000);
                record.commit();

                assertThat(takenByOther).hasSize(PartitionOwnership.PARTITIONS - 2);
                assertThat(takenByOther).doesNotContainKeys(0, 63);
            }
        }
    }

    private Database newDatabase() throws SQLException {
        String url = PostgresDatabases.create(postgres, "lease_store_" + DATABASES.incrementAndGet());
        return Database.open(url, "postgres", "postgres", dataDir, 6);
    }

    private static PartitionLeases leases(Database database, String node) {
        return new PartitionLeases(new PartitionLeaseStore(database.dataSource()),
                new PendingEventChannel(database.dataSource()), node, Duration.ofMinutes(1), Duration.ofMinutes(5));
    }

    /** Returns the number of sessions that listen to the pending-event channel. */
    private static int listeners(Database database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity"
                        + " WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void execute(Database database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    /** Returns whether a session of the database waits for a row lock. */
    private static boolean waitsForLock(Database database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1) > 0;
        }
    }
}
