package org.privyrghlsync.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Privyr client (lead) as carried in {@code data.client} of an event.
 *
 * <p>Optional fields are {@code null} when absent from the event. {@code otherFields} keeps the insertion order
 * of the event's JSON object, and its values are strings, numbers or booleans.
 */
public record ClientData(
        String id,
        String name,
        String displayName,
        String email,
        String phone,
        String whatsappNumber,
        String source,
        List<String> groups,
        Map<String, Object> otherFields,
        String notes,
        Instant createdAt,
        Instant updatedAt) {

    public ClientData {
        groups = groups == null ? List.of() : List.copyOf(groups);
        otherFields = otherFields == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(otherFields));
    }
}
