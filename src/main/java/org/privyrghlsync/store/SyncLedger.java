package org.privyrghlsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * Reads the id maps and records the result of processing an event: the contact and item links, the last pushed
 * values, the inbox status and any dead letter change together in one transaction. Records of events on different
 * lanes may share that transaction ({@link GroupCommit}). The {@code record} methods return after the commit; the
 * {@code submit} methods return at once with a future of it.
 */
public final class SyncLedger implements AutoCloseable {

    /**
     * Maximum number of works, such as event records and batches of receipts, that share one commit. Lanes and the
     * inbox writer hand in works without waiting for their commits, so many can be queued at once. In the end-to-end
     * figure of bench/run.sh on 2 cores (BENCHMARKS.md), 256 measured 3,478 and 3,627 events/s, and 64 measured 3,262
     * and 3,200.
     */
    public static final int GROUP_COMMIT_BATCH = 256;

    private static final String LINK_COLUMNS = "SELECT location_id, client_id, contact_id, last_pushed,"
            + " last_occurred_at, last_event_id, contact_missing_at FROM contact_link";

    private final DataSource dataSource;
    private final GroupCommit writes;

    public SyncLedger(DataSource dataSource) {
        this(dataSource, new GroupCommit(dataSource, GROUP_COMMIT_BATCH));
    }

    /** Records events through {@code writes}, which {@link #close} closes. */
    public SyncLedger(DataSource dataSource, GroupCommit writes) {
        this.dataSource = dataSource;
        this.writes = writes;
    }

    /** Stops the group commit after writing what is queued; later records commit on their own. */
    @Override
    public void close() {
        writes.close();
    }

    /** Returns once every record submitted before this call has committed or failed. */
    public void flush() {
        writes.flush();
    }

    /** Returns the GHL contact linked to a Privyr client in a location. */
    public Optional<ContactLink> findLink(String locationId, String clientId) {
        String sql = LINK_COLUMNS + " WHERE location_id = ? AND client_id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, locationId);
            select.setString(2, clientId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(readLink(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("Reading the contact link of client " + clientId + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Returns up to {@code limit} contact links that come after ({@code locationId}, {@code clientId}) in location and
     * client order; null keys start from the first link. The contact reconciliation walks the links with this.
     */
    public List<ContactLink> linksAfter(String locationId, String clientId, int limit) {
        String sql = LINK_COLUMNS
                + (locationId == null ? "" : " WHERE location_id > ? OR (location_id = ? AND client_id > ?)")
                + " ORDER BY location_id, client_id";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setMaxRows(limit);
            if (locationId != null) {
                select.setString(1, locationId);
                select.setString(2, locationId);
                select.setString(3, clientId);
            }
            List<ContactLink> links = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    links.add(readLink(rows));
                }
            }
            return links;
        } catch (SQLException e) {
            throw new StoreException("Reading contact links failed: " + e.getMessage(), e);
        }
    }

    /**
     * Links the client of {@code link} to {@code contactId} with {@code pushedJson} as the values last pushed, but only
     * while the stored link still names {@code link.contactId()}. Returns false, and changes nothing, when an event
     * replaced the contact meanwhile.
     */
    public boolean replaceContact(ContactLink link, String contactId, String pushedJson) {
        return replaceContact(link, contactId, pushedJson, LeaseClaim.UNCHECKED);
    }

    /**
     * Replaces the contact as {@link #replaceContact(ContactLink, String, String)} does, only while this runtime holds
     * the lease of {@code claim}.
     *
     * @throws LeaseLostException when it no longer does; nothing was changed then
     */
    public boolean replaceContact(ContactLink link, String contactId, String pushedJson, LeaseClaim claim) {
        String sql = "UPDATE contact_link SET contact_id = ?, last_pushed = ?, contact_missing_at = NULL,"
                + " updated_at = ? WHERE location_id = ? AND client_id = ? AND contact_id = ?";
        return Transactions.run(dataSource, "Replacing the contact of client " + link.clientId(), connection -> {
            PartitionLeaseStore.requireHeld(connection, claim);
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, contactId);
                Utf8Text.bind(update, 2, pushedJson);
                update.setTimestamp(3, Timestamp.from(Instant.now()));
                update.setString(4, link.locationId());
                update.setString(5, link.clientId());
                update.setString(6, link.contactId());
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Marks the contact of {@code link} missing and dead-letters {@code lastEvent}, the event last applied to the
     * link, atomically. Returns false, and changes nothing, when the stored link no longer names
     * {@code link.contactId()}.
     */
    public boolean recordMissingContact(ContactLink link, InboxEntry lastEvent, DeadLetter deadLetter,
            Instant missingAt) {
        return recordMissingContact(link, lastEvent, deadLetter, missingAt, LeaseClaim.UNCHECKED);
    }

    /**
     * Records the missing contact as {@link #recordMissingContact(ContactLink, InboxEntry, DeadLetter, Instant)} does,
     * only while this runtime holds the lease of {@code claim}.
     *
     * @throws LeaseLostException when it no longer does; nothing was changed then
     */
    public boolean recordMissingContact(ContactLink link, InboxEntry lastEvent, DeadLetter deadLetter,
            Instant missingAt, LeaseClaim claim) {
        return Transactions.run(dataSource, "Recording the missing contact of client " + link.clientId(),
                connection -> {
                    PartitionLeaseStore.requireHeld(connection, claim);
                    String sql = "UPDATE contact_link SET contact_missing_at = ?, updated_at = ? WHERE location_id = ?"
                            + " AND client_id = ? AND contact_id = ?";
                    try (PreparedStatement update = connection.prepareStatement(sql)) {
                        update.setTimestamp(1, Timestamp.from(missingAt));
                        update.setTimestamp(2, Timestamp.from(missingAt));
                        update.setString(3, link.locationId());
                        update.setString(4, link.clientId());
                        update.setString(5, link.contactId());
                        if (update.executeUpdate() != 1) {
                            return false;
                        }
                    }
                    insertDeadLetter(connection, deadLetter);
                    InboxStore.markDone(connection, lastEvent.id(), Outcome.DEAD_LETTERED, deadLetter.reason(),
                            deadLetter.attempts());
                    return true;
                });
    }

    /** Reads a row selected with {@link #LINK_COLUMNS}. */
    private static ContactLink readLink(ResultSet rows) throws SQLException {
        Timestamp missingAt = rows.getTimestamp(7);
        return new ContactLink(rows.getString(1), rows.getString(2), rows.getString(3), Utf8Text.read(rows, 4),
                rows.getTimestamp(5).toInstant(), rows.getString(6), missingAt == null ? null : missingAt.toInstant());
    }

    /** Returns the GHL task or note linked to a Privyr task or note in a location. */
    public Optional<ItemLink> findItem(String locationId, String kind, String itemId) {
        String sql = "SELECT client_id, contact_id, ghl_id, deleted, last_pushed, last_occurred_at, last_event_id"
                + " FROM item_link WHERE location_id = ? AND kind = ? AND item_id = ?";
        return selectItem(sql, locationId, kind, itemId, "Reading the " + kind + " link of " + itemId,
                rows -> rows.next() ? Optional.of(new ItemLink(locationId, kind, itemId, rows.getString(1),
                        rows.getString(2), rows.getString(3), rows.getBoolean(4), Utf8Text.read(rows, 5),
                        rows.getTimestamp(6).toInstant(), rows.getString(7))) : Optional.empty());
    }

    /**
     * Stores an item link on its own, before the GHL call it describes: a link with an empty {@code ghlId} records
     * that a create is about to be sent, so that a retry after a lost response or a crash looks for the item first.
     */
    public void saveItemNow(ItemLink item) {
        saveItemNow(item, Instant.now());
    }

    /** Stores an item link on its own as {@link #saveItemNow(ItemLink)} does, as written at {@code writtenAt}. */
    public void saveItemNow(ItemLink item, Instant writtenAt) {
        byte[] lastPushed = Utf8Text.encode(item.lastPushedJson());
        inTransaction("Recording the " + item.kind() + " link of " + item.itemId(),
                connection -> saveItem(connection, item, lastPushed, writtenAt));
    }

    /** Returns when the item's link was last written, or empty when it has none. */
    public Optional<Instant> itemWrittenAt(String locationId, String kind, String itemId) {
        String sql = "SELECT updated_at FROM item_link WHERE location_id = ? AND kind = ? AND item_id = ?";
        return selectItem(sql, locationId, kind, itemId, "Reading the " + kind + " link of " + itemId,
                rows -> rows.next() ? Optional.of(rows.getTimestamp(1).toInstant()) : Optional.empty());
    }

    /** Removes an item's link, such as the record of a create that GHL certainly did not receive. */
    public void deleteItemNow(String locationId, String kind, String itemId) {
        inTransaction("Removing the " + kind + " link of " + itemId, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM item_link WHERE location_id = ? AND kind = ? AND item_id = ?")) {
                delete.setString(1, locationId);
                delete.setString(2, kind);
                delete.setString(3, itemId);
                delete.executeUpdate();
            }
        });
    }

    /** Returns true when some item of this kind in the location is linked to the GHL id. */
    public boolean isLinked(String locationId, String kind, String ghlId) {
        String sql = "SELECT 1 FROM item_link WHERE location_id = ? AND kind = ? AND ghl_id = ?";
        return selectItem(sql, locationId, kind, ghlId, "Looking up GHL " + kind + " " + ghlId, ResultSet::next);
    }

    /** Runs a query of {@code item_link} whose three parameters are the location, the kind and {@code key}. */
    private <T> T selectItem(String sql, String locationId, String kind, String key, String action,
            RowReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, locationId);
            select.setString(2, kind);
            select.setString(3, key);
            try (ResultSet rows = select.executeQuery()) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw new StoreException(action + " failed: " + e.getMessage(), e);
        }
    }

    /** Stores the link and pushed values and marks the event done, atomically. */
    public void recordApplied(InboxEntry entry, ContactLink link, Outcome outcome, String detail, int attempts) {
        recordApplied(entry, link, List.of(), outcome, detail, attempts);
    }

    /**
     * Stores the contact link (when not null) and the item links, and marks the event done, atomically.
     */
    public void recordApplied(InboxEntry entry, ContactLink link, List<ItemLink> items, Outcome outcome,
            String detail, int attempts) {
        GroupCommit.await(recording(entry), submitApplied(entry, link, items, outcome, detail, attempts));
    }

    /**
     * Queues what {@link #recordApplied(InboxEntry, ContactLink, List, Outcome, String, int)} stores for the next group
     * commit and returns at once. The future completes after the commit, or exceptionally with a
     * {@link StoreException}, nothing stored, when the commit failed.
     */
    public CompletableFuture<Void> submitApplied(InboxEntry entry, ContactLink link, List<ItemLink> items,
            Outcome outcome, String detail, int attempts) {
        return submitApplied(entry, link, items, outcome, detail, attempts, LeaseClaim.UNCHECKED);
    }

    /**
     * Queues what {@link #submitApplied(InboxEntry, ContactLink, List, Outcome, String, int)} stores, to commit only
     * while this runtime holds the lease of {@code claim}. Otherwise the future fails with a
     * {@link LeaseLostException} and the event stays pending for the partition's new owner.
     */
    public CompletableFuture<Void> submitApplied(InboxEntry entry, ContactLink link, List<ItemLink> items,
            Outcome outcome, String detail, int attempts, LeaseClaim claim) {
        // Encoded on the caller's thread, so that the group commit's single thread only binds the bytes.
        byte[] linkPushed = link == null ? null : Utf8Text.encode(link.lastPushedJson());
        List<byte[]> itemsPushed = new ArrayList<>(items.size());
        for (ItemLink item : items) {
            itemsPushed.add(Utf8Text.encode(item.lastPushedJson()));
        }
        return writes.submit(recording(entry), connection -> {
            PartitionLeaseStore.requireHeld(connection, claim);
            if (link != null) {
                saveLink(connection, link, linkPushed);
            }
            for (int i = 0; i < items.size(); i++) {
                saveItem(connection, items.get(i), itemsPushed.get(i), Instant.now());
            }
            InboxStore.markDone(connection, entry.id(), outcome, detail, attempts);
            return null;
        });
    }

    /** Marks the event done without touching the id map (stale, unchanged, stored-only events). */
    public void recordOutcome(InboxEntry entry, Outcome outcome, String detail, int attempts) {
        GroupCommit.await(recording(entry), submitOutcome(entry, outcome, detail, attempts));
    }

    /** Queues what {@link #recordOutcome} stores, like {@link #submitApplied}. */
    public CompletableFuture<Void> submitOutcome(InboxEntry entry, Outcome outcome, String detail, int attempts) {
        return submitOutcome(entry, outcome, detail, attempts, LeaseClaim.UNCHECKED);
    }

    /** Queues what {@link #recordOutcome} stores under a lease, like {@link #submitApplied}. */
    public CompletableFuture<Void> submitOutcome(InboxEntry entry, Outcome outcome, String detail, int attempts,
            LeaseClaim claim) {
        return writes.submit(recording(entry), connection -> {
            PartitionLeaseStore.requireHeld(connection, claim);
            InboxStore.markDone(connection, entry.id(), outcome, detail, attempts);
            return null;
        });
    }

    /** Stores a dead letter and marks the event dead, atomically. */
    public void recordDeadLetter(InboxEntry entry, DeadLetter deadLetter) {
        GroupCommit.await("Recording the dead letter of event " + entry.eventId(),
                submitDeadLetter(entry, deadLetter));
    }

    /** Queues what {@link #recordDeadLetter} stores, like {@link #submitApplied}. */
    public CompletableFuture<Void> submitDeadLetter(InboxEntry entry, DeadLetter deadLetter) {
        return submitDeadLetter(entry, deadLetter, LeaseClaim.UNCHECKED);
    }

    /** Queues what {@link #recordDeadLetter} stores under a lease, like {@link #submitApplied}. */
    public CompletableFuture<Void> submitDeadLetter(InboxEntry entry, DeadLetter deadLetter, LeaseClaim claim) {
        return writes.submit("Recording the dead letter of event " + entry.eventId(), connection -> {
            PartitionLeaseStore.requireHeld(connection, claim);
            insertDeadLetter(connection, deadLetter);
            InboxStore.markDone(connection, entry.id(), Outcome.DEAD_LETTERED, deadLetter.reason(),
                    deadLetter.attempts());
            return null;
        });
    }

    private static String recording(InboxEntry entry) {
        return "Recording event " + entry.eventId();
    }

    /** Returns every dead letter, discarded ones included, newest first. */
    public List<DeadLetter> deadLetters() {
        return new DeadLetterStore(dataSource).all();
    }

    private static void saveLink(Connection connection, ContactLink link, byte[] lastPushed) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        // A sync that writes the link has reached or replaced the contact, so it is no longer known to be missing.
        String update = "UPDATE contact_link SET contact_id = ?, last_pushed = ?, last_occurred_at = ?,"
                + " last_event_id = ?, updated_at = ?, contact_missing_at = NULL WHERE location_id = ?"
                + " AND client_id = ?";
        try (PreparedStatement statement = connection.prepareStatement(update)) {
            statement.setString(1, link.contactId());
            statement.setBytes(2, lastPushed);
            statement.setTimestamp(3, Timestamp.from(link.lastOccurredAt()));
            statement.setString(4, link.lastEventId());
            statement.setTimestamp(5, now);
            statement.setString(6, link.locationId());
            statement.setString(7, link.clientId());
            if (statement.executeUpdate() > 0) {
                return;
            }
        }
        // Events of one client are processed one at a time, so no other writer can insert this key meanwhile.
        String insert = "INSERT INTO contact_link (location_id, client_id, contact_id, last_pushed, last_occurred_at,"
                + " last_event_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            statement.setString(1, link.locationId());
            statement.setString(2, link.clientId());
            statement.setString(3, link.contactId());
            statement.setBytes(4, lastPushed);
            statement.setTimestamp(5, Timestamp.from(link.lastOccurredAt()));
            statement.setString(6, link.lastEventId());
            statement.setTimestamp(7, now);
            statement.setTimestamp(8, now);
            statement.executeUpdate();
        }
    }

    private static void saveItem(Connection connection, ItemLink item, byte[] lastPushed, Instant writtenAt)
            throws SQLException {
        Timestamp now = Timestamp.from(writtenAt);
        String update = "UPDATE item_link SET client_id = ?, contact_id = ?, ghl_id = ?, deleted = ?, last_pushed = ?,"
                + " last_occurred_at = ?, last_event_id = ?, updated_at = ? WHERE location_id = ? AND kind = ?"
                + " AND item_id = ?";
        try (PreparedStatement statement = connection.prepareStatement(update)) {
            bindItem(statement, item, lastPushed, now);
            statement.setString(9, item.locationId());
            statement.setString(10, item.kind());
            statement.setString(11, item.itemId());
            if (statement.executeUpdate() > 0) {
                return;
            }
        }
        // Events of one client are processed one at a time, and an item belongs to one client.
        String insert = "INSERT INTO item_link (client_id, contact_id, ghl_id, deleted, last_pushed, last_occurred_at,"
                + " last_event_id, updated_at, location_id, kind, item_id, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            bindItem(statement, item, lastPushed, now);
            statement.setString(9, item.locationId());
            statement.setString(10, item.kind());
            statement.setString(11, item.itemId());
            statement.setTimestamp(12, now);
            statement.executeUpdate();
        }
    }

    private static void bindItem(PreparedStatement statement, ItemLink item, byte[] lastPushed, Timestamp now)
            throws SQLException {
        statement.setString(1, item.clientId());
        statement.setString(2, item.contactId());
        statement.setString(3, item.ghlId());
        statement.setBoolean(4, item.deleted());
        statement.setBytes(5, lastPushed);
        statement.setTimestamp(6, Timestamp.from(item.lastOccurredAt()));
        statement.setString(7, item.lastEventId());
        statement.setTimestamp(8, now);
    }

    private static void insertDeadLetter(Connection connection, DeadLetter letter) throws SQLException {
        String sql = "INSERT INTO dead_letter (inbox_id, event_id, event_type, location_id, client_id, reason,"
                + " ghl_status, ghl_message, ghl_response, attempts, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setLong(1, letter.inboxId());
            insert.setString(2, letter.eventId());
            insert.setString(3, letter.eventType());
            insert.setString(4, letter.locationId());
            insert.setString(5, letter.clientId());
            insert.setString(6, InboxStore.truncate(letter.reason(), 2000));
            if (letter.ghlStatus() == null) {
                insert.setNull(7, java.sql.Types.INTEGER);
            } else {
                insert.setInt(7, letter.ghlStatus());
            }
            insert.setString(8, InboxStore.truncate(letter.ghlMessage(), 4000));
            insert.setString(9, InboxStore.truncate(letter.ghlResponse(), 100000));
            insert.setInt(10, letter.attempts());
            insert.setTimestamp(11, Timestamp.from(letter.createdAt()));
            insert.executeUpdate();
        }
    }

    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private interface TransactionWork {
        void run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in a transaction that it may share with the records of other lanes, and waits for the commit. */
    private void inTransaction(String action, TransactionWork work) {
        writes.run(action, connection -> {
            work.run(connection);
            return null;
        });
    }
}
