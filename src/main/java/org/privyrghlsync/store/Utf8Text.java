package org.privyrghlsync.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Binds and reads text kept as its UTF-8 bytes: the event payloads and last-pushed values (binary columns since
 * migration 10). H2 copies a binary value whole each time it writes the value's page again, where it writes a string
 * one character at a time.
 */
final class Utf8Text {

    private Utf8Text() {
    }

    static void bind(PreparedStatement statement, int index, String text) throws SQLException {
        statement.setBytes(index, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    static String read(ResultSet rows, int index) throws SQLException {
        byte[] bytes = rows.getBytes(index);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static String read(ResultSet rows, String column) throws SQLException {
        byte[] bytes = rows.getBytes(column);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
