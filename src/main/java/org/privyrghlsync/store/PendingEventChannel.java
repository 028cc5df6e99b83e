package org.privyrghlsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL's LISTEN and NOTIFY on one channel, through which a runtime that stored events of partitions it does not
 * hold tells the other runtimes which partitions have new pending events. A notification is only a hint: the events
 * are in the store, and the runtime that holds their partition also reads them on its lease heartbeat.
 */
public final class PendingEventChannel {

    /** The channel's name; PostgreSQL delivers its notifications to every session that listens to it. */
    static final String CHANNEL = "privyr_sync_pending_events";

    private final DataSource dataSource;

    public PendingEventChannel(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Sends one notification that names the partitions, as a comma-separated list of their numbers. */
    public void announce(Collection<Integer> partitions) {
        String payload = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, payload);
            notify.execute();
        } catch (SQLException e) {
            throw new StoreException("Announcing pending events of partitions " + payload + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** A session that listens to the channel. It keeps one connection of the pool until it is closed. */
    public final class Listener implements AutoCloseable {

        private final Connection connection;
        private final PGConnection postgres;

        private Listener() throws SQLException {
            connection = dataSource.getConnection();
            try {
                postgres = connection.unwrap(PGConnection.class);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }

        /**
         * Waits up to {@code timeoutMillis} for notifications and returns the partitions they name, empty when none
         * arrived.
         */
        public Set<Integer> await(int timeoutMillis) throws SQLException {
            PGNotification[] notifications = postgres.getNotifications(timeoutMillis);
            Set<Integer> partitions = new HashSet<>();
            if (notifications == null) {
                return partitions;
            }
            for (PGNotification notification : notifications) {
                for (String part : notification.getParameter().split(",")) {
                    try {
                        partitions.add(Integer.parseInt(part.trim()));
                    } catch (NumberFormatException e) {
                        // Not sent by this product; ignored.
                    }
                }
            }
            return partitions;
        }

        /** Stops listening and returns the connection to the pool, which would otherwise keep the session listening. */
        @Override
        public void close() {
            try (Statement unlisten = connection.createStatement()) {
                unlisten.execute("UNLISTEN *");
            } catch (SQLException e) {
                // The connection is lost, and its session with it.
            }
            try {
                connection.close();
            } catch (SQLException e) {
                // The connection is discarded; the pool replaces it.
            }
        }
    }

    /** Opens a session that listens to the channel. */
    public Listener listen() {
        try {
            return new Listener();
        } catch (SQLException e) {
            throw new StoreException("Listening for pending events failed: " + e.getMessage(), e);
        }
    }
}
