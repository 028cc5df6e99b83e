package org.privyrghlsync.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Configuration read exactly as the runtime reads it (the operator's file, the shipped defaults, -D and the
 * environment), for commands that run beside or instead of the runtime.
 */
public final class CommandConfiguration implements AutoCloseable {

    private final DefaultCamelContext camelContext;
    private final Settings settings;

    private CommandConfiguration(Path configFile, Map<String, String> overrides) {
        camelContext = new DefaultCamelContext();
        camelContext.getPropertiesComponent().setLocation(SyncRuntime.propertyLocations(configFile));
        Properties override = new Properties();
        override.putAll(overrides);
        camelContext.getPropertiesComponent().setOverrideProperties(override);
        settings = new Settings(camelContext);
    }

    /**
     * Reads the configuration; {@code configFile} may be null. {@code overrides} win over the files but not over an
     * environment variable or -D property named after the key, which Camel reads first.
     */
    public static CommandConfiguration read(Path configFile, Map<String, String> overrides) {
        return new CommandConfiguration(configFile, overrides);
    }

    /** Returns a configuration value, or "" when it is empty. */
    public String setting(String key) {
        return settings.text(key);
    }

    Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        camelContext.stop();
    }
}
