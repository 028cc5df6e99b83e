package org.privyrghlsync.mapping;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.privyrghlsync.events.ClientData;

/**
 * The Privyr client fields a mapping can read, under the snake_case names of the event's {@code client} object.
 */
final class ClientFields {

    /** The list-valued client field; it can only be mapped to tags. */
    static final String GROUPS = "groups";

    /** Readers by snake_case name, in the order of the event schema. */
    static final Map<String, Function<ClientData, Object>> READERS = readers();

    private ClientFields() {
    }

    private static Map<String, Function<ClientData, Object>> readers() {
        Map<String, Function<ClientData, Object>> readers = new LinkedHashMap<>();
        readers.put("id", ClientData::id);
        readers.put("name", ClientData::name);
        readers.put("display_name", ClientData::displayName);
        readers.put("email", ClientData::email);
        readers.put("phone", ClientData::phone);
        readers.put("whatsapp_number", ClientData::whatsappNumber);
        readers.put("source", ClientData::source);
        readers.put(GROUPS, ClientData::groups);
        readers.put("notes", ClientData::notes);
        readers.put("created_at", client -> isoText(client.createdAt()));
        readers.put("updated_at", client -> isoText(client.updatedAt()));
        return Collections.unmodifiableMap(readers);
    }

    /**
     * Returns the client as the map that {@code simple} expressions see as {@code ${body}}: the snake_case keys
     * above plus {@code other_fields}. Blank strings become {@code null}, so the elvis operator
     * {@code ${body[source]} ?: 'Privyr'} treats them as missing, and {@code other_fields} is never null.
     */
    static Map<String, Object> toSimpleBody(ClientData client) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (Map.Entry<String, Function<ClientData, Object>> reader : READERS.entrySet()) {
            Object value = reader.getValue().apply(client);
            body.put(reader.getKey(), value instanceof String text && text.isBlank() ? null : value);
        }
        body.put("other_fields", client.otherFields());
        return body;
    }

    private static String isoText(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
