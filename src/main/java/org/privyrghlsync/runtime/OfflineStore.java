package org.privyrghlsync.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.privyrghlsync.store.Database;
import org.privyrghlsync.store.LocationStateStore;
import org.privyrghlsync.store.TokenStore;

/**
 * The store and configuration without the runtime, for commands that run beside or instead of it, such as
 * {@code authorize}. Configuration is read exactly as the runtime reads it.
 */
public final class OfflineStore implements AutoCloseable {

    private final DefaultCamelContext camelContext;
    private final Settings settings;
    private final Database database;
    private final TokenStore tokenStore;
    private final LocationStateStore locationStates;

    private OfflineStore(Path configFile, Map<String, String> overrides) {
        camelContext = new DefaultCamelContext();
        camelContext.getPropertiesComponent().setLocation(SyncRuntime.propertyLocations(configFile));
        Properties override = new Properties();
        override.putAll(overrides);
        camelContext.getPropertiesComponent().setOverrideProperties(override);
        settings = new Settings(camelContext);
        database = Database.open(settings.text("sync.datasource.url"), settings.text("sync.datasource.user"),
                settings.text("sync.datasource.password"), Path.of(settings.text("sync.data-dir")),
                2);
        tokenStore = new TokenStore(database.dataSource(), Components.tokenCipher(settings));
        tokenStore.verifyKey();
        locationStates = new LocationStateStore(database.dataSource());
    }

    /** Opens the store; {@code configFile} may be null, {@code overrides} take precedence over everything. */
    public static OfflineStore open(Path configFile, Map<String, String> overrides) {
        return new OfflineStore(configFile, overrides);
    }

    /** Returns a configuration value, or "" when it is empty. */
    public String setting(String key) {
        return settings.text(key);
    }

    public TokenStore tokenStore() {
        return tokenStore;
    }

    public LocationStateStore locationStates() {
        return locationStates;
    }

    @Override
    public void close() {
        database.close();
        camelContext.stop();
    }
}
