package org.privyrghlsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void emptyHostVariableNamed(@TempDir Path folder) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder run = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.privyrghlsync.cli.Launcher", "run").redirectErrorStream(true)
                .redirectOutput(folder.resolve("run.log").toFile());
        run.environment().keySet().removeIf(name -> name.startsWith("CAMEL_") || name.equals("JDK_JAVA_OPTIONS")
                || name.equals("JAVA_TOOL_OPTIONS"));
        run.environment().putAll(Map.of("HOST", "", "DATA_DIR", folder.resolve("data").toString(),
                "PRIVYR_WEBHOOK_SECRET", "0123456789abcdef0123456789abcdef", "GHL_LOCATION_ID", "location-1",
                "GHL_PRIVATE_TOKEN", "pit-startup-test", "GHL_BASE_URL", "http://127.0.0.1:9"));

        Process process = run.start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(Files.readString(folder.resolve("run.log"))).contains("privyr-ghl-sync could not start: HOST is"
                + " empty; set it to 0.0.0.0 (every interface), 127.0.0.1 or an address of this machine");
    }
}
