package org.privyrghlsync.ghl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns custom field references by key ({@code contact.budget}) into GHL's field ids, which GHL's contact schemas
 * require ({@code {id, field_value}}). The ids come from {@code GET /locations/{locationId}/customFields}, read once
 * per location and read again, at most once a minute, when a key is missing.
 */
public final class CustomFieldDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(CustomFieldDirectory.class);
    private static final Duration RELOAD_AFTER = Duration.ofMinutes(1);
    private static final String PREFIX = "contact.";

    private record Fields(Map<String, String> idsByKey, Instant loadedAt) {
    }

    private final GhlClient ghl;
    private final Clock clock;
    private final Map<String, Fields> byLocation = new ConcurrentHashMap<>();
    private final Set<String> reportedMissing = ConcurrentHashMap.newKeySet();

    public CustomFieldDirectory(GhlClient ghl, Clock clock) {
        this.ghl = ghl;
        this.clock = clock;
    }

    /**
     * Returns a copy of a contact body whose {@code customFields} entries all carry an {@code id}. An entry whose key
     * does not exist in the location is left out and logged once, because GHL's contact schemas require an id.
     */
    public Map<String, Object> resolve(String locationId, Map<String, Object> body) {
        if (!(body.get("customFields") instanceof List<?> entries)) {
            return body;
        }
        List<Map<String, Object>> resolved = new ArrayList<>(entries.size());
        for (Object item : entries) {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) item;
            if (entry.containsKey("id")) {
                resolved.add(entry);
                continue;
            }
            String key = String.valueOf(entry.get("key"));
            String id = idOf(locationId, key);
            if (id == null) {
                if (reportedMissing.add(locationId + '/' + key)) {
                    LOG.warn("Custom field '{}' does not exist in GHL location {}, so its value is not sent; create"
                            + " it in GHL (Settings > Custom Fields) or change mappings/contact.yaml. The field list"
                            + " is read again at most once a minute while a key is missing", key, locationId);
                }
                continue;
            }
            Map<String, Object> withId = new LinkedHashMap<>();
            withId.put("id", id);
            withId.put("field_value", entry.get("field_value"));
            resolved.add(withId);
        }
        Map<String, Object> copy = new LinkedHashMap<>(body);
        if (resolved.isEmpty()) {
            copy.remove("customFields");
        } else {
            copy.put("customFields", resolved);
        }
        return copy;
    }

    private String idOf(String locationId, String key) {
        String normalized = normalize(key);
        Fields fields = byLocation.get(locationId);
        if (fields == null || !fields.idsByKey().containsKey(normalized)
                && fields.loadedAt().plus(RELOAD_AFTER).isBefore(clock.instant())) {
            fields = load(locationId, fields);
        }
        return fields.idsByKey().get(normalized);
    }

    /** Reads the location's fields unless another thread replaced {@code seen} while this one waited. */
    private synchronized Fields load(String locationId, Fields seen) {
        Fields current = byLocation.get(locationId);
        if (current != null && current != seen) {
            return current;
        }
        GhlResponse answer = ghl.send(locationId, "GET", "/locations/" + locationId + "/customFields", "model=contact",
                null);
        Map<String, String> ids = new ConcurrentHashMap<>();
        for (JsonNode field : answer.body().path("customFields")) {
            String fieldKey = field.path("fieldKey").asText("");
            String id = field.path("id").asText("");
            if (!fieldKey.isEmpty() && !id.isEmpty()) {
                ids.put(normalize(fieldKey), id);
            }
        }
        Fields fields = new Fields(ids, clock.instant());
        byLocation.put(locationId, fields);
        LOG.info("Read {} custom fields of GHL location {}", ids.size(), locationId);
        return fields;
    }

    private static String normalize(String key) {
        String lower = key.trim().toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith(PREFIX) ? lower.substring(PREFIX.length()) : lower;
    }
}
