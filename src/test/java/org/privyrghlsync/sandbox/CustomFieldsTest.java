package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomFieldsTest extends DefaultSandboxTest {

    @Test
    void keyGetsStableIdInReadShape() {
        JsonNode first = client.post("/contacts/", "{\"locationId\":\"sandbox-location\",\"email\":\"a@example.com\","
                + "\"customFields\":[{\"key\":\"privyr_id\",\"field_value\":\"p-1\"}]}").body().path("contact");
        JsonNode second = client.post("/contacts/", "{\"locationId\":\"sandbox-location\",\"email\":\"b@example.com\","
                + "\"customFields\":[{\"key\":\"contact.privyr_id\",\"fieldValue\":\"p-2\"}]}").body().path("contact");

        JsonNode firstField = first.path("customFields").get(0);
        JsonNode secondField = second.path("customFields").get(0);
        assertThat(firstField.path("value").asText()).isEqualTo("p-1");
        assertThat(firstField.has("key")).isFalse();
        assertThat(secondField.path("value").asText()).isEqualTo("p-2");
        assertThat(secondField.path("id").asText()).isEqualTo(firstField.path("id").asText());
    }

    @Test
    void updateMergesFieldsById() {
        JsonNode contact = client.post("/contacts/", "{\"locationId\":\"sandbox-location\","
                + "\"customFields\":[{\"key\":\"a\",\"field_value\":\"1\"},{\"key\":\"b\",\"field_value\":\"2\"}]}")
                .body().path("contact");
        String fieldA = contact.path("customFields").get(0).path("id").asText();

        client.put("/contacts/" + contact.path("id").asText(),
                "{\"customFields\":[{\"id\":\"" + fieldA + "\",\"fieldValue\":\"9\"}]}");

        JsonNode fields = sandbox.contact(contact.path("id").asText()).path("customFields");
        assertThat(fields).hasSize(2);
        assertThat(fields.get(0).path("value").asText()).isEqualTo("9");
        assertThat(fields.get(1).path("value").asText()).isEqualTo("2");
    }

    @Test
    void locationListsConfiguredAndWrittenFields() {
        client.post("/contacts/", "{\"locationId\":\"sandbox-location\",\"email\":\"c@example.com\","
                + "\"customFields\":[{\"key\":\"contact.lead_score\",\"field_value\":\"7\"}]}");

        SandboxClient.Reply reply = client.get("/locations/sandbox-location/customFields?model=contact");

        assertThat(reply.status()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        reply.body().path("customFields").forEach(field -> keys.add(field.path("fieldKey").asText()));
        assertThat(keys).contains("contact.budget", "contact.privyr_client_id", "contact.lead_score");
        assertThat(reply.body().path("customFields").get(0).path("id").asText()).hasSize(20);
    }

    @Test
    void otherLocationFieldsAreForbidden() {
        SandboxClient.Reply reply = client.get("/locations/another-location/customFields");

        assertThat(reply.status()).isEqualTo(403);
    }
}
