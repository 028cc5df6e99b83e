package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.store.Database;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.InboxStatus;
import org.privyrghlsync.store.InboxStore;
import org.privyrghlsync.store.LeaseClaim;

/**
 * The sweep of a runtime with partition leases, on PostgreSQL, reads only the pending events of the partitions it
 * holds, however large the backlog of the other partitions.
 */
class LeasedSweepTest {

    private static final String LOCATION = "loc-1";
    /** The runtime in this test holds the lower half of the partitions. */
    private static final int HELD_BELOW = PartitionOwnership.PARTITIONS / 2;

    @TempDir
    Path dataDir;

    @Test
    void sweepReadsOnlyHeldPartitions() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Database database = Database.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
                        "postgres", dataDir, 4)) {
            InboxStore inbox = new InboxStore(database.dataSource());
            List<InboxEntry> backlog = entries(600, false);
            List<InboxEntry> own = entries(6, true);
            // The other partitions' backlog comes first in id order, so a sweep that read by id would read it all.
            inbox.insertNew(backlog);
            List<Long> ownIds = inbox.insertNew(own).stream().map(InboxEntry::id).toList();

            Set<Long> applied = ConcurrentHashMap.newKeySet();
            InboxDispatcher.Handler handler = work -> {
                markDone(database.dataSource(), work.entry().id());
                applied.add(work.entry().id());
                return CompletableFuture.completedFuture(null);
            };
            InboxDispatcher dispatcher = new InboxDispatcher(inbox, handler, InboxDispatcher.Gate.OPEN,
                    new LowerHalf(), 2, 1000);
            dispatcher.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> applied.size() == ownIds.size());
                dispatcher.sweepDue();

                assertThat(applied).containsExactlyInAnyOrderElementsOf(ownIds);
                assertThat(dispatcher.pendingIdsRead()).as("pending ids that the sweeps read")
                        .isEqualTo(ownIds.size());
                assertThat(inbox.countByStatus().get(InboxStatus.PENDING)).as("events left for other runtimes")
                        .isEqualTo(backlog.size());
            } finally {
                dispatcher.stop(5000);
            }
        }
    }

    /** Returns {@code count} events of distinct clients, in the held partitions or in the others. */
    private static List<InboxEntry> entries(int count, boolean held) {
        List<InboxEntry> entries = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; entries.size() < count; i++) {
            String client = (held ? "own-" : "other-") + i;
            int partition = PartitionOwnership.partitionOf(InboxEntry.orderingKey(LOCATION, client));
            if ((partition < HELD_BELOW) == held) {
                entries.add(new InboxEntry(0, "evt-" + client, "client.created", "acc-1", LOCATION, client, now, now,
                        "{}", 0));
            }
        }
        return entries;
    }

    private static void markDone(DataSource dataSource, long id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE inbox_state SET status = 'DONE' WHERE id = ?")) {
            update.setLong(1, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Marking inbox event " + id + " done failed", e);
        }
    }

    /** Holds the partitions below {@link #HELD_BELOW}, as a runtime that shares the database with another. */
    private static final class LowerHalf implements PartitionOwnership {

        @Override
        public boolean ownsAll() {
            return false;
        }

        @Override
        public boolean owns(int partition) {
            return partition < HELD_BELOW;
        }

        @Override
        public LeaseClaim claim(int partition) {
            return owns(partition) ? new LeaseClaim(partition, "node-test", 1) : null;
        }

        @Override
        public int heldCount() {
            return HELD_BELOW;
        }

        @Override
        public void addListener(Listener listener) {
        }
    }
}
