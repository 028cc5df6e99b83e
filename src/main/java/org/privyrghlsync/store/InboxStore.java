package org.privyrghlsync.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/** Reads and writes the inbox of accepted events. */
public final class InboxStore {

    private static final String EXISTING_EVENT_IDS = "SELECT event_id FROM inbox_event WHERE event_id = ANY(?)";
    private static final String INSERT = "INSERT INTO inbox_event (event_id, event_type, account_id, location_id,"
            + " client_id, occurred_at, received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    /**
     * An event's processing state has a table of its own, so that recording an event as processed rewrites only its
     * small {@code inbox_state} row, and not the page that contains the payload or the pages of the event's indexes.
     */
    private static final String INSERT_STATE = "INSERT INTO inbox_state (id, status, attempts, partition_id)"
            + " VALUES (?, ?, 0, ?)";
    static final String SELECT_COLUMNS = "SELECT e.id, e.event_id, e.event_type, e.account_id, e.location_id,"
            + " e.client_id, e.occurred_at, e.received_at, e.payload, s.attempts"
            + " FROM inbox_event e JOIN inbox_state s ON s.id = e.id";
    /**
     * Ordered by the whole key of ix_inbox_state_status_id, so that H2 2.3.232 reads that index in order and stops
     * after the page. For ORDER BY id it reads every later pending row and sorts them.
     */
    static final String PENDING_IDS_AFTER = "SELECT id FROM inbox_state WHERE status = ? AND id > ?"
            + " ORDER BY status, id";
    /**
     * PostgreSQL only. For each partition, reads up to a page of its pending ids from ix_inbox_state_partition, then
     * keeps the lowest ids of them all. So a page reads the index entries of the given partitions only, at most a page
     * per partition, and still returns the ids in the order of {@link #PENDING_IDS_AFTER}. The status is a literal,
     * because PostgreSQL uses a partial index only where the query's text implies the index's condition, and a
     * parameter's value is not part of a generic plan.
     */
    static final String PENDING_IDS_IN_PARTITIONS = "SELECT p.id FROM unnest(?::integer[]) AS held(partition_id)"
            + " CROSS JOIN LATERAL (SELECT s.id FROM inbox_state s WHERE s.status = '" + InboxStatus.PENDING.name()
            + "' AND s.partition_id = held.partition_id AND s.id > ? ORDER BY s.status, s.partition_id, s.id"
            + " LIMIT ?) p ORDER BY p.id LIMIT ?";
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final GroupCommit writes;

    public InboxStore(DataSource dataSource) {
        this(dataSource, null);
    }

    /** Stores new events through {@code writes} ({@link #storeNew}), sharing commits with the sync's records. */
    public InboxStore(DataSource dataSource, GroupCommit writes) {
        this.dataSource = dataSource;
        this.writes = writes;
    }

    /**
     * Inserts new events as {@link #insertNew(List)} does, in the next group commit when this store has one. When
     * another process stored one of the event ids after the check for stored ones, the insert fails on the unique
     * constraint, and the events are then inserted one row at a time.
     *
     * <p>NOTE: on PostgreSQL, an insert of an event id that another process has inserted but not yet committed waits
     * for that commit, and with it the whole group, records of the sync included. Several runtimes that receive the
     * same events at once can so delay each other's commits.
     */
    public List<InboxEntry> storeNew(List<InboxEntry> entries) {
        return storeNew(entries, utf8Payloads(entries));
    }

    /**
     * Stores new events as {@link #storeNew(List)} does, with the payload of each entry already encoded by
     * {@link #utf8Payload}, so that the group commit's single thread only binds the bytes.
     */
    public List<InboxEntry> storeNew(List<InboxEntry> entries, List<byte[]> payloads) {
        return Futures.join(submitNew(entries, payloads, new CompletableFuture<>()));
    }

    /**
     * Queues new events, as {@link #storeNew(List, List)} stores them, for the next group commit, and returns at once.
     * The future completes after the commit, on the group commit's thread, or exceptionally with a
     * {@link StoreException} when nothing was stored.
     *
     * @param started completed when the group commit starts to insert the events, in the transaction that commits them
     *     unless that transaction fails
     */
    public CompletableFuture<List<InboxEntry>> submitNew(List<InboxEntry> entries, List<byte[]> payloads,
            CompletableFuture<Void> started) {
        if (payloads.size() != entries.size()) {
            throw new IllegalArgumentException("Invalid payloads: got " + payloads.size() + " for " + entries.size()
                    + " inbox entries, expected one encoded payload per entry");
        }
        if (writes == null) {
            started.complete(null);
            try {
                return CompletableFuture.completedFuture(insertNew(entries, payloads));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        AtomicReference<List<InboxEntry>> stored = new AtomicReference<>();
        return writes.submit("Storing " + entries.size() + " events in the inbox", connection -> {
            started.complete(null);
            stored.set(insertNew(connection, entries, payloads));
            return null;
        }).handle((committed, failure) -> failure).thenCompose(failure -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(stored.get());
            }
            Throwable cause = Futures.cause(failure);
            if (cause instanceof StoreException e && e.getCause() instanceof SQLException sql
                    && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                // Off the group commit's thread: on PostgreSQL this insert waits for another process's commit.
                return CompletableFuture.supplyAsync(() -> insertNew(entries, payloads), InboxStore::runOnNewThread);
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** Runs the one-row-at-a-time fallback of {@link #submitNew}, which another process's duplicate event id needs. */
    private static void runOnNewThread(Runnable task) {
        Thread thread = new Thread(task, "inbox-insert-one-by-one");
        thread.setDaemon(true);
        thread.start();
    }

    /** Returns the payload of each entry encoded as UTF-8, as the store keeps it. */
    private static List<byte[]> utf8Payloads(List<InboxEntry> entries) {
        List<byte[]> payloads = new ArrayList<>(entries.size());
        for (InboxEntry entry : entries) {
            payloads.add(utf8Payload(entry));
        }
        return payloads;
    }

    /** Returns the entry's payload encoded as UTF-8, as the store keeps it. */
    public static byte[] utf8Payload(InboxEntry entry) {
        return Utf8Text.encode(entry.payload());
    }

    /**
     * Inserts new events in one transaction and returns, for each entry, the stored row with its id, or null when an
     * event with the same {@code event_id} was already stored (in an earlier call or earlier in this batch).
     */
    public List<InboxEntry> insertNew(List<InboxEntry> entries) {
        return insertNew(entries, utf8Payloads(entries));
    }

    private List<InboxEntry> insertNew(List<InboxEntry> entries, List<byte[]> payloads) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<InboxEntry> stored = insertNew(connection, entries, payloads);
                connection.commit();
                return stored;
            } catch (SQLException e) {
                connection.rollback();
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                // Another writer stored one of these event ids between our check and our insert: go row by row.
                List<InboxEntry> stored = new ArrayList<>(entries.size());
                for (int i = 0; i < entries.size(); i++) {
                    stored.add(insertOne(connection, entries.get(i), payloads.get(i)));
                }
                return stored;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("Storing " + entries.size() + " events in the inbox failed: "
                    + StoreException.reason(e), e);
        }
    }

    /**
     * Inserts the entries whose event_id is not stored yet, in the caller's transaction, and returns the stored rows
     * with null for the others.
     */
    static List<InboxEntry> insertNew(Connection connection, List<InboxEntry> entries) throws SQLException {
        return insertNew(connection, entries, utf8Payloads(entries));
    }

    private static List<InboxEntry> insertNew(Connection connection, List<InboxEntry> entries, List<byte[]> payloads)
            throws SQLException {
        Set<String> existing = existingEventIds(connection, entries);
        List<InboxEntry> result = new ArrayList<>(entries.size());
        List<Integer> toInsert = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < entries.size(); i++) {
                InboxEntry entry = entries.get(i);
                result.add(null);
                if (existing.add(entry.eventId())) {
                    bindInsert(insert, entry, payloads.get(i));
                    insert.addBatch();
                    toInsert.add(i);
                }
            }
            if (toInsert.isEmpty()) {
                return result;
            }
            insert.executeBatch();
            try (ResultSet keys = insert.getGeneratedKeys();
                    PreparedStatement state = connection.prepareStatement(INSERT_STATE)) {
                for (int index : toInsert) {
                    if (!keys.next()) {
                        throw new SQLException("The driver returned fewer generated keys than rows inserted");
                    }
                    long id = keys.getLong(1);
                    result.set(index, entries.get(index).withId(id));
                    bindState(state, id, entries.get(index));
                    state.addBatch();
                }
                state.executeBatch();
            }
        }
        return result;
    }

    private InboxEntry insertOne(Connection connection, InboxEntry entry, byte[] payload) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
            bindInsert(insert, entry, payload);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys();
                    PreparedStatement state = connection.prepareStatement(INSERT_STATE)) {
                keys.next();
                InboxEntry stored = entry.withId(keys.getLong(1));
                bindState(state, stored.id(), entry);
                state.executeUpdate();
                connection.commit();
                return stored;
            }
        } catch (SQLException e) {
            connection.rollback();
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
    }

    private static Set<String> existingEventIds(Connection connection, List<InboxEntry> entries)
            throws SQLException {
        String[] eventIds = new String[entries.size()];
        for (int i = 0; i < eventIds.length; i++) {
            eventIds[i] = entries.get(i).eventId();
        }
        Set<String> existing = new HashSet<>();
        // One statement text for any number of ids, so that H2 parses it once per connection (PostgreSQL may still
        // plan each execution). Both look each id up in the event_id index.
        try (PreparedStatement select = connection.prepareStatement(EXISTING_EVENT_IDS)) {
            Array ids = connection.createArrayOf("VARCHAR", eventIds);
            try {
                select.setArray(1, ids);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        existing.add(rows.getString(1));
                    }
                }
            } finally {
                ids.free();
            }
        }
        return existing;
    }

    private static void bindInsert(PreparedStatement insert, InboxEntry entry, byte[] payload) throws SQLException {
        insert.setString(1, entry.eventId());
        insert.setString(2, entry.eventType());
        insert.setString(3, entry.accountId());
        insert.setString(4, entry.locationId());
        insert.setString(5, entry.clientId());
        insert.setTimestamp(6, Timestamp.from(entry.occurredAt()));
        insert.setTimestamp(7, Timestamp.from(entry.receivedAt()));
        insert.setBytes(8, payload);
    }

    private static void bindState(PreparedStatement state, long id, InboxEntry entry) throws SQLException {
        state.setLong(1, id);
        state.setString(2, InboxStatus.PENDING.name());
        state.setInt(3, EventPartitions.partitionOf(entry.orderingKey()));
    }

    /**
     * Returns up to {@code limit} pending events with an id above {@code afterId} that are due at {@code now} (never
     * tried, or scheduled for another attempt no later than {@code now}), in id order, leaving out the events of
     * {@code excludedLocations}.
     */
    public List<InboxEntry> pendingAfter(long afterId, int limit, Instant now, Set<String> excludedLocations) {
        List<String> excluded = List.copyOf(excludedLocations);
        StringBuilder sql = new StringBuilder(SELECT_COLUMNS).append(" WHERE s.status = ? AND s.id > ?")
                .append(" AND (s.next_attempt_at IS NULL OR s.next_attempt_at <= ?)");
        if (!excluded.isEmpty()) {
            sql.append(" AND e.location_id NOT IN (").append("?,".repeat(excluded.size() - 1)).append("?)");
        }
        // Sorted by the whole key of ix_inbox_state_status_id, as PENDING_IDS_AFTER is.
        sql.append(" ORDER BY s.status, s.id");
        return select(sql.toString(), "Reading pending inbox events", select -> {
            select.setMaxRows(limit);
            select.setString(1, InboxStatus.PENDING.name());
            select.setLong(2, afterId);
            select.setTimestamp(3, Timestamp.from(now));
            for (int i = 0; i < excluded.size(); i++) {
                select.setString(4 + i, excluded.get(i));
            }
        });
    }

    /**
     * Returns up to {@code limit} ids of pending events after {@code afterId}, in id order, from the index on
     * (status, id). A sweep then reads only the events that are not queued already.
     */
    public List<Long> pendingIdsAfter(long afterId, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(PENDING_IDS_AFTER)) {
            select.setMaxRows(limit);
            select.setString(1, InboxStatus.PENDING.name());
            select.setLong(2, afterId);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new StoreException("Reading the ids of pending inbox events failed: " + StoreException.reason(e), e);
        }
    }

    /**
     * Returns up to {@code limit} ids of pending events after {@code afterId} whose partitions are among
     * {@code partitions}, in id order, as {@link #pendingIdsAfter} does for every partition. Reads no index entry of
     * another partition's event. PostgreSQL only: stores that several runtimes share run on it.
     */
    public List<Long> pendingIdsInPartitions(long afterId, int limit, int[] partitions) {
        if (partitions.length == 0) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(PENDING_IDS_IN_PARTITIONS)) {
            Array held = connection.createArrayOf("INTEGER", boxed(partitions));
            try {
                select.setArray(1, held);
                select.setLong(2, afterId);
                select.setInt(3, limit);
                select.setInt(4, limit);
                List<Long> ids = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
                return ids;
            } finally {
                held.free();
            }
        } catch (SQLException e) {
            throw new StoreException("Reading the ids of pending inbox events of partitions failed: "
                    + StoreException.reason(e), e);
        }
    }

    private static Integer[] boxed(int[] values) {
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    /**
     * Returns the events among {@code ids} that are still pending and due at {@code now}, leaving out the locations
     * in {@code excludedLocations}, in id order.
     */
    public List<InboxEntry> dueAmong(List<Long> ids, Instant now, Set<String> excludedLocations) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> excluded = List.copyOf(excludedLocations);
        StringBuilder sql = new StringBuilder(SELECT_COLUMNS).append(" WHERE s.id IN (")
                .append("?,".repeat(ids.size() - 1)).append("?) AND s.status = ?")
                .append(" AND (s.next_attempt_at IS NULL OR s.next_attempt_at <= ?)");
        if (!excluded.isEmpty()) {
            sql.append(" AND e.location_id NOT IN (").append("?,".repeat(excluded.size() - 1)).append("?)");
        }
        sql.append(" ORDER BY s.status, s.id");
        return select(sql.toString(), "Reading pending inbox events", select -> {
            int index = 1;
            for (long id : ids) {
                select.setLong(index++, id);
            }
            select.setString(index++, InboxStatus.PENDING.name());
            select.setTimestamp(index++, Timestamp.from(now));
            for (String location : excluded) {
                select.setString(index++, location);
            }
        });
    }

    /**
     * Records a failed attempt of a pending event and when it may be tried again. Returns false when the event is no
     * longer pending.
     */
    public boolean scheduleRetry(long id, int attempts, Instant nextAttemptAt, String detail) {
        return scheduleRetry(id, attempts, nextAttemptAt, detail, LeaseClaim.UNCHECKED);
    }

    /**
     * Records a failed attempt as {@link #scheduleRetry(long, int, Instant, String)} does, only while this runtime
     * holds the lease of {@code claim}. Returns false, with nothing changed, when the event is no longer pending or
     * the lease has moved on.
     */
    public boolean scheduleRetry(long id, int attempts, Instant nextAttemptAt, String detail, LeaseClaim claim) {
        String sql = "UPDATE inbox_state SET attempts = ?, next_attempt_at = ?, detail = ? WHERE id = ? AND status = ?"
                + leaseCondition(claim);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            update.setInt(1, attempts);
            update.setTimestamp(2, Timestamp.from(nextAttemptAt));
            update.setString(3, truncate(detail, 2000));
            update.setLong(4, id);
            update.setString(5, InboxStatus.PENDING.name());
            bindLeaseCondition(update, 6, claim);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("Scheduling another attempt of inbox event " + id + " failed: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Returns the {@link InboxEntry#orderingKey()} of every client with a pending event scheduled for a later
     * attempt, mapped to the inbox id of its oldest such event.
     */
    public Map<String, Long> clientsWithScheduledRetries() {
        String sql = "SELECT e.location_id, e.client_id, MIN(e.id) FROM inbox_state s JOIN inbox_event e ON e.id = s.id"
                + " WHERE s.status = ? AND s.next_attempt_at IS NOT NULL GROUP BY e.location_id, e.client_id";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, InboxStatus.PENDING.name());
            Map<String, Long> keys = new java.util.HashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.put(rows.getString(1) + '\u0000' + rows.getString(2), rows.getLong(3));
                }
            }
            return keys;
        } catch (SQLException e) {
            throw new StoreException("Reading clients with scheduled retries failed: " + e.getMessage(), e);
        }
    }

    /** Returns the number of events in each status. */
    public Map<InboxStatus, Long> countByStatus() {
        Map<InboxStatus, Long> counts = new EnumMap<>(InboxStatus.class);
        for (InboxStatus status : InboxStatus.values()) {
            counts.put(status, 0L);
        }
        String sql = "SELECT status, COUNT(*) FROM inbox_state GROUP BY status";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.put(InboxStatus.valueOf(rows.getString(1)), rows.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new StoreException("Counting inbox events failed: " + e.getMessage(), e);
        }
    }

    /** Returns the number of processed events per outcome, keyed by the stored outcome value. */
    public Map<String, Long> countByOutcome() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome.dbValue(), 0L);
        }
        String sql = "SELECT outcome, COUNT(*) FROM inbox_state WHERE outcome IS NOT NULL GROUP BY outcome";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new StoreException("Counting inbox outcomes failed: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the number of processed events per kind of event ({@code client}, {@code task} or {@code note}, the part
     * of the event type before the dot) and outcome. Every kind and outcome is present, with 0 when none.
     */
    public Map<String, Map<String, Long>> countByKindAndOutcome() {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (String kind : List.of("client", "task", "note")) {
            Map<String, Long> perOutcome = new LinkedHashMap<>();
            for (Outcome outcome : Outcome.values()) {
                perOutcome.put(outcome.dbValue(), 0L);
            }
            counts.put(kind, perOutcome);
        }
        String sql = "SELECT e.event_type, s.outcome, COUNT(*) FROM inbox_state s JOIN inbox_event e ON e.id = s.id"
                + " WHERE s.outcome IS NOT NULL GROUP BY e.event_type, s.outcome";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String type = rows.getString(1);
                String kind = type.substring(0, Math.max(0, type.indexOf('.')));
                counts.computeIfAbsent(kind, unused -> new LinkedHashMap<>())
                        .merge(rows.getString(2), rows.getLong(3), Long::sum);
            }
            return counts;
        } catch (SQLException e) {
            throw new StoreException("Counting inbox outcomes failed: " + e.getMessage(), e);
        }
    }

    /** Returns the stored event with this {@code event_id}. */
    public Optional<InboxEntry> findByEventId(String eventId) {
        return select(SELECT_COLUMNS + " WHERE e.event_id = ?", "Reading inbox event " + eventId,
                select -> select.setString(1, eventId)).stream().findFirst();
    }

    /** Returns the stored status and outcome of one event, or null when no event has that id. */
    public String[] statusOf(String eventId) {
        String sql = "SELECT s.status, s.outcome FROM inbox_event e JOIN inbox_state s ON s.id = e.id"
                + " WHERE e.event_id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, eventId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new String[] {rows.getString(1), rows.getString(2)} : null;
            }
        } catch (SQLException e) {
            throw new StoreException("Reading inbox event " + eventId + " failed: " + e.getMessage(), e);
        }
    }

    /** Returns the number of attempts recorded for an event, or -1 when no event has that id. */
    public int attemptsOf(String eventId) {
        String sql = "SELECT s.attempts FROM inbox_event e JOIN inbox_state s ON s.id = e.id WHERE e.event_id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, eventId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getInt(1) : -1;
            }
        } catch (SQLException e) {
            throw new StoreException("Reading inbox event " + eventId + " failed: " + e.getMessage(), e);
        }
    }

    /** Returns true when the event is still waiting to be processed. */
    public boolean isPending(long id) {
        String sql = "SELECT status FROM inbox_state WHERE id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() && InboxStatus.PENDING.name().equals(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new StoreException("Reading the status of inbox event " + id + " failed: " + e.getMessage(), e);
        }
    }

    /** Parks a pending task or note event until its client has a GHL contact. */
    public void markWaiting(long id, String detail) {
        markWaiting(id, detail, LeaseClaim.UNCHECKED);
    }

    /**
     * Parks a pending event as {@link #markWaiting(long, String)} does, only while this runtime holds the lease of
     * {@code claim}. Returns false, with nothing changed, when the event is no longer pending or the lease has moved
     * on.
     */
    public boolean markWaiting(long id, String detail, LeaseClaim claim) {
        String sql = "UPDATE inbox_state SET status = ?, detail = ? WHERE id = ? AND status = ?" + leaseCondition(claim);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, InboxStatus.WAITING.name());
            update.setString(2, truncate(detail, 2000));
            update.setLong(3, id);
            update.setString(4, InboxStatus.PENDING.name());
            bindLeaseCondition(update, 5, claim);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("Parking inbox event " + id + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the condition that limits an update to the lease of {@code claim}, or "" for an unchecked claim. Without
     * a row lock on the lease, a takeover can commit during the update. The new owner's own writes of the event then
     * still follow, because they wait for the update's row lock.
     */
    private static String leaseCondition(LeaseClaim claim) {
        return claim.checked() ? " AND EXISTS (SELECT 1 FROM partition_lease WHERE partition_id = ? AND node_id = ?"
                + " AND epoch = ?)" : "";
    }

    private static void bindLeaseCondition(PreparedStatement update, int index, LeaseClaim claim)
            throws SQLException {
        if (claim.checked()) {
            update.setInt(index, claim.partition());
            update.setString(index + 1, claim.node());
            update.setLong(index + 2, claim.epoch());
        }
    }

    /**
     * Makes a waiting event pending again and returns true, or returns false when another thread or process already
     * did, when it is no longer waiting, or when this runtime no longer holds the lease of {@code claim}.
     */
    public boolean claimWaiting(long id, LeaseClaim claim) {
        String sql = "UPDATE inbox_state SET status = ? WHERE id = ? AND status = ?" + leaseCondition(claim);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, InboxStatus.PENDING.name());
            update.setLong(2, id);
            update.setString(3, InboxStatus.WAITING.name());
            bindLeaseCondition(update, 4, claim);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("Releasing waiting inbox event " + id + " failed: " + e.getMessage(), e);
        }
    }

    /** Returns the waiting events of one client, oldest {@code occurred_at} first. */
    public List<InboxEntry> waitingFor(String locationId, String clientId) {
        return ofClient(locationId, clientId, InboxStatus.WAITING);
    }

    /** Returns the pending events of one client, oldest {@code occurred_at} first, including those not yet due. */
    public List<InboxEntry> pendingFor(String locationId, String clientId) {
        return ofClient(locationId, clientId, InboxStatus.PENDING);
    }

    private List<InboxEntry> ofClient(String locationId, String clientId, InboxStatus status) {
        String sql = SELECT_COLUMNS + " WHERE e.location_id = ? AND e.client_id = ? AND s.status = ?"
                + " ORDER BY e.occurred_at, e.id";
        return select(sql, "Reading the " + status.name().toLowerCase(Locale.ROOT) + " events of client "
                + clientId, select -> {
                    select.setString(1, locationId);
                    select.setString(2, clientId);
                    select.setString(3, status.name());
                });
    }

    /**
     * Returns up to {@code limit} waiting events with an id above {@code afterId} that were received before
     * {@code cutoff}, in id order, so that a caller pages through them by passing the last id it got.
     *
     * @param partitions the partitions whose events to return, or null for every partition. Only PostgreSQL stores
     *     are read by partition.
     */
    public List<InboxEntry> waitingReceivedBefore(Instant cutoff, long afterId, int limit, int[] partitions) {
        // Sorted by the whole key of ix_inbox_state_status_id, as PENDING_IDS_AFTER is. The status is a literal, so
        // that PostgreSQL may read the partial index ix_inbox_state_partition (see PENDING_IDS_IN_PARTITIONS).
        String sql = SELECT_COLUMNS + " WHERE s.status = '" + InboxStatus.WAITING.name() + "' AND s.id > ?"
                + " AND e.received_at < ?" + (partitions == null ? "" : " AND s.partition_id = ANY(?)")
                + " ORDER BY s.status, s.id";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setMaxRows(limit);
            select.setLong(1, afterId);
            select.setTimestamp(2, Timestamp.from(cutoff));
            Array held = partitions == null ? null : connection.createArrayOf("INTEGER", boxed(partitions));
            try {
                if (held != null) {
                    select.setArray(3, held);
                }
                List<InboxEntry> entries = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(read(rows));
                    }
                }
                return entries;
            } finally {
                if (held != null) {
                    held.free();
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Reading expired waiting events failed: " + StoreException.reason(e), e);
        }
    }

    /** Returns the {@link InboxEntry#orderingKey()} of every client with waiting events. */
    public Set<String> clientsWithWaitingEvents() {
        String sql = "SELECT DISTINCT e.location_id, e.client_id FROM inbox_state s JOIN inbox_event e ON e.id = s.id"
                + " WHERE s.status = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, InboxStatus.WAITING.name());
            Set<String> keys = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getString(1) + '\u0000' + rows.getString(2));
                }
            }
            return keys;
        } catch (SQLException e) {
            throw new StoreException("Reading clients with waiting events failed: " + e.getMessage(), e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private List<InboxEntry> select(String sql, String action, Binder binder) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            binder.bind(select);
            List<InboxEntry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(read(rows));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new StoreException(action + " failed: " + StoreException.reason(e), e);
        }
    }

    /** Marks an event processed with its outcome, in the caller's transaction. */
    static void markDone(Connection connection, long id, Outcome outcome, String detail, int attempts)
            throws SQLException {
        String sql = "UPDATE inbox_state SET status = ?, outcome = ?, detail = ?, attempts = ?, processed_at = ?"
                + " WHERE id = ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, outcome == Outcome.DEAD_LETTERED ? InboxStatus.DEAD.name() : InboxStatus.DONE.name());
            update.setString(2, outcome.dbValue());
            update.setString(3, truncate(detail, 2000));
            update.setInt(4, attempts);
            update.setTimestamp(5, Timestamp.from(Instant.now()));
            update.setLong(6, id);
            update.executeUpdate();
        }
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static InboxEntry read(ResultSet rows) throws SQLException {
        return new InboxEntry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getTimestamp(7).toInstant(),
                rows.getTimestamp(8).toInstant(), Utf8Text.read(rows, 9), rows.getInt(10));
    }
}
