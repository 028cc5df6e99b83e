package org.privyrghlsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privyrghlsync.runtime.SyncRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the runtime from application.properties and the environment, and runs until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true, version = Launcher.VERSION,
        description = {"Starts the runtime: the Privyr receiver on PORT, the inbox store in DATA_DIR and the sync"
                + " to GHL. Runs until Ctrl-C or SIGTERM.",
            "Required: PRIVYR_WEBHOOK_SECRET, GHL_LOCATION_ID, and GHL_PRIVATE_TOKEN or GHL_CLIENT_ID +"
                + " GHL_CLIENT_SECRET with the tokens that the authorize command stored (or GHL_REFRESH_TOKEN)."
                + " See README.md for every key."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file whose keys override the defaults (default: ./application.properties"
                    + " when it exists).")
    Path config;

    @Override
    public Integer call() throws Exception {
        Path file = config;
        if (file == null && Files.exists(Path.of("application.properties"))) {
            file = Path.of("application.properties");
        }
        if (file != null && !Files.isReadable(file)) {
            System.err.println("Cannot read the configuration file " + file.toAbsolutePath()
                    + "; check --config.");
            return 2;
        }
        try {
            SyncRuntime.create(file, Map.of()).runUntilStopped();
            return 0;
        } catch (Exception e) {
            System.err.println("privyr-ghl-sync could not start: " + StartupErrors.describe(e));
            return 1;
        }
    }
}
