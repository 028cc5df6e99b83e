package org.privyrghlsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.store.ImportStore.ImportFile;
import org.privyrghlsync.store.ImportStore.ImportKey;
import org.privyrghlsync.store.ImportStore.ImportReject;

/**
 * Migration 13 keys import checkpoints and rejects by file content, account and mapping. An import from before it
 * keeps its rows under an empty account and mapping, and the same file can then be imported for any account, on H2
 * and on PostgreSQL.
 */
class ImportKeyMigrationTest {

    private static final String SHA = "4af0281dfb37aa00000000000000000000000000000000000000000000000000";
    private static final String MAPPING = "9c1d000000000000000000000000000000000000000000000000000000000000";
    private static final Instant NOW = Instant.parse("2026-03-14T10:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void h2MigrationKeepsEarlierImport() throws Exception {
        String url = Database.embeddedUrl(dataDir);
        writeVersion12Import(url, "", "");

        try (Database database = Database.open(url, "", "", dataDir, 2)) {
            assertImportsPerAccount(new ImportStore(database.dataSource()));
        }
    }

    @Test
    void postgresMigrationKeepsEarlierImport() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            writeVersion12Import(url, "postgres", "postgres");

            try (Database database = Database.open(url, "postgres", "postgres", dataDir, 2)) {
                assertImportsPerAccount(new ImportStore(database.dataSource()));
            }
        }
    }

    /** Migrates a new store up to version 12 and writes a finished import with one rejected row. */
    private static void writeVersion12Import(String url, String user, String password) throws SQLException {
        Flyway.configure().dataSource(url, user, password).locations(Database.migrationLocations(url)).target("12")
                .load().migrate();
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO import_file (file_sha256, file_name, header, total_rows, rows_done,"
                    + " stored, duplicates, rejected, started_at, updated_at, finished_at) VALUES ('" + SHA
                    + "', 'leads.csv', '[\"Name\"]', 2, 2, 1, 0, 1, TIMESTAMP '2026-03-14 09:00:00',"
                    + " TIMESTAMP '2026-03-14 09:00:00', TIMESTAMP '2026-03-14 09:00:00')");
            statement.executeUpdate("INSERT INTO import_reject (file_sha256, file_row, column_name, reason,"
                    + " row_values, created_at) VALUES ('" + SHA + "', 3, 'Name', 'the name is empty', '[\"\"]',"
                    + " TIMESTAMP '2026-03-14 09:00:00')");
        }
    }

    private static void assertImportsPerAccount(ImportStore store) {
        ImportKey earlier = new ImportKey(SHA, "", "");
        ImportKey accountB = new ImportKey(SHA, "acct-b", MAPPING);
        assertThat(store.find(earlier)).extracting(ImportFile::rowsDone, ImportFile::finished)
                .containsExactly(2, true);
        assertThat(store.rejects(earlier)).extracting(ImportReject::fileRow).containsExactly(3);

        ImportFile second = store.begin(accountB, "leads.csv", List.of("Name"), 2, NOW);
        store.commit(second, List.of(), List.of(new ImportReject(3, "Name", "the name is empty", List.of(""))), 2,
                NOW);

        assertThat(second.rowsDone()).isZero();
        assertThat(second.finished()).isFalse();
        assertThat(store.find(accountB).rowsDone()).isEqualTo(2);
        assertThat(store.rejects(accountB)).extracting(ImportReject::fileRow).containsExactly(3);
        assertThat(store.find(earlier)).extracting(ImportFile::rowsDone, ImportFile::finished)
                .containsExactly(2, true);
        assertThat(store.find(new ImportKey(SHA, "acct-b", "0".repeat(64)))).isNull();
    }
}
