package org.privyrghlsync.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Checkpoints and rejected rows of CSV imports, kept per file content, Privyr account and import mapping. A batch of
 * rows is committed in one transaction with its events, its rejects and the new checkpoint, so after a crash the
 * checkpoint names exactly the rows whose results are stored.
 */
public final class ImportStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() { };
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int MAX_COMMIT_ATTEMPTS = 3;
    private static final String SELECT_FILE = "SELECT file_name, header, total_rows, rows_done, stored, duplicates,"
            + " rejected, started_at, updated_at, finished_at FROM import_file WHERE file_sha256 = ? AND account_id = ?"
            + " AND mapping_sha256 = ?";
    /** The condition that selects one import's rows of {@code import_file} and {@code import_reject}. */
    private static final String KEY_CONDITION = "file_sha256 = ? AND account_id = ? AND mapping_sha256 = ?";

    private final DataSource dataSource;

    public ImportStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The identity of one import: the SHA-256 of the file's bytes, the Privyr account, and the
     * {@link org.privyrghlsync.mapping.ImportMapping#fingerprint()} of the import mapping. Imports made before the
     * store kept the account and the mapping have empty ones.
     */
    public record ImportKey(String fileSha256, String accountId, String mappingSha256) {

        private int bind(PreparedStatement statement, int first) throws SQLException {
            statement.setString(first, fileSha256);
            statement.setString(first + 1, accountId);
            statement.setString(first + 2, mappingSha256);
            return first + 3;
        }
    }

    /**
     * The checkpoint of one import.
     *
     * @param rowsDone data rows handled so far, in file order, after which the next run starts
     * @param stored rows stored as new events, over all runs
     * @param duplicates rows whose event was stored before, by an earlier import of any file
     * @param finishedAt when the last row was handled, or null while rows are left
     */
    public record ImportFile(ImportKey key, String fileName, List<String> header, int totalRows,
            int rowsDone, int stored, int duplicates, int rejected, Instant startedAt, Instant updatedAt,
            Instant finishedAt) {

        public boolean finished() {
            return finishedAt != null;
        }
    }

    /**
     * A rejected row.
     *
     * @param fileRow the spreadsheet row number, counting the header as row 1
     * @param column the header of the column at fault, or null when the row as a whole is at fault
     * @param values the row's values in header order
     */
    public record ImportReject(int fileRow, String column, String reason, List<String> values) {
    }

    /** The result of one committed batch: the new checkpoint, and per entry the stored row or null for a duplicate. */
    public record Batch(ImportFile file, List<InboxEntry> stored) {
    }

    /** Returns the checkpoint of an import, or null when it never started. */
    public ImportFile find(ImportKey key) {
        return Transactions.run(dataSource, "Reading the import checkpoint of " + key.fileSha256(),
                connection -> select(connection, key));
    }

    /** Returns the checkpoint of an import, creating one at row 0 when it never started. */
    public ImportFile begin(ImportKey key, String fileName, List<String> header, int totalRows, Instant now) {
        String sql = "INSERT INTO import_file (file_sha256, account_id, mapping_sha256, file_name, header, total_rows,"
                + " rows_done, stored, duplicates, rejected, started_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?)";
        ImportFile existing = find(key);
        if (existing != null) {
            return existing;
        }
        try {
            return Transactions.run(dataSource, "Creating the import checkpoint of " + fileName, connection -> {
                try (PreparedStatement insert = connection.prepareStatement(sql)) {
                    int next = key.bind(insert, 1);
                    insert.setString(next, InboxStore.truncate(fileName, 1000));
                    insert.setString(next + 1, toJson(header));
                    insert.setInt(next + 2, totalRows);
                    insert.setTimestamp(next + 3, Timestamp.from(now));
                    insert.setTimestamp(next + 4, Timestamp.from(now));
                    insert.executeUpdate();
                }
                return select(connection, key);
            });
        } catch (StoreException e) {
            if (isUniqueViolation(e)) {
                return find(key);
            }
            throw e;
        }
    }

    /**
     * Stores a batch in one transaction: the events whose event_id is new, the rejects, and the checkpoint moved to
     * {@code rowsDone}.
     *
     * @param before the checkpoint that the batch continues from
     * @throws StoreException when storing fails, or when another import of the same file moved the checkpoint since
     *     {@code before} was read
     */
    public Batch commit(ImportFile before, List<InboxEntry> entries, List<ImportReject> rejects, int rowsDone,
            Instant now) {
        StoreException failure = null;
        for (int attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
            try {
                return Transactions.run(dataSource, "Storing rows " + (before.rowsDone() + 1) + " to " + rowsDone
                        + " of the import of " + before.fileName(),
                        connection -> commit(connection, before, entries, rejects, rowsDone, now));
            } catch (StoreException e) {
                // Another writer stored one of these event ids between the check and the insert. The next attempt
                // finds it stored and counts it as a duplicate.
                if (!isUniqueViolation(e)) {
                    throw e;
                }
                failure = e;
            }
        }
        throw failure;
    }

    private Batch commit(Connection connection, ImportFile before, List<InboxEntry> entries,
            List<ImportReject> rejects, int rowsDone, Instant now) throws SQLException {
        List<InboxEntry> stored = entries.isEmpty() ? List.of() : InboxStore.insertNew(connection, entries);
        int newEvents = (int) stored.stream().filter(entry -> entry != null).count();
        insertRejects(connection, before, rejects, now);
        String sql = "UPDATE import_file SET rows_done = ?, stored = stored + ?, duplicates = duplicates + ?,"
                + " rejected = rejected + ?, updated_at = ? WHERE " + KEY_CONDITION + " AND rows_done = ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setInt(1, rowsDone);
            update.setInt(2, newEvents);
            update.setInt(3, entries.size() - newEvents);
            update.setInt(4, rejects.size());
            update.setTimestamp(5, Timestamp.from(now));
            update.setInt(before.key().bind(update, 6), before.rowsDone());
            if (update.executeUpdate() != 1) {
                throw new StoreException("Another import of " + before.fileName() + " moved its checkpoint past row "
                        + before.rowsDone() + " while this one ran; run one import of a file at a time", null);
            }
        }
        return new Batch(select(connection, before.key()), stored);
    }

    private static void insertRejects(Connection connection, ImportFile file, List<ImportReject> rejects,
            Instant now) throws SQLException {
        if (rejects.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO import_reject (file_sha256, account_id, mapping_sha256, file_row, column_name,"
                + " reason, row_values, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (ImportReject reject : rejects) {
                int next = file.key().bind(insert, 1);
                insert.setInt(next, reject.fileRow());
                insert.setString(next + 1, reject.column() == null ? null
                        : InboxStore.truncate(reject.column(), 1000));
                insert.setString(next + 2, InboxStore.truncate(reject.reason(), 4000));
                insert.setString(next + 3, toJson(reject.values()));
                insert.setTimestamp(next + 4, Timestamp.from(now));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Marks an import finished. */
    public ImportFile finish(ImportFile file, Instant now) {
        String sql = "UPDATE import_file SET finished_at = ?, updated_at = ? WHERE " + KEY_CONDITION;
        return Transactions.run(dataSource, "Finishing the import of " + file.fileName(), connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setTimestamp(2, Timestamp.from(now));
                file.key().bind(update, 3);
                update.executeUpdate();
            }
            return select(connection, file.key());
        });
    }

    /** Returns the rejected rows of an import, in row order. */
    public List<ImportReject> rejects(ImportKey key) {
        String sql = "SELECT file_row, column_name, reason, row_values FROM import_reject WHERE " + KEY_CONDITION
                + " ORDER BY file_row";
        return Transactions.run(dataSource, "Reading the rejected rows of import " + key.fileSha256(), connection -> {
            List<ImportReject> rejects = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                key.bind(select, 1);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        rejects.add(new ImportReject(rows.getInt(1), rows.getString(2), rows.getString(3),
                                fromJson(rows.getString(4))));
                    }
                }
            }
            return rejects;
        });
    }

    private static ImportFile select(Connection connection, ImportKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_FILE)) {
            key.bind(select, 1);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                Timestamp finished = rows.getTimestamp(10);
                return new ImportFile(key, rows.getString(1), fromJson(rows.getString(2)), rows.getInt(3),
                        rows.getInt(4), rows.getInt(5), rows.getInt(6), rows.getInt(7),
                        rows.getTimestamp(8).toInstant(), rows.getTimestamp(9).toInstant(),
                        finished == null ? null : finished.toInstant());
            }
        }
    }

    private static boolean isUniqueViolation(StoreException e) {
        return e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }

    private static String toJson(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A list of strings always serialises to JSON", e);
        }
    }

    private static List<String> fromJson(String json) throws SQLException {
        try {
            return JSON.readValue(json, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new SQLException("A stored import value list is not a JSON array of strings: " + e.getMessage(), e);
        }
    }
}
