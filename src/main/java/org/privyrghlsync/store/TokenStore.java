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

    /** Returns the locations whose tokens were last stored before {@code cutoff}. */
    public java.util.List<String> locationsUpdatedBefore(Instant cutoff) {
        String sql = "SELECT location_id FROM oauth_token WHERE updated_at < ? ORDER BY location_id";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setTimestamp(1, Timestamp.from(cutoff));
            java.util.List<String> locations = new java.util.ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    locations.add(rows.getString(1));
                }
            }
            return locations;
        } catch (SQLException e) {
            throw new StoreException("Reading token ages failed: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces a location's refresh token with a newly provided one and drops its access token, so that the next
     * call refreshes with the new token.
     */
    public void replaceRefreshToken(String locationId, String refreshToken) {
        String sql = "UPDATE oauth_token SET access_token = NULL, refresh_token = ?, expires_at = NULL,"
                + " version = version + 1, updated_at = ? WHERE location_id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, cipher.encrypt(locationId, refreshToken.trim()));
            update.setTimestamp(2, Timestamp.from(Instant.now()));
            update.setString(3, locationId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Replacing the refresh token of location " + locationId + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * New tokens that GHL issued but that the store failed to save. GHL has invalidated the refresh token that the
     * store still contains, so the caller must keep these and save them with {@link #saveRotated} once it can.
     */
    public static final class RotationNotSavedException extends StoreException {
        private final transient StoredToken rotated;

        RotationNotSavedException(StoredToken rotated, Exception cause) {
            super("Saving the rotated OAuth token of location " + rotated.locationId() + " failed: "
                    + (cause instanceof SQLException sql ? reason(sql) : cause.getMessage()), cause);
            this.rotated = rotated;
        }

        /** Returns the tokens that GHL issued. */
        public StoredToken rotated() {
            return rotated;
        }
    }

    /**
     * Saves tokens that {@link #rotate} obtained but failed to save, and returns them with the row's new version.
     * Returns null, saving nothing, when the row no longer has the version that the tokens replace
     * ({@code rotated.version()}): another process or an {@code authorize} stored newer tokens since.
     */
    public StoredToken saveRotated(StoredToken rotated) {
        String locationId = rotated.locationId();
        return Transactions.run(dataSource, "Saving the rotated OAuth token of location " + locationId,
                connection -> update(connection, locationId, rotated, rotated.version())
                        ? new StoredToken(locationId, rotated.accessToken(), rotated.refreshToken(),
                                rotated.expiresAt(), rotated.version() + 1)
                        : null);
    }

    /** Decides, while the location's row is locked, which tokens the row holds next. */
    public interface Rotation {
        /**
         * Returns {@code current} unchanged when it is still good, or new tokens (their version is ignored).
         * {@code current} has a null access token and version 0 before the first refresh.
         */
        StoredToken apply(StoredToken current);
    }

    /**
     * Runs {@code rotation} while holding a row lock on the location's tokens ({@code SELECT ... FOR UPDATE}), and
     * stores what it returns in the same transaction. Processes that share the database therefore refresh one at a
     * time, and each reads the tokens the previous one stored. A row is created from {@code seedRefreshToken} when the
     * location has none yet.
     */
    public StoredToken rotate(String locationId, String seedRefreshToken, Rotation rotation) {
        StoredToken issued = null;
        try (Connection connection = dataSource.getConnection()) {
            seed(connection, locationId, seedRefreshToken);
            connection.setAutoCommit(false);
            try {
                StoredToken current = lockRow(connection, locationId);
                StoredToken next = rotation.apply(current);
                if (next != current) {
                    // The version is that of the row these tokens replace, which saveRotated checks.
                    issued = new StoredToken(locationId, next.accessToken(), next.refreshToken(), next.expiresAt(),
                            current.version());
                    if (!update(connection, locationId, next, current.version())) {
                        throw new SQLException("The OAuth token row of location " + locationId
                                + " changed while locked");
                    }
                    next = new StoredToken(locationId, next.accessToken(), next.refreshToken(), next.expiresAt(),
                            current.version() + 1);
                }
                connection.commit();
                return next;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            if (issued != null) {
                // GHL has already invalidated the refresh token in the row, so the caller must keep these.
                throw new RotationNotSavedException(issued, e);
            }
            if (e instanceof SQLException sql) {
                throw new StoreException("Rotating the OAuth token of location " + locationId + " failed: "
                        + sql.getMessage(), sql);
            }
            throw (RuntimeException) e;
        }
    }

    private void seed(Connection connection, String locationId, String seedRefreshToken) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM oauth_token WHERE location_id = ?")) {
            select.setString(1, locationId);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
        }
        if (seedRefreshToken == null || seedRefreshToken.isBlank()) {
            throw new StoreException("No OAuth token is stored for location " + locationId + " and GHL_REFRESH_TOKEN"
                    + " is empty; set GHL_REFRESH_TOKEN to the refresh token of the location's install", null);
        }
        String sql = "INSERT INTO oauth_token (location_id, access_token, refresh_token, expires_at, version,"
                + " updated_at) VALUES (?, NULL, ?, NULL, 0, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, locationId);
            insert.setString(2, cipher.encrypt(locationId, seedRefreshToken.trim()));
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private StoredToken lockRow(Connection connection, String locationId) throws SQLException {
        String sql = "SELECT access_token, refresh_token, expires_at, version FROM oauth_token WHERE location_id = ?"
                + " FOR UPDATE";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, locationId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                Timestamp expires = rows.getTimestamp(3);
                return new StoredToken(locationId, cipher.decrypt(locationId, rows.getString(1)),
                        cipher.decrypt(locationId, rows.getString(2)), expires == null ? null : expires.toInstant(),
                        rows.getLong(4));
            }
        }
    }

    /** Writes {@code next} to the row when it still has {@code version}, and returns false when it has not. */
    private boolean update(Connection connection, String locationId, StoredToken next, long version)
            throws SQLException {
        String sql = "UPDATE oauth_token SET access_token = ?, refresh_token = ?, expires_at = ?,"
                + " version = version + 1, updated_at = ? WHERE location_id = ? AND version = ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, cipher.encrypt(locationId, next.accessToken()));
            update.setString(2, cipher.encrypt(locationId, next.refreshToken()));
            update.setTimestamp(3, next.expiresAt() == null ? null : Timestamp.from(next.expiresAt()));
            update.setTimestamp(4, Timestamp.from(Instant.now()));
            update.setString(5, locationId);
            update.setLong(6, version);
            return update.executeUpdate() == 1;
        }
    }
}
