package org.privyrghlsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Chooses the properties file of commands that read the runtime's configuration. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /**
     * Returns the file given with {@code --config}, else ./application.properties when it exists, else null.
     *
     * @throws IllegalArgumentException when the {@code --config} file cannot be read
     */
    static Path resolve(Path config) {
        if (config != null) {
            if (!Files.isReadable(config)) {
                throw new IllegalArgumentException("Cannot read the configuration file " + config.toAbsolutePath()
                        + "; check --config");
            }
            return config;
        }
        Path local = Path.of("application.properties");
        return Files.exists(local) ? local : null;
    }
}
