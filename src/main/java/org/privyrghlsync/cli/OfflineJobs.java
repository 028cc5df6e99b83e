package org.privyrghlsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.privyrghlsync.admin.JobsJson;
import org.privyrghlsync.runtime.OfflineStore;
import org.privyrghlsync.store.StoreException;

/** Reads the scheduled jobs' schedules and latest runs from the store directly, for when no runtime runs. */
final class OfflineJobs implements JobsAccess {

    private final OfflineStore store;
    private final QuietLogs quietLogs;
    private final JobsJson bodies = new JobsJson(new ObjectMapper());

    /** @param quietLogs restored when this access is closed */
    OfflineJobs(OfflineStore store, QuietLogs quietLogs) {
        this.store = store;
        this.quietLogs = quietLogs;
    }

    @Override
    public JsonNode jobs() {
        try {
            return bodies.listing(store.jobRunStore());
        } catch (StoreException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            quietLogs.close();
        }
    }
}
