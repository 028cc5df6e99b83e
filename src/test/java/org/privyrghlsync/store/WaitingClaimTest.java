package org.privyrghlsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A waiting event is made pending again only under the lease that the caller still holds. A runtime whose lease moved
 * on leaves the event waiting for the partition's new holder.
 */
class WaitingClaimTest {

    private static final int PARTITION = 7;

    @TempDir
    Path dataDir;

    @Test
    void movedLeaseLeavesEventWaiting() throws Exception {
        try (Database database = Database.open("", "", "", dataDir, 2)) {
            InboxStore inbox = new InboxStore(database.dataSource());
            long id = waitingEvent(inbox);
            insertLease(database, "node-b", 3);

            boolean claimed = inbox.claimWaiting(id, new LeaseClaim(PARTITION, "node-a", 2));

            assertThat(claimed).as("claimed under node-a's old lease").isFalse();
            assertThat(inbox.waitingFor("loc-1", "client-1")).extracting(InboxEntry::id).containsExactly(id);
            assertThat(inbox.isPending(id)).isFalse();
        }
    }

    @Test
    void heldLeaseMakesEventPending() throws Exception {
        try (Database database = Database.open("", "", "", dataDir, 2)) {
            InboxStore inbox = new InboxStore(database.dataSource());
            long id = waitingEvent(inbox);
            insertLease(database, "node-a", 2);

            boolean claimed = inbox.claimWaiting(id, new LeaseClaim(PARTITION, "node-a", 2));

            assertThat(claimed).isTrue();
            assertThat(inbox.isPending(id)).isTrue();
            assertThat(inbox.waitingFor("loc-1", "client-1")).isEmpty();
        }
    }

    private static long waitingEvent(InboxStore inbox) {
        Instant now = Instant.now();
        List<InboxEntry> stored = inbox.insertNew(List.of(new InboxEntry(0, "evt-1", "note.created", "acc-1", "loc-1",
                "client-1", now, now, "{}", 0)));
        long id = stored.get(0).id();
        inbox.markWaiting(id, "client-1 has no GHL contact yet");
        return id;
    }

    private static void insertLease(Database database, String node, long epoch) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "INSERT INTO partition_lease (partition_id, node_id, epoch) VALUES (?, ?, ?)")) {
            update.setInt(1, PARTITION);
            update.setString(2, node);
            update.setLong(3, epoch);
            update.executeUpdate();
        }
    }
}
