package org.privyrghlsync.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs store work in one JDBC transaction, which is rolled back when the work fails. */
final class Transactions {

    /** Work on the transaction's connection. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    /**
     * Runs {@code work} and commits.
     *
     * @param action what the work does, such as "Replaying 3 dead letters", for the {@link StoreException} message
     */
    static <T> T run(DataSource dataSource, String action, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(action + " failed: " + StoreException.reason(e), e);
        }
    }
}
