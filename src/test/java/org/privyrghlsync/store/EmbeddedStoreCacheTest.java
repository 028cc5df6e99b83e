package org.privyrghlsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's page cache is kept small, so that pages of recent commits do not reach the old generation. */
class EmbeddedStoreCacheTest {

    @TempDir
    Path dataDir;

    @Test
    void pageCacheIs4Mb() throws Exception {
        try (Database database = Database.open("", "", "", dataDir, 2);
                Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                        + " WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'")) {
            assertThat(rows.next()).isTrue();
            // H2 reports the maximum in MB.
            assertThat(rows.getString(1)).isEqualTo("4");
        }
    }
}
