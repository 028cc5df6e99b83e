package org.privyrghlsync.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The scheduled jobs as the {@code jobs} command reads them: through the running runtime's admin API, or from the
 * store directly. Both return the body of {@code GET /admin/jobs} and raise {@link CommandFailedException} with a
 * message for the operator.
 */
interface JobsAccess extends AutoCloseable {

    /** Returns {@code {"jobs": [...], "nodes": [...]}}. */
    JsonNode jobs();

    @Override
    void close();
}
