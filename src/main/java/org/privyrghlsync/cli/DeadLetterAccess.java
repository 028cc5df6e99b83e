package org.privyrghlsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Dead-letter operations as the {@code dead-letters} command runs them: through the running runtime's admin API, or
 * on the store directly. Both return the admin API's JSON bodies and raise {@link CommandFailedException} with a
 * message for the operator.
 */
interface DeadLetterAccess extends AutoCloseable {

    /** Returns {@code {"dead_letters": [...], "count": n, "truncated": bool}}. */
    JsonNode list(Map<String, String> filters);

    JsonNode show(long id);

    JsonNode replay(long id);

    /** Replays by filters, or every open dead letter with {@code all=true}. */
    JsonNode replayMatching(Map<String, String> selection);

    JsonNode discard(long id);

    @Override
    void close();
}
