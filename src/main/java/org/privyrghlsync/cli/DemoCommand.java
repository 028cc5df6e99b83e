package org.privyrghlsync.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.component.properties.PropertiesComponent;
import org.privyrghlsync.events.WebhookSignature;
import org.privyrghlsync.runtime.Components;
import org.privyrghlsync.runtime.SyncRuntime;
import org.privyrghlsync.sandbox.GhlSandbox;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.InboxStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the GHL sandbox and the runtime in one process, feeds them the sample events and prints a summary. */
@Command(name = "demo", mixinStandardHelpOptions = true, version = Launcher.VERSION,
        description = {"Starts the GHL sandbox and the runtime together, posts every sample event (signed, in file"
                + " name order) to the receiver, waits until all are processed, prints a summary and exits.",
            "Needs no GHL account and no configuration; the store is a fresh folder."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--samples", paramLabel = "DIR", defaultValue = "samples",
            description = "Folder of sample events (default: ${DEFAULT-VALUE}; the copies inside the jar when it"
                    + " does not exist).")
    Path samplesDir;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Store folder (default: a new temporary folder, deleted on exit).")
    Path dataDir;

    @Option(names = "--mappings", paramLabel = "DIR",
            description = "Mappings folder to use, such as mappings, to try a change of its files; a broken file"
                    + " stops the demo with its error (default: the shipped mappings inside the jar).")
    Path mappingsDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for all events to be processed, in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (mappingsDir != null && !Files.isDirectory(mappingsDir)) {
            System.err.println("The mappings folder " + mappingsDir.toAbsolutePath() + " does not exist; pass the"
                    + " folder that holds contact.yaml and task.yaml.");
            return 2;
        }
        List<SampleEvents.Sample> samples = SampleEvents.load(samplesDir);
        Path store = dataDir != null ? dataDir : Files.createTempDirectory("privyr-ghl-sync-demo");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String secretText = HexFormat.of().formatHex(secret);
        int port = freePort();
        try (GhlSandbox sandbox = GhlSandbox.start(SandboxConfig.builder().port(0).build())) {
            Map<String, String> overrides = runtimeSettings(port, store, secretText, sandbox);
            if (mappingsDir != null) {
                overrides.put("sync.mappings-dir", mappingsDir.toString());
            }
            SyncRuntime started;
            try {
                started = SyncRuntime.create(null, overrides).start();
            } catch (Exception e) {
                System.err.println("The demo could not start the runtime: " + StartupErrors.describe(e));
                return 1;
            }
            try (SyncRuntime runtime = started) {
                DemoSummary summary = feed(samples, port, secretText.getBytes(StandardCharsets.UTF_8));
                boolean finished = awaitProcessed(runtime.components(), Duration.ofSeconds(timeoutSeconds));
                summary.print(System.out, runtime.components(), sandbox.requests().size(), finished);
                return finished ? 0 : 1;
            }
        } finally {
            if (dataDir == null) {
                deleteQuietly(store);
            }
        }
    }

    /**
     * Returns the settings that make the runtime use only the sandbox, {@code store} and the shipped routes and
     * mappings, whatever the environment sets for {@code run}.
     */
    private static Map<String, String> runtimeSettings(int port, Path store, String secret, GhlSandbox sandbox) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "camel.server.port", Integer.toString(port),
                "camel.server.host", "127.0.0.1",
                "camel.management.enabled", "false",
                "sync.data-dir", store.toString(),
                "privyr.webhook-secret", secret,
                "ghl.base-url", sandbox.baseUrl(),
                "ghl.location-id", sandbox.config().locationId(),
                "ghl.private-token", sandbox.config().privateToken()));

        // Camel reads a key from an environment variable or -D property of the same name (GHL_BASE_URL for
        // ghl.base-url) before these settings, unless the lookups are in fallback mode.
        settings.put("camel.component.properties.environment-variable-mode",
                Integer.toString(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_FALLBACK));
        settings.put("camel.component.properties.system-properties-mode",
                Integer.toString(PropertiesComponent.SYSTEM_PROPERTIES_MODE_FALLBACK));
        // camel-main also applies CAMEL_* variables and -Dcamel.* properties itself.
        settings.put("camel.main.auto-configuration-environment-variables-enabled", "false");
        settings.put("camel.main.auto-configuration-system-properties-enabled", "false");

        // An integrator's routes may call other services, and the samples' outcomes are those of the shipped
        // mapping. An empty routes folder setting, and a mappings folder that does not exist, select the copies
        // inside the jar.
        settings.put("sync.routes-dir", "");
        settings.put("sync.mappings-dir", store.resolve("shipped").toString());

        // Settings of `run` that would reach other systems or files.
        for (String key : List.of("sync.datasource.url", "sync.datasource.user", "sync.datasource.password",
                "sync.token-encryption-key", "sync.token-key-file", "sync.admin.token",
                "privyr.account-locations", "privyr.mailbox.host",
                "ghl.client-id", "ghl.client-secret", "ghl.refresh-token")) {
            settings.put(key, "");
        }
        return settings;
    }

    private static DemoSummary feed(List<SampleEvents.Sample> samples, int port, byte[] secret)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/privyr/events");
        DemoSummary summary = new DemoSummary();
        for (SampleEvents.Sample sample : samples) {
            String header = WebhookSignature.sign(secret, Instant.now().getEpochSecond(), sample.body());
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .header("X-Signature", header)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(sample.body()))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            summary.record(sample.name(), response.statusCode(), response.body());
        }
        return summary;
    }

    private static boolean awaitProcessed(Components components, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (components.inbox().countByStatus().get(InboxStatus.PENDING) == 0
                    && components.dispatcher().inFlight() == 0) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary folder is harmless.
        }
    }
}
