package org.privyrghlsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads dead letters and changes their replay and discard state. A replay also makes the dead letter's inbox event
 * pending again, in the same transaction.
 */
public final class DeadLetterStore {

    private static final String LETTER_COLUMNS = "d.id, d.inbox_id, d.event_id, d.event_type, d.location_id,"
            + " d.client_id, d.reason, d.ghl_status, d.ghl_message, d.attempts, d.created_at, d.replayed_at,"
            + " d.replay_count, d.discarded_at";
    private static final String EVENT_COLUMNS = "s.status AS event_status, s.outcome AS event_outcome,"
            + " s.attempts AS event_attempts, e.occurred_at, e.received_at, s.processed_at, s.detail AS event_detail";
    private static final String FROM = " FROM dead_letter d JOIN inbox_event e ON e.id = d.inbox_id"
            + " JOIN inbox_state s ON s.id = d.inbox_id";
    /** Rows changed in one replay transaction; larger replays use several. */
    private static final int REPLAY_BATCH = 500;

    private final DataSource dataSource;

    public DeadLetterStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns every dead letter, discarded ones included, newest first, with GHL's response. */
    public List<DeadLetter> all() {
        String sql = "SELECT " + LETTER_COLUMNS + ", d.ghl_response FROM dead_letter d ORDER BY d.id DESC";
        List<DeadLetter> letters = new ArrayList<>();
        query("Reading dead letters", sql, List.of(), 0, rows -> letters.add(readLetter(rows, true)));
        return letters;
    }

    /**
     * Returns the dead letters that match {@code filter}, newest first, without payloads and GHL responses. At most
     * {@code filter.limit()} rows are returned when it is set.
     */
    public List<DeadLetterEntry> list(DeadLetterFilter filter) {
        return select(filter, false, "d.id DESC", filter.limit() == null ? 0 : filter.limit());
    }

    /**
     * Returns the open dead letters that match {@code filter}, oldest first: those neither replayed nor discarded
     * whose event is still dead.
     */
    public List<DeadLetterEntry> openMatching(DeadLetterFilter filter) {
        return select(filter, true, "d.id", filter.limit() == null ? 0 : filter.limit());
    }

    /** Returns one dead letter with its event's payload and GHL's response. */
    public Optional<DeadLetterEntry> find(long id) {
        String sql = "SELECT " + LETTER_COLUMNS + ", d.ghl_response, " + EVENT_COLUMNS + ", e.payload" + FROM
                + " WHERE d.id = ?";
        List<DeadLetterEntry> found = new ArrayList<>();
        query("Reading dead letter " + id, sql, List.of(id), 0, rows -> found.add(readEntry(rows, true)));
        return found.stream().findFirst();
    }

    /**
     * Makes the inbox events of these dead letters pending again with no attempts counted, and marks every dead
     * letter of those events that is not discarded as replayed at {@code now}. An event that is pending or waiting
     * already is left alone.
     *
     * @return the events made pending, keyed by the id of the dead letter that asked for them
     */
    public Map<Long, InboxEntry> replay(List<DeadLetter> letters, Instant now) {
        Map<Long, InboxEntry> replayed = new LinkedHashMap<>();
        for (int start = 0; start < letters.size(); start += REPLAY_BATCH) {
            List<DeadLetter> batch = letters.subList(start, Math.min(letters.size(), start + REPLAY_BATCH));
            replayed.putAll(replayBatch(batch, now));
        }
        return replayed;
    }

    private Map<Long, InboxEntry> replayBatch(List<DeadLetter> letters, Instant now) {
        String reset = "UPDATE inbox_state SET status = ?, attempts = 0, next_attempt_at = NULL, outcome = NULL,"
                + " processed_at = NULL, detail = ? WHERE id = ? AND status IN (?, ?)";
        String mark = "UPDATE dead_letter SET replayed_at = ?, replay_count = replay_count + 1"
                + " WHERE inbox_id = ? AND discarded_at IS NULL AND (replayed_at IS NULL OR id = ?)";
        return Transactions.run(dataSource, "Replaying " + letters.size() + " dead letters", connection -> {
            Map<Long, Long> inboxIds = new LinkedHashMap<>();
            try (PreparedStatement resetEvent = connection.prepareStatement(reset);
                    PreparedStatement markLetters = connection.prepareStatement(mark)) {
                for (DeadLetter letter : letters) {
                    if (inboxIds.containsValue(letter.inboxId())) {
                        continue;
                    }
                    // Locks the event's state, then the letter, in the order that discard takes them, so that a
                    // discard that committed first is seen here and a later one waits for this replay.
                    lockState(connection, letter.inboxId());
                    if (isDiscarded(connection, letter.id())) {
                        continue;
                    }
                    resetEvent.setString(1, InboxStatus.PENDING.name());
                    resetEvent.setString(2, "replay of dead letter " + letter.id());
                    resetEvent.setLong(3, letter.inboxId());
                    resetEvent.setString(4, InboxStatus.DEAD.name());
                    resetEvent.setString(5, InboxStatus.DONE.name());
                    if (resetEvent.executeUpdate() == 0) {
                        continue;
                    }
                    markLetters.setTimestamp(1, Timestamp.from(now));
                    markLetters.setLong(2, letter.inboxId());
                    markLetters.setLong(3, letter.id());
                    markLetters.executeUpdate();
                    inboxIds.put(letter.id(), letter.inboxId());
                }
            }
            Map<Long, InboxEntry> events = readEvents(connection, inboxIds.values());
            Map<Long, InboxEntry> replayed = new LinkedHashMap<>();
            inboxIds.forEach((letterId, inboxId) -> replayed.put(letterId, events.get(inboxId)));
            return replayed;
        });
    }

    /**
     * Marks a dead letter discarded at {@code now}. Returns false when it does not exist, was discarded already, or
     * its event is pending or waiting, because a replay is applying it and its result would contradict the discard.
     */
    public boolean discard(long id, Instant now) {
        String sql = "UPDATE dead_letter SET discarded_at = ? WHERE id = ? AND discarded_at IS NULL";
        return Transactions.run(dataSource, "Discarding dead letter " + id, connection -> {
            Long inboxId = inboxIdOf(connection, id);
            if (inboxId == null) {
                return false;
            }
            String status = lockState(connection, inboxId);
            if (InboxStatus.PENDING.name().equals(status) || InboxStatus.WAITING.name().equals(status)) {
                return false;
            }
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setLong(2, id);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Locks the state row of an inbox event until the transaction ends, and returns its status. */
    private static String lockState(Connection connection, long inboxId) throws SQLException {
        return selectById(connection, "SELECT status FROM inbox_state WHERE id = ? FOR UPDATE", inboxId,
                rows -> rows.getString(1));
    }

    private static boolean isDiscarded(Connection connection, long letterId) throws SQLException {
        Boolean discarded = selectById(connection, "SELECT discarded_at IS NOT NULL FROM dead_letter WHERE id = ?"
                + " FOR UPDATE", letterId, rows -> rows.getBoolean(1));
        return discarded == null || discarded;
    }

    private static Long inboxIdOf(Connection connection, long letterId) throws SQLException {
        return selectById(connection, "SELECT inbox_id FROM dead_letter WHERE id = ?", letterId,
                rows -> rows.getLong(1));
    }

    /** Returns the first column of the row with {@code id}, read by {@code reader}, or null without such a row. */
    private static <T> T selectById(Connection connection, String sql, long id, ColumnReader<T> reader)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? reader.read(rows) : null;
            }
        }
    }

    private interface ColumnReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private List<DeadLetterEntry> select(DeadLetterFilter filter, boolean openOnly, String order, int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(LETTER_COLUMNS).append(", ").append(EVENT_COLUMNS)
                .append(FROM).append(" WHERE 1 = 1");

        if (filter.locationId() != null) {
            sql.append(" AND d.location_id = ?");
            parameters.add(filter.locationId());
        }
        if (filter.eventType() != null) {
            sql.append(" AND d.event_type = ?");
            parameters.add(filter.eventType());
        }
        if (filter.withoutGhlStatus()) {
            sql.append(" AND d.ghl_status IS NULL");
        } else if (filter.ghlStatus() != null) {
            sql.append(" AND d.ghl_status = ?");
            parameters.add(filter.ghlStatus());
        }
        if (filter.since() != null) {
            sql.append(" AND d.created_at >= ?");
            parameters.add(Timestamp.from(filter.since()));
        }
        if (filter.until() != null) {
            sql.append(" AND d.created_at < ?");
            parameters.add(Timestamp.from(filter.until()));
        }
        if (openOnly) {
            sql.append(" AND d.discarded_at IS NULL AND d.replayed_at IS NULL AND s.status = ?");
            parameters.add(InboxStatus.DEAD.name());
        } else if (!filter.includeDiscarded()) {
            sql.append(" AND d.discarded_at IS NULL");
        }
        sql.append(" ORDER BY ").append(order);

        List<DeadLetterEntry> entries = new ArrayList<>();
        query("Reading dead letters", sql.toString(), parameters, limit, rows -> entries.add(readEntry(rows, false)));
        return entries;
    }

    private Map<Long, InboxEntry> readEvents(Connection connection, Collection<Long> ids) throws SQLException {
        Map<Long, InboxEntry> events = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return events;
        }
        String placeholders = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement(InboxStore.SELECT_COLUMNS + " WHERE e.id IN ("
                + placeholders + ")")) {
            int index = 1;
            for (long id : ids) {
                select.setLong(index++, id);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    InboxEntry entry = InboxStore.read(rows);
                    events.put(entry.id(), entry);
                }
            }
        }
        return events;
    }

    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    private void query(String action, String sql, List<Object> parameters, int maxRows, RowReader reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setMaxRows(maxRows);
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        } catch (SQLException e) {
            throw new StoreException(action + " failed: " + e.getMessage(), e);
        }
    }

    private static DeadLetterEntry readEntry(ResultSet rows, boolean withPayload) throws SQLException {
        return new DeadLetterEntry(readLetter(rows, withPayload),
                InboxStatus.valueOf(rows.getString("event_status")), rows.getString("event_outcome"),
                rows.getInt("event_attempts"), instant(rows, "occurred_at"), instant(rows, "received_at"),
                instant(rows, "processed_at"), rows.getString("event_detail"),
                withPayload ? Utf8Text.read(rows, "payload") : null);
    }

    private static DeadLetter readLetter(ResultSet rows, boolean withResponse) throws SQLException {
        int status = rows.getInt("ghl_status");
        Integer ghlStatus = rows.wasNull() ? null : status;
        return new DeadLetter(rows.getLong("id"), rows.getLong("inbox_id"), rows.getString("event_id"),
                rows.getString("event_type"), rows.getString("location_id"), rows.getString("client_id"),
                rows.getString("reason"), ghlStatus, rows.getString("ghl_message"),
                withResponse ? rows.getString("ghl_response") : null, rows.getInt("attempts"),
                instant(rows, "created_at"), instant(rows, "replayed_at"), rows.getInt("replay_count"),
                instant(rows, "discarded_at"));
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
