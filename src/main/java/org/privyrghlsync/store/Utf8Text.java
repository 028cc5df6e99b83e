package org.privyrghlsync.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * JDBC access to text stored as UTF-8 bytes: event payloads and last-pushed values, binary columns since migration 10.
 * H2 copies a binary value whole when it rewrites a page, but writes a string one character at a time.
 */
final class Utf8Text {

    private Utf8Text() {
    }

    static void bind(PreparedStatement statement, int index, String text) throws SQLException {
        statement.setBytes(index, encode(text));
    }

    /**
     * Returns the text as UTF-8 bytes, or null for null. InboxStore and SyncLedger call it before they queue work for
     * the group commit, so that its single thread only binds the bytes.
     */
    static byte[] encode(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    static String read(ResultSet rows, int index) throws SQLException {
        byte[] bytes = rows.getBytes(index);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static String read(ResultSet rows, String column) throws SQLException {
        return read(rows, rows.findColumn(column));
    }
}
