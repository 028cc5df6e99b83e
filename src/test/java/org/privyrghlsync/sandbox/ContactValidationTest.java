package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactValidationTest extends DefaultSandboxTest {

    @Test
    void unknownPropertyOnCreateReturns422Array() {
        SandboxClient.Reply reply = client.post("/contacts/",
                "{\"locationId\":\"sandbox-location\",\"firstName\":\"Ann\",\"favouriteColour\":\"red\"}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().path("message").isArray()).isTrue();
        assertThat(messages(reply)).containsExactly("property favouriteColour should not exist");
        assertThat(reply.body().path("error").asText()).isEqualTo("Unprocessable Entity");
        assertThat(sandbox.contacts("sandbox-location")).isEmpty();
    }

    @Test
    void locationIdOnUpdateReturns422() {
        String id = createContact("{\"locationId\":\"sandbox-location\",\"firstName\":\"Ann\"}");

        SandboxClient.Reply reply = client.put("/contacts/" + id,
                "{\"locationId\":\"sandbox-location\",\"firstName\":\"Bea\"}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(messages(reply)).containsExactly("property locationId should not exist");
        assertThat(sandbox.contact(id).path("firstName").asText()).isEqualTo("Ann");
    }

    @Test
    void createOnlyPropertiesOnUpdateReturn422() {
        String id = createContact("{\"locationId\":\"sandbox-location\",\"firstName\":\"Ann\"}");

        SandboxClient.Reply reply = client.put("/contacts/" + id,
                "{\"gender\":\"female\",\"companyName\":\"Acme\",\"additionalEmails\":[\"b@example.com\"]}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(messages(reply)).containsExactlyInAnyOrder("property gender should not exist",
                "property companyName should not exist", "property additionalEmails should not exist");
    }

    @Test
    void additionalEmailsOnCreateReturns422() {
        SandboxClient.Reply reply = client.post("/contacts/",
                "{\"locationId\":\"sandbox-location\",\"additionalEmails\":[\"b@example.com\"]}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(messages(reply)).containsExactly("property additionalEmails should not exist");
    }

    @Test
    void additionalEmailsOnUpsertReturns422() {
        SandboxClient.Reply reply = client.post("/contacts/upsert",
                "{\"locationId\":\"sandbox-location\",\"additionalEmails\":[\"b@example.com\"]}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(messages(reply)).containsExactly("property additionalEmails should not exist");
    }

    @Test
    void wrongJsonTypesReturn422() {
        SandboxClient.Reply reply = client.post("/contacts/",
                "{\"locationId\":\"sandbox-location\",\"tags\":\"vip\",\"dnd\":\"yes\",\"firstName\":7}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(messages(reply)).containsExactlyInAnyOrder("tags must be an array",
                "dnd must be a boolean value", "firstName must be a string");
    }

    @Test
    void missingLocationIdOnCreateReturns422() {
        SandboxClient.Reply reply = client.post("/contacts/", "{\"firstName\":\"Ann\"}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(messages(reply)).containsExactly("locationId should not be empty");
    }

    @Test
    void malformedJsonReturns400() {
        SandboxClient.Reply reply = client.post("/contacts/", "{\"locationId\":");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("statusCode").asInt()).isEqualTo(400);
    }

    @Test
    void createReturnsReadShape() {
        SandboxClient.Reply reply = client.post("/contacts/", "{\"locationId\":\"sandbox-location\","
                + "\"firstName\":\"Ann\",\"lastName\":\"Lee\",\"email\":\"Ann.Lee@Example.com\","
                + "\"phone\":\"+14155550100\",\"dateOfBirth\":\"1990-09-25\"}");

        assertThat(reply.status()).isEqualTo(201);
        JsonNode contact = reply.body().path("contact");
        assertThat(contact.path("id").asText()).matches("[A-Za-z0-9]{20}");
        assertThat(contact.path("email").asText()).isEqualTo("Ann.Lee@Example.com");
        assertThat(contact.path("emailLowerCase").asText()).isEqualTo("ann.lee@example.com");
        assertThat(contact.path("phone").asText()).isEqualTo("+14155550100");
        assertThat(contact.path("fullNameLowerCase").asText()).isEqualTo("ann lee");
        assertThat(contact.path("dateOfBirth").asText()).isEqualTo("1990-09-25T00:00:00.000Z");
        assertThat(contact.path("dateAdded").asText()).endsWith("Z");
        assertThat(contact.path("locationId").asText()).isEqualTo("sandbox-location");
    }

    @Test
    void deleteReturnsSucceded() {
        String id = createContact("{\"locationId\":\"sandbox-location\",\"firstName\":\"Ann\"}");

        SandboxClient.Reply reply = client.delete("/contacts/" + id, null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("succeded").asBoolean()).isTrue();
        assertThat(client.get("/contacts/" + id).status()).isEqualTo(400);
    }

    @Test
    void updateReturnsSucceded() {
        String id = createContact("{\"locationId\":\"sandbox-location\",\"firstName\":\"Ann\"}");

        SandboxClient.Reply reply = client.put("/contacts/" + id, "{\"firstName\":\"Bea\",\"city\":\"Oslo\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("succeded").asBoolean()).isTrue();
        assertThat(reply.body().path("contact").path("firstName").asText()).isEqualTo("Bea");
        assertThat(sandbox.contact(id).path("city").asText()).isEqualTo("Oslo");
    }

    private String createContact(String json) {
        SandboxClient.Reply reply = client.post("/contacts/", json);
        assertThat(reply.status()).isEqualTo(201);
        return reply.body().path("contact").path("id").asText();
    }

    private static List<String> messages(SandboxClient.Reply reply) {
        List<String> messages = new ArrayList<>();
        reply.body().path("message").forEach(message -> messages.add(message.asText()));
        return messages;
    }
}
