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
import org.privyrghlsync.sandbox.GhlSandbox;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.SyncHarness;

/** What the {@code run} command does on a stop signal from the operating system. */
class SignalStopTest {

    @TempDir
    Path folder;

    @Test
    void sigtermClosesStore() throws Exception {
        try (GhlSandbox sandbox = GhlSandbox.start(SandboxConfig.builder().port(0).build())) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path log = folder.resolve("run.log");
            ProcessBuilder run = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp",
                    System.getProperty("java.class.path"), "org.privyrghlsync.cli.Launcher", "run"))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            run.environment().keySet().removeIf(name -> name.startsWith("CAMEL_") || name.equals("JDK_JAVA_OPTIONS")
                    || name.equals("JAVA_TOOL_OPTIONS") || name.equals("HOST") || name.endsWith("PORT"));
            run.environment().putAll(Map.of("DATA_DIR", folder.resolve("data").toString(), "HOST", "127.0.0.1",
                    "PORT", Integer.toString(SyncHarness.freePort()), "MANAGEMENT_PORT",
                    Integer.toString(SyncHarness.freePort()), "PRIVYR_WEBHOOK_SECRET", "0123456789abcdef0123456789abcdef",
                    "GHL_LOCATION_ID", sandbox.config().locationId(), "GHL_PRIVATE_TOKEN",
                    sandbox.config().privateToken(), "GHL_BASE_URL", sandbox.baseUrl()));
            Process process = run.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("Ready: POST"));

                // SIGTERM on Linux and macOS.
                process.destroy();

                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
                assertThat(Files.readString(log)).contains("Sync dispatcher stopped", "Stopped, with the store closed");
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
