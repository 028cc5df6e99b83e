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
 * Checkpoints and rejected rows of CSV imports, kept per file content and Privyr account. A batch of rows is committed
 * in one transaction with its events, its rejects and the new checkpoint, so after a crash the checkpoint names
 * exactly the rows whose results are stored.
 */
public final class ImportStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() { };
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int MAX_COMMIT_ATTEMPTS = 3;
    private static final String SELECT_FILE = "SELECT file_sha256, account_id, file_name, header, total_rows,"
            + " rows_done, stored, duplicates, rejected, started_at, updated_at, finished_at FROM import_file"
            + " WHERE file_sha256 = ? AND account_id = ?";

    private final DataSource dataSource;

    public ImportStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The checkpoint of one file content imported for one account.
     *
     * @param rowsDone data rows handled so far, in file order, after which the next run starts
     * @param stored rows stored as new events, over all runs
     * @param accountId the Privyr account the rows were imported for, or empty for an import made before the store
     *     kept the account
     * @param duplicates rows whose event was stored before, by an earlier import of any file
     * @param finishedAt when the last row was handled, or null while rows are left
     */
    public record ImportFile(String sha256, String accountId, String fileName, List<String> header, int totalRows,
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

    /** Returns the checkpoint of a file content for an account, or null when it was never imported for it. */
    public ImportFile find(String sha256, String accountId) {
        return Transactions.run(dataSource, "Reading the import checkpoint of " + sha256,
                connection -> select(connection, sha256, accountId));
    }

    /**
     * Returns the checkpoint of a file content for an account, creating one at row 0 when it was never imported for
     * that account.
     */
    public ImportFile begin(String sha256, String accountId, String fileName, List<String> header, int totalRows,
            Instant now) {
        String sql = "INSERT INTO import_file (file_sha256, account_id, file_name, header, total_rows, rows_done,"
                + " stored, duplicates, rejected, started_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?)";
        ImportFile existing = find(sha256, accountId);
        if (existing != null) {
            return existing;
        }
        try {
            return Transactions.run(dataSource, "Creating the import checkpoint of " + fileName, connection -> {
                try (PreparedStatement insert = connection.prepareStatement(sql)) {
                    insert.setString(1, sha256);
                    insert.setString(2, accountId);
                    insert.setString(3, InboxStore.truncate(fileName, 1000));
                    insert.setString(4, toJson(header));
                    insert.setInt(5, totalRows);
                    insert.setTimestamp(6, Timestamp.from(now));
                    insert.setTimestamp(7, Timestamp.from(now));
                    insert.executeUpdate();
                }
                return select(connection, sha256, accountId);
            });
        } catch (StoreException e) {
            if (isUniqueViolation(e)) {
                return find(sha256, accountId);
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
                + " rejected = rejected + ?, updated_at = ? WHERE file_sha256 = ? AND account_id = ? AND rows_done = ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setInt(1, rowsDone);
            update.setInt(2, newEvents);
            update.setInt(3, entries.size() - newEvents);
            update.setInt(4, rejects.size());
            update.setTimestamp(5, Timestamp.from(now));
            update.setString(6, before.sha256());
            update.setString(7, before.accountId());
            update.setInt(8, before.rowsDone());
            if (update.executeUpdate() != 1) {
                throw new StoreException("Another import of " + before.fileName() + " moved its checkpoint past row "
                        + before.rowsDone() + " while this one ran; run one import of a file at a time", null);
            }
        }
        return new Batch(select(connection, before.sha256(), before.accountId()), stored);
    }

    private static void insertRejects(Connection connection, ImportFile file, List<ImportReject> rejects,
            Instant now) throws SQLException {
        if (rejects.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO import_reject (file_sha256, account_id, file_row, column_name, reason, row_values,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (ImportReject reject : rejects) {
                insert.setString(1, file.sha256());
                insert.setString(2, file.accountId());
                insert.setInt(3, reject.fileRow());
                insert.setString(4, reject.column() == null ? null : InboxStore.truncate(reject.column(), 1000));
                insert.setString(5, InboxStore.truncate(reject.reason(), 4000));
                insert.setString(6, toJson(reject.values()));
                insert.setTimestamp(7, Timestamp.from(now));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Marks the import of a file content for an account finished. */
    public ImportFile finish(ImportFile file, Instant now) {
        String sql = "UPDATE import_file SET finished_at = ?, updated_at = ? WHERE file_sha256 = ? AND account_id = ?";
        return Transactions.run(dataSource, "Finishing the import of " + file.fileName(), connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setTimestamp(2, Timestamp.from(now));
                update.setString(3, file.sha256());
                update.setString(4, file.accountId());
                update.executeUpdate();
            }
            return select(connection, file.sha256(), file.accountId());
        });
    }

    /** Returns the rejected rows of a file content imported for an account, in row order. */
    public List<ImportReject> rejects(String sha256, String accountId) {
        String sql = "SELECT file_row, column_name, reason, row_values FROM import_reject WHERE file_sha256 = ?"
                + " AND account_id = ? ORDER BY file_row";
        return Transactions.run(dataSource, "Reading the rejected rows of import " + sha256, connection -> {
            List<ImportReject> rejects = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, sha256);
                select.setString(2, accountId);
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

    private static ImportFile select(Connection connection, String sha256, String accountId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_FILE)) {
            select.setString(1, sha256);
            select.setString(2, accountId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                Timestamp finished = rows.getTimestamp(12);
                return new ImportFile(rows.getString(1), rows.getString(2), rows.getString(3),
                        fromJson(rows.getString(4)), rows.getInt(5), rows.getInt(6), rows.getInt(7), rows.getInt(8),
                        rows.getInt(9), rows.getTimestamp(10).toInstant(), rows.getTimestamp(11).toInstant(),
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
