package org.privyrghlsync.mailbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.privyrghlsync.events.EventIds;

/**
 * Builds the {@code client.created} event of a lead alert in the contract of docs/events.md, so that it is parsed,
 * stored and applied exactly like an event posted to the receiver.
 *
 * <p>The ids are deterministic, so reading the same message again gives the same event, which the inbox stores once.
 * With a Privyr client id from the alert's link, the client id is that id and the event id is
 * {@code mail-alert-<id>}: the alert and a webhook event of the same lead update one GHL contact, and the same lead
 * alerted by both Privyr senders is one event. Without that link, both ids come from a SHA-256 hash of the
 * message key (the Message-ID): client {@code mail-<hash>}, event {@code mail-alert-mail-<hash>}.
 */
public final class LeadAlertEvent {

    /** The event's {@code source}, which names this producer. */
    public static final String SOURCE = "privyr-mailbox";

    /** Maximum length of a string in the event contract, in UTF-16 code units. Longer comments are cut to it. */
    static final int MAX_STRING_CHARS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private LeadAlertEvent() {
    }

    /** Returns the Privyr client id of the event: the alert's own id, else {@code mail-} and a hash of the key. */
    public static String clientId(LeadAlert alert, String messageKey) {
        if (alert.privyrClientId() != null) {
            return alert.privyrClientId();
        }
        return "mail-" + EventIds.hash(messageKey);
    }

    /** Returns the event id: {@code mail-alert-} followed by the client id. */
    public static String eventId(LeadAlert alert, String messageKey) {
        return "mail-alert-" + clientId(alert, messageKey);
    }

    /**
     * Returns the event as UTF-8 JSON.
     *
     * @param messageKey the Message-ID, or another value that stays the same each time the message is read
     * @param occurredAt when the alert was sent; it becomes {@code occurred_at} and the client's {@code created_at}
     */
    public static byte[] toJson(LeadAlert alert, String messageKey, Instant occurredAt, String accountId) {
        String instant = DateTimeFormatter.ISO_INSTANT.format(occurredAt.truncatedTo(ChronoUnit.SECONDS));
        ObjectNode event = JSON.createObjectNode();
        event.put("schema_version", "1");
        event.put("event_id", eventId(alert, messageKey));
        event.put("event_type", "client.created");
        event.put("occurred_at", instant);
        event.put("account_id", accountId);
        event.put("source", SOURCE);

        ObjectNode client = event.putObject("data").putObject("client");
        client.put("id", clientId(alert, messageKey));
        client.put("name", alert.name());
        putIfPresent(client, "phone", alert.phone());
        putIfPresent(client, "email", alert.email());
        putIfPresent(client, "source", alert.source());
        putIfPresent(client, "notes", cut(alert.comments()));
        if (alert.formName() != null || alert.formUrl() != null) {
            ObjectNode otherFields = client.putObject("other_fields");
            putIfPresent(otherFields, "Form Name", alert.formName());
            putIfPresent(otherFields, "Lead Form Url", alert.formUrl());
        }
        client.put("created_at", instant);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** Cuts text to the contract's string limit without splitting a surrogate pair. */
    private static String cut(String text) {
        if (text == null || text.length() <= MAX_STRING_CHARS) {
            return text;
        }
        int end = MAX_STRING_CHARS;
        if (Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end);
    }
}
