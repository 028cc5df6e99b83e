package org.privyrghlsync.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.events.EnvelopeParser;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.events.EventType;

class LeadAlertEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant SENT = Instant.parse("2025-03-11T09:15:02Z");
    private final EnvelopeParser parser = new EnvelopeParser();

    @Test
    void alertWithIdBecomesClientCreated() throws Exception {
        LeadAlert alert = MailFixtures.parse("alert-tracking-link.eml");

        EventEnvelope event = parser.parse(LeadAlertEvent.toJson(alert, "<m1@mail.example.net>", SENT, "team-1"));

        assertThat(event.eventId()).isEqualTo("mail-alert-58200417");
        assertThat(event.eventType()).isEqualTo(EventType.CLIENT_CREATED);
        assertThat(event.occurredAt()).isEqualTo(SENT);
        assertThat(event.accountId()).isEqualTo("team-1");
        assertThat(event.client().id()).isEqualTo("58200417");
        JsonNode client = JSON.readTree(event.rawJson())
                .path("data").path("client");
        assertThat(client.path("name").asText()).isEqualTo("Maya Fernandes");
        assertThat(client.path("phone").asText()).isEqualTo("+12025550143");
        assertThat(client.path("email").asText()).isEqualTo("maya.fernandes@example.com");
        assertThat(client.path("source").asText()).isEqualTo("Privyr Lead Forms");
        assertThat(client.path("notes").asText()).startsWith("Looking for a two-bedroom flat");
        assertThat(client.path("other_fields").path("Form Name").asText()).isEqualTo("Spring Open House");
        assertThat(client.path("other_fields").path("Lead Form Url").asText())
                .isEqualTo("https://forms.example.org/spring-open-house");
        assertThat(client.path("created_at").asText()).isEqualTo("2025-03-11T09:15:02Z");
    }

    @Test
    void sameLeadByBothSendersSameEvent() {
        LeadAlert alert = new LeadAlert("58200417", "Maya Fernandes", null, null, null, null, null, null);

        assertThat(LeadAlertEvent.eventId(alert, "<a@mail.example.net>"))
                .isEqualTo(LeadAlertEvent.eventId(alert, "<b@mail.example.net>"));
    }

    @Test
    void idsWithoutLinkFollowMessageId() throws Exception {
        LeadAlert alert = MailFixtures.parse("alert-without-link.eml");
        String messageId = "<010001959e5530aa-grace-0009@mail.example.net>";

        String clientId = LeadAlertEvent.clientId(alert, messageId);
        EventEnvelope event = parser.parse(LeadAlertEvent.toJson(alert, messageId, SENT, "team-1"));

        assertThat(clientId).matches("mail-[0-9a-f]{32}");
        assertThat(LeadAlertEvent.clientId(alert, messageId)).isEqualTo(clientId);
        assertThat(LeadAlertEvent.clientId(alert, "<other@mail.example.net>")).isNotEqualTo(clientId);
        assertThat(event.client().id()).isEqualTo(clientId);
        assertThat(event.eventId()).isEqualTo("mail-alert-" + clientId);
    }

    @Test
    void emptyValuesLeftOut() throws Exception {
        LeadAlert alert = MailFixtures.parse("alert-labels-one-line.eml");

        EventEnvelope event = parser.parse(LeadAlertEvent.toJson(alert, "<x@mail.example.net>", SENT, "team-1"));
        JsonNode client = JSON.readTree(event.rawJson())
                .path("data").path("client");

        assertThat(client.has("notes")).isFalse();
        assertThat(client.has("other_fields")).isFalse();
        assertThat(client.path("name").asText()).isEqualTo("Ана Петровић");
    }

    @Test
    void longCommentsCutToLimit() {
        String comments = "a".repeat(LeadAlertEvent.MAX_STRING_CHARS - 1) + "\uD83C\uDF3B" + "tail";
        LeadAlert alert = new LeadAlert("5", "Long Note", null, null, comments, null, null, null);

        EventEnvelope event = parser.parse(LeadAlertEvent.toJson(alert, "<y@mail.example.net>", SENT, "team-1"));

        assertThat(event.rawJson()).contains("\"notes\":\"" + "a".repeat(LeadAlertEvent.MAX_STRING_CHARS - 1) + "\"");
    }
}
