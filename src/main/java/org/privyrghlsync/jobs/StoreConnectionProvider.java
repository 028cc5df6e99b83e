package org.privyrghlsync.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Gives Quartz's job store connections from the product's HikariCP pool. The pool belongs to the runtime, which
 * closes it after the scheduler has shut down, so {@link #shutdown()} leaves it open.
 */
final class StoreConnectionProvider implements ConnectionProvider {

    private final DataSource dataSource;

    StoreConnectionProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // The runtime closes the pool itself.
    }

    @Override
    public void initialize() {
        // The pool is ready when the runtime creates this provider.
    }
}
