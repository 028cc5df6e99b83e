package org.privyrghlsync.csvimport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.privyrghlsync.events.EventIds;

/**
 * Builds the {@code client.created} event of one CSV row in the contract of docs/events.md, so that it is parsed,
 * stored and applied exactly like an event posted to the receiver.
 *
 * <p>The ids are deterministic, so importing the same row again for the same account with the same mapping gives the
 * same event, which the inbox stores once. The event id carries the account and {@code <mapping>}, the first 8 hex
 * digits of the import mapping's fingerprint, so a second account or a changed mapping stores the row again:
 * <ul>
 *   <li>With a Privyr client id in the row, the client id is that id and the event id is
 *       {@code csv-import-<account>:<mapping>:<id>}.</li>
 *   <li>Without one, the client id is {@code csv-} and a SHA-256 hash of the row's mapped values, and the event id is
 *       {@code csv-import-<account>:<mapping>:csv-<hash>}. The same lead in another export keeps its ids as long as
 *       its values are the same.</li>
 * </ul>
 * An account and id with characters that event ids do not allow, an account with a colon, or a key too long for an
 * event id are hashed together: {@code csv-import-h-<hash>}.
 */
final class ImportEvent {

    /** The event's {@code source}, which names this producer. */
    static final String SOURCE = "privyr-csv-import";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT_ID_PREFIX = "csv-import-";
    /** Hex digits of the mapping's fingerprint in an event id. */
    static final int MAPPING_TAG_LENGTH = 8;
    /** Account and client ids that fit the event id alphabet and its 128-character limit after the prefix. */
    private static final Pattern EVENT_ID_SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,117}");

    private ImportEvent() {
    }

    /**
     * Returns the event as UTF-8 JSON.
     *
     * @param client the {@code data.client} object without {@code id}. Its fields must be in a fixed order, because
     *     a row without a Privyr id is identified by a hash of its JSON
     * @param privyrId the row's Privyr client id, or null
     * @param occurredAt the event's {@code occurred_at}
     * @param mappingTag the first {@link #MAPPING_TAG_LENGTH} hex digits of the import mapping's fingerprint
     */
    static byte[] toJson(ObjectNode client, String privyrId, Instant occurredAt, String accountId,
            String mappingTag) {
        String clientId = privyrId != null ? privyrId : "csv-" + EventIds.hash(client.toString());
        ObjectNode event = JSON.createObjectNode();
        event.put("schema_version", "1");
        event.put("event_id", eventId(accountId + ":" + mappingTag, clientId));
        event.put("event_type", "client.created");
        event.put("occurred_at", DateTimeFormatter.ISO_INSTANT.format(occurredAt.truncatedTo(ChronoUnit.SECONDS)));
        event.put("account_id", accountId);
        event.put("source", SOURCE);
        ObjectNode withId = JSON.createObjectNode();
        withId.put("id", clientId);
        withId.setAll(client);
        event.putObject("data").set("client", withId);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String eventId(String accountAndMapping, String clientId) {
        String key = accountAndMapping + ":" + clientId;
        // An account id with a colon would make the key ambiguous, so it is hashed too.
        if (accountAndMapping.indexOf(':') != accountAndMapping.lastIndexOf(':')
                || !EVENT_ID_SAFE.matcher(key).matches()) {
            return EVENT_ID_PREFIX + "h-" + EventIds.hash(key);
        }
        return EVENT_ID_PREFIX + key;
    }

}
