package org.privyrghlsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.testing.SyncHarness;

/** A stop signal that arrives while the {@code run} command starts. */
class StopDuringStartTest {

    @TempDir
    Path folder;

    @Test
    void sigtermDuringStartClosesStore() throws Exception {
        // The store opens before the HTTP servers start, and they add JVM shutdown hooks.
        String output = runUntil("Store ready", folder.resolve("run.log"));

        assertThat(output).contains("Stopped during start-up, because the process received a stop signal");
        assertThat(output).contains("Stopped, with the store closed");
        assertThat(output).doesNotContain("ERROR").doesNotContain("could not start").doesNotContain("\tat org.");
    }

    @Test
    void sigtermRightAfterStartClosesStore() throws Exception {
        // Camel adds its own shutdown hook right after the start, when it begins to wait for the stop. A signal just
        // before that makes Camel log the failure and skip its stop. The timing varies, so the test sends four.
        for (int attempt = 1; attempt <= 4; attempt++) {
            String output = runUntil("Sync dispatcher started", folder.resolve("run-" + attempt + ".log"));

            assertThat(output).as("attempt %d", attempt).contains("Stopped, with the store closed");
            assertThat(output).as("attempt %d", attempt).doesNotContain("ERROR").doesNotContain("\tat org.");
        }
    }

    /**
     * Starts the {@code run} command in a new JVM, sends SIGTERM once its log contains {@code line}, and returns the
     * log after the process exited.
     */
    private String runUntil(String line, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder run = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.privyrghlsync.cli.Launcher", "run")).redirectErrorStream(true).redirectOutput(log.toFile());
        run.environment().keySet().removeIf(name -> name.startsWith("CAMEL_") || name.equals("JDK_JAVA_OPTIONS")
                || name.equals("JAVA_TOOL_OPTIONS") || name.equals("HOST") || name.endsWith("PORT"));
        // Nothing listens on the discard port, and the test needs no GHL.
        run.environment().putAll(Map.of("DATA_DIR", folder.resolve("data").toString(), "HOST", "127.0.0.1",
                "PORT", Integer.toString(SyncHarness.freePort()), "MANAGEMENT_PORT",
                Integer.toString(SyncHarness.freePort()), "PRIVYR_WEBHOOK_SECRET", "0123456789abcdef0123456789abcdef",
                "GHL_LOCATION_ID", "location-1", "GHL_PRIVATE_TOKEN", "pit-stop-test", "GHL_BASE_URL",
                "http://127.0.0.1:9"));
        Process process = run.start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> Files.readString(log).contains(line));

            process.destroy();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            return Files.readString(log);
        } finally {
            process.destroyForcibly();
        }
    }
}
