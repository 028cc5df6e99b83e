package org.privyrghlsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.privyrghlsync.admin.AdminException;
import org.privyrghlsync.admin.DeadLetterJson;
import org.privyrghlsync.admin.DeadLetterService;
import org.privyrghlsync.admin.FilterParameters;
import org.privyrghlsync.runtime.OfflineStore;

/**
 * Runs dead-letter operations on the store directly, for when no runtime runs. A replay only makes the event
 * pending: the runtime applies it, with the mappings on disk, when it next starts.
 */
final class OfflineDeadLetters implements DeadLetterAccess {

    private final OfflineStore store;
    private final QuietLogs quietLogs;
    private final DeadLetterService service;
    private final DeadLetterJson bodies = new DeadLetterJson(new ObjectMapper());

    /** @param quietLogs restored when this access is closed */
    OfflineDeadLetters(OfflineStore store, QuietLogs quietLogs) {
        this.store = store;
        this.quietLogs = quietLogs;
        this.service = new DeadLetterService(store.deadLetterStore(), null, null, Clock.systemUTC());
    }

    @Override
    public JsonNode list(Map<String, String> filters) {
        return run(() -> bodies.listing(service.list(FilterParameters.forList(filters))));
    }

    @Override
    public JsonNode show(long id) {
        return run(() -> bodies.detail(service.show(id)));
    }

    @Override
    public JsonNode replay(long id) {
        return run(() -> bodies.replay(service.replay(id)));
    }

    @Override
    public JsonNode replayMatching(Map<String, String> selection) {
        return run(() -> bodies.replay(service.replayMatching(FilterParameters.forReplay(selection))));
    }

    @Override
    public JsonNode discard(long id) {
        return run(() -> bodies.detail(service.discard(id)));
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            quietLogs.close();
        }
    }

    private static JsonNode run(Supplier<JsonNode> operation) {
        try {
            return operation.get();
        } catch (AdminException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }
}
