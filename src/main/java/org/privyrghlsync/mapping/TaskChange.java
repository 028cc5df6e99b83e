package org.privyrghlsync.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The difference between the desired task values and those last pushed to GHL.
 *
 * @param updateBody the JSON body for {@code PUT /contacts/{contactId}/tasks/{taskId}}: only the changed fields
 *     among {@code title}, {@code dueDate} (wire form), {@code completed} and {@code assignedTo}
 */
public record TaskChange(Map<String, Object> updateBody) {

    /** Copies the body. */
    public TaskChange {
        updateBody = Collections.unmodifiableMap(new LinkedHashMap<>(updateBody));
    }

    /** Returns whether nothing changed, so that no GHL call is needed. */
    public boolean isEmpty() {
        return updateBody.isEmpty();
    }

    /**
     * Returns whether {@code completed} is the only change. The caller then sends {@link #completionBody()} to
     * {@code PUT /contacts/{contactId}/tasks/{taskId}/completed} instead of the full update.
     */
    public boolean completionOnly() {
        return updateBody.keySet().equals(Set.of("completed"));
    }

    /**
     * Returns {@code {"completed": true|false}} for {@code PUT .../tasks/{taskId}/completed}.
     *
     * @throws IllegalStateException if {@link #completionOnly()} is false
     */
    public Map<String, Object> completionBody() {
        if (!completionOnly()) {
            throw new IllegalStateException("the change is not completion-only; send updateBody() instead: "
                    + updateBody.keySet());
        }
        return Map.of("completed", updateBody.get("completed"));
    }
}
