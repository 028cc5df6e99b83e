package org.privyrghlsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Keeps the OAuth tokens of each GHL location, encrypted with {@link TokenCipher}, with a version that increases on
 * every rotation.
 */
public final class TokenStore {

    /** Tokens of one location as stored. */
    public record StoredToken(String locationId, String accessToken, String refreshToken, Instant expiresAt,
            long version) {

        @Override
        public String toString() {
            return "StoredToken[locationId=" + locationId + ", expiresAt=" + expiresAt + ", version=" + version + "]";
        }
    }

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final TokenCipher cipher;

    public TokenStore(DataSource dataSource, TokenCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    /**
     * Decrypts every stored token once, so that a missing or wrong key stops start-up instead of failing the first
     * GHL call of each location.
     */
    public void verifyKey() {
        String sql = "SELECT location_id, access_token, refresh_token FROM oauth_token";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                cipher.decrypt(rows.getString(1), rows.getString(3));
                cipher.decrypt(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new StoreException("Reading the stored OAuth tokens failed: " + e.getMessage(), e);
        }
    }

    public Optional<StoredToken> find(String locationId) {
        String sql = "SELECT access_token, refresh_token, expires_at, version FROM oauth_token WHERE location_id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, locationId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Timestamp expires = rows.getTimestamp(3);
                return Optional.of(new StoredToken(locationId, cipher.decrypt(locationId, rows.getString(1)),
                        cipher.decrypt(locationId, rows.getString(2)),
                        expires == null ? null : expires.toInstant(), rows.getLong(4)));
            }
        } catch (SQLException e) {
            throw new StoreException("Reading the OAuth token of location " + locationId + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Stores new tokens only when the stored version still equals {@code expectedVersion} (0 when no row exists yet),
     * in one committed statement. Returns false when another writer rotated the tokens first.
     */
    public boolean compareAndSet(String locationId, String accessToken, String refreshToken, Instant expiresAt,
            long expectedVersion) {
        try (Connection connection = dataSource.getConnection()) {
            if (expectedVersion == 0) {
                return insert(connection, locationId, cipher.encrypt(locationId, accessToken),
                        cipher.encrypt(locationId, refreshToken), expiresAt);
            }
            String sql = "UPDATE oauth_token SET access_token = ?, refresh_token = ?, expires_at = ?,"
                    + " version = version + 1, updated_at = ? WHERE location_id = ? AND version = ?";
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, cipher.encrypt(locationId, accessToken));
                update.setString(2, cipher.encrypt(locationId, refreshToken));
                update.setTimestamp(3, expiresAt == null ? null : Timestamp.from(expiresAt));
                update.setTimestamp(4, Timestamp.from(Instant.now()));
                update.setString(5, locationId);
                update.setLong(6, expectedVersion);
                return update.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new StoreException("Storing the OAuth token of location " + locationId + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static boolean insert(Connection connection, String locationId, String accessToken, String refreshToken,
            Instant expiresAt) throws SQLException {
        String sql = "INSERT INTO oauth_token (location_id, access_token, refresh_token, expires_at, version,"
                + " updated_at) VALUES (?, ?, ?, ?, 1, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, locationId);
            insert.setString(2, accessToken);
            insert.setString(3, refreshToken);
            insert.setTimestamp(4, expiresAt == null ? null : Timestamp.from(expiresAt));
            insert.setTimestamp(5, Timestamp.from(Instant.now()));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }
}
