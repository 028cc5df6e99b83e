package org.privyrghlsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Keeps the locations that need to be authorized again, with the reason, so the state survives a restart. */
public final class LocationStateStore {

    /** Value of {@code location_state.state} for a location whose refresh token no longer works. */
    public static final String REAUTH_REQUIRED = "REAUTH_REQUIRED";

    private final DataSource dataSource;

    public LocationStateStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns the reason of every location that needs to be authorized again, keyed by location id. */
    public Map<String, String> reauthRequired() {
        String sql = "SELECT location_id, reason FROM location_state WHERE state = ? ORDER BY location_id";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, REAUTH_REQUIRED);
            Map<String, String> locations = new LinkedHashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    locations.put(rows.getString(1), rows.getString(2));
                }
            }
            return locations;
        } catch (SQLException e) {
            throw new StoreException("Reading location states failed: " + e.getMessage(), e);
        }
    }

    public void markReauthRequired(String locationId, String reason) {
        String update = "UPDATE location_state SET state = ?, reason = ?, updated_at = ? WHERE location_id = ?";
        String insert = "INSERT INTO location_state (state, reason, updated_at, location_id) VALUES (?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection()) {
            if (execute(connection, update, locationId, reason) == 0) {
                execute(connection, insert, locationId, reason);
            }
        } catch (SQLException e) {
            throw new StoreException("Storing the state of location " + locationId + " failed: " + e.getMessage(), e);
        }
    }

    public void clear(String locationId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM location_state WHERE location_id = ?")) {
            delete.setString(1, locationId);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Clearing the state of location " + locationId + " failed: " + e.getMessage(), e);
        }
    }

    private static int execute(Connection connection, String sql, String locationId, String reason)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, REAUTH_REQUIRED);
            statement.setString(2, InboxStore.truncate(reason, 2000));
            statement.setTimestamp(3, Timestamp.from(Instant.now()));
            statement.setString(4, locationId);
            return statement.executeUpdate();
        }
    }
}
