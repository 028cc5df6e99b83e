package org.privyrghlsync.runtime;

import java.nio.file.Path;
import java.util.Map;
import org.privyrghlsync.jobs.ClusteredSchedulerFactory;
import org.privyrghlsync.store.DataFolderPermissions;
import org.privyrghlsync.store.Database;
import org.privyrghlsync.store.JobRunStore;
import org.privyrghlsync.store.DeadLetterStore;
import org.privyrghlsync.store.ImportStore;
import org.privyrghlsync.store.LocationStateStore;
import org.privyrghlsync.store.TokenStore;

/**
 * The store and configuration without the runtime, for commands that run beside or instead of it, such as
 * {@code authorize}. Configuration is read exactly as the runtime reads it.
 */
public final class OfflineStore implements AutoCloseable {

    private final CommandConfiguration configuration;
    private final Database database;
    private final LocationStateStore locationStates;
    private TokenStore tokenStore;

    private OfflineStore(Path configFile, Map<String, String> overrides) {
        configuration = CommandConfiguration.read(configFile, overrides);
        Settings settings = configuration.settings();
        try {
            database = Database.open(settings.text("sync.datasource.url"), settings.text("sync.datasource.user"),
                    settings.text("sync.datasource.password"), Path.of(settings.text("sync.data-dir")), 2,
                    Components.storeCompaction(settings), settings.bool("sync.store.fsync"));
        } catch (RuntimeException e) {
            configuration.close();
            throw e;
        }
        if (settings.text("sync.datasource.url").isEmpty()) {
            DataFolderPermissions.warnIfOpen(Path.of(settings.text("sync.data-dir")));
        }
        locationStates = new LocationStateStore(database.dataSource());
    }

    /**
     * Opens the store; {@code configFile} may be null. {@code overrides} win over the files but not over an
     * environment variable or -D property named after the key, which Camel reads first.
     */
    public static OfflineStore open(Path configFile, Map<String, String> overrides) {
        return new OfflineStore(configFile, overrides);
    }

    /** Returns a configuration value, or "" when it is empty. */
    public String setting(String key) {
        return configuration.setting(key);
    }

    /**
     * Returns the store of OAuth tokens. The first call reads the token key, creating the key file when it is
     * missing, and checks it against the stored tokens.
     */
    public synchronized TokenStore tokenStore() {
        if (tokenStore == null) {
            TokenStore store = new TokenStore(database.dataSource(), Components.tokenCipher(configuration.settings()));
            store.verifyKey();
            tokenStore = store;
        }
        return tokenStore;
    }

    public LocationStateStore locationStates() {
        return locationStates;
    }

    /** Returns the checkpoints and rejected rows of CSV imports. */
    public ImportStore importStore() {
        return new ImportStore(database.dataSource());
    }

    /** Returns the runs of the scheduled jobs, and their schedules from Quartz's tables. */
    public JobRunStore jobRunStore() {
        return new JobRunStore(database.dataSource(), ClusteredSchedulerFactory.SCHEDULER_NAME);
    }

    /** Returns the dead letters of the store. */
    public DeadLetterStore deadLetterStore() {
        return new DeadLetterStore(database.dataSource());
    }

    @Override
    public void close() {
        database.close();
        configuration.close();
    }
}
