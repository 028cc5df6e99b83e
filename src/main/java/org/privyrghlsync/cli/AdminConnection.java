package org.privyrghlsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.privyrghlsync.runtime.CommandConfiguration;
import org.privyrghlsync.runtime.OfflineStore;
import picocli.CommandLine.Option;

/**
 * Options that choose how the {@code dead-letters} and {@code jobs} commands reach the runtime's data: by default
 * through the running runtime's admin API, at the address and with the token of the runtime's own configuration, or
 * with {@code --offline} on the store directly.
 */
final class AdminConnection {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file of the runtime, read for its address, admin token and store (default:"
                    + " ./application.properties when it exists).")
    Path config;

    @Option(names = "--url", paramLabel = "URL",
            description = "Address of the running runtime, such as http://127.0.0.1:8080 (default: HOST and PORT"
                    + " of the configuration, with 127.0.0.1 for 0.0.0.0).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Admin token of the runtime (default: ADMIN_TOKEN or sync.admin.token). Prefer the"
                    + " environment variable, because other users of the machine can see command lines.")
    String token;

    @Option(names = "--offline",
            description = "Open the store directly instead of calling the runtime, for when no runtime runs on this"
                    + " store. A running runtime keeps the embedded H2 store locked.")
    boolean offline;

    @Option(names = "--json", description = "Print the admin API's JSON instead of text. It is not masked.")
    boolean json;

    /** Opens the dead letters through the admin API client, or in the store with {@code --offline}. */
    DeadLetterAccess openDeadLetters() {
        Path file = ConfigFiles.resolve(config);
        if (offline) {
            requireNoAddress();
            OpenedStore opened = openStore(file);
            return new OfflineDeadLetters(opened.store(), opened.quietLogs());
        }
        return adminClient(file);
    }

    /** Opens the scheduled jobs through the admin API client, or in the store with {@code --offline}. */
    JobsAccess openJobs() {
        Path file = ConfigFiles.resolve(config);
        if (offline) {
            requireNoAddress();
            OpenedStore opened = openStore(file);
            return new OfflineJobs(opened.store(), opened.quietLogs());
        }
        return adminClient(file);
    }

    private void requireNoAddress() {
        if (url != null || token != null) {
            throw new IllegalArgumentException("--offline opens the store directly, so --url and --token do not"
                    + " apply; leave them out");
        }
    }

    private AdminClient adminClient(Path file) {
        try (CommandConfiguration configuration = CommandConfiguration.read(file, Map.of())) {
            String adminToken = token != null ? token : configuration.setting("sync.admin.token");
            if (adminToken.isEmpty()) {
                throw new CommandFailedException("No admin token is configured; set ADMIN_TOKEN to the runtime's"
                        + " admin token or pass --token, or add --offline to open the store while no runtime runs");
            }
            return new AdminClient(url != null ? baseUrl(url) : configuredUrl(configuration), adminToken);
        }
    }

    /** The store opened by a command, and the quieted product logs to restore when the store is closed. */
    private record OpenedStore(OfflineStore store, QuietLogs quietLogs) {
    }

    private static OpenedStore openStore(Path file) {
        try (CommandConfiguration configuration = CommandConfiguration.read(file, Map.of())) {
            Path embedded = Path.of(configuration.setting("sync.data-dir")).resolve("privyr-ghl-sync.mv.db");
            if (configuration.setting("sync.datasource.url").isEmpty() && !Files.exists(embedded)) {
                throw new CommandFailedException("No store found at " + embedded.toAbsolutePath()
                        + "; set DATA_DIR (or sync.data-dir in the --config file) to the runtime's data folder");
            }
        }
        QuietLogs quietLogs = new QuietLogs();
        try {
            return new OpenedStore(OfflineStore.open(file, Map.of()), quietLogs);
        } catch (RuntimeException e) {
            quietLogs.close();
            if (StoreInUse.isCause(e)) {
                throw new CommandFailedException("The store is in use by a running runtime; run the command without"
                        + " --offline to go through its admin API", e);
            }
            throw new CommandFailedException("Opening the store failed: " + e.getMessage(), e);
        }
    }

    /** Returns the runtime's address from HOST and PORT; a wildcard address becomes the loopback address. */
    private static String configuredUrl(CommandConfiguration configuration) {
        String host = configuration.setting("camel.server.host");
        if (host.isEmpty() || host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::") || host.equals("[::]")) {
            host = "[::1]";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + configuration.setting("camel.server.port");
    }

    private static String baseUrl(String address) {
        String base = address.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.endsWith("/admin")) {
            base = base.substring(0, base.length() - "/admin".length());
        }
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw new IllegalArgumentException("Invalid --url '" + address + "'; expected an address such as"
                    + " http://127.0.0.1:8080");
        }
        return base;
    }
}
