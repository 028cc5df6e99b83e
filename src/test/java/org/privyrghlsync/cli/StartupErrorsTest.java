package org.privyrghlsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
    void camelEmptyValueNamesKeyAndFix() {
        Throwable failure = new IllegalArgumentException("Error configuring property: camel.main.name because value"
                + " is empty");

        assertThat(StartupErrors.describe(failure)).isEqualTo("Configuration key camel.main.name is empty in the"
                + " configuration file, a -D option or the environment variable CAMEL_MAIN_NAME; give it a value, or"
                + " remove that setting to use the default");
    }

    @Test
    void emptyHostVariableNamed(@TempDir Path folder) throws Exception {
        String output = runFailing(folder, Map.of("HOST", ""), List.of(), List.of());

        assertThat(output).contains("privyr-ghl-sync could not start: HOST is empty; set it to 0.0.0.0 (every"
                + " interface), 127.0.0.1 or an address of this machine");
    }

    @Test
    void invalidPortVariablesNamed(@TempDir Path folder) throws Exception {
        for (String variable : List.of("PORT", "MANAGEMENT_PORT")) {
            String output = runFailing(folder, Map.of(variable, "abc"), List.of(), List.of());

            assertThat(output).as(variable).contains("privyr-ghl-sync could not start: " + variable + " is 'abc',"
                    + " which is not a whole number; set it to a port number from 1 to 65535");
        }
        String fromSystemProperty = runFailing(folder, Map.of(), List.of("-Dcamel.server.port=abc"), List.of());
        assertThat(fromSystemProperty).contains("privyr-ghl-sync could not start: Configuration key camel.server.port"
                + " is 'abc', which is not a whole number");
    }

    @Test
    void emptyHostInFileOrSystemPropertyNamed(@TempDir Path folder) throws Exception {
        Path config = Files.writeString(folder.resolve("empty-host.properties"), "camel.server.host =\n");
        String expected = "privyr-ghl-sync could not start: Configuration key camel.server.host is empty in the"
                + " configuration file, a -D option or the environment variable CAMEL_SERVER_HOST; set it to 0.0.0.0"
                + " (every interface), 127.0.0.1 or an address of this machine, or remove that setting to use HOST or"
                + " its default";

        String fromFile = runFailing(folder, Map.of(), List.of(), List.of("--config", config.toString()));
        String fromSystemProperty = runFailing(folder, Map.of(), List.of("-Dcamel.server.host="), List.of());

        assertThat(fromFile).contains(expected);
        assertThat(fromSystemProperty).contains(expected);
    }

    @Test
    void smallPoolOnPostgresRejected(@TempDir Path folder) throws Exception {
        // Nothing listens on the discard port: the check runs before the store is opened.
        String output = runFailing(folder, Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:9/sync"),
                List.of("-Dsync.datasource.pool-size=2"), List.of());

        assertThat(output).contains("privyr-ghl-sync could not start: Configuration key sync.datasource.pool-size is"
                + " 2, but a runtime on PostgreSQL needs at least 5 connections; set it to 5 or more");
    }

    /**
     * Runs the {@code run} command in a new JVM, with {@code environment} added to a valid configuration, expects it
     * to exit with 1, and returns what it printed.
     */
    private static String runFailing(Path folder, Map<String, String> environment, List<String> javaOptions,
            List<String> runArguments) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.privyrghlsync.cli.Launcher", "run"));
        command.addAll(runArguments);
        Path log = Files.createTempFile(folder, "run", ".log");
        ProcessBuilder run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        run.environment().keySet().removeIf(name -> name.startsWith("CAMEL_") || name.equals("JDK_JAVA_OPTIONS")
                || name.equals("JAVA_TOOL_OPTIONS") || name.equals("HOST") || name.endsWith("PORT"));
        run.environment().putAll(Map.of("DATA_DIR", folder.resolve("data").toString(),
                "PRIVYR_WEBHOOK_SECRET", "0123456789abcdef0123456789abcdef", "GHL_LOCATION_ID", "location-1",
                "GHL_PRIVATE_TOKEN", "pit-startup-test", "GHL_BASE_URL", "http://127.0.0.1:9"));
        run.environment().putAll(environment);

        Process process = run.start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        return Files.readString(log);
    }
}
