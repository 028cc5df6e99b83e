package org.privyrghlsync.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Empty databases on an embedded PostgreSQL server, one per test, so that tests do not see each other's rows. */
public final class PostgresDatabases {

    private PostgresDatabases() {
    }

    /** Creates the database {@code name} on {@code postgres} and returns its JDBC URL for the user postgres. */
    public static String create(EmbeddedPostgres postgres, String name) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }
}
