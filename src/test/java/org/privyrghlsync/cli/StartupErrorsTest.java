package org.privyrghlsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StartupErrorsTest {

    @Test
    void storeInUseNamesDataDir() {
        // H2's error when another process has the embedded store open, as HikariCP wraps it at start-up.
        Throwable failure = new IllegalStateException("Failed to initialize pool",
                new SQLException("Database may be already in use: \"/data/privyr-ghl-sync.mv.db\"", "90020", 90020));

        assertThat(StartupErrors.describe(failure)).isEqualTo("the embedded store is open in another process, such"
                + " as another run, an import or a demo with the same DATA_DIR; stop that process, or set DATA_DIR to"
                + " another folder");
    }

    @Test
    void otherFailureKeepsItsMessage() {
        assertThat(StartupErrors.describe(new IllegalStateException("PORT is 0; set it to a port number from 1 to"
                + " 65535"))).isEqualTo("PORT is 0; set it to a port number from 1 to 65535");
    }
}
