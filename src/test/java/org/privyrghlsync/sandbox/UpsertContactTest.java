package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpsertContactTest extends DefaultSandboxTest {

    @Test
    void upsertCreatesNewContact() {
        SandboxClient.Reply reply = client.post("/contacts/upsert",
                "{\"locationId\":\"sandbox-location\",\"email\":\"ann@example.com\",\"firstName\":\"Ann\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("new").asBoolean()).isTrue();
        assertThat(reply.body().path("traceId").asText()).isNotEmpty();
        assertThat(sandbox.contacts("sandbox-location")).hasSize(1);
    }

    @Test
    void upsertUpdatesContactWithSameEmail() {
        String id = upsert("{\"locationId\":\"sandbox-location\",\"email\":\"ann@example.com\",\"firstName\":\"Ann\"}");

        SandboxClient.Reply reply = client.post("/contacts/upsert",
                "{\"locationId\":\"sandbox-location\",\"email\":\"ANN@example.com\",\"firstName\":\"Anna\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("new").asBoolean()).isFalse();
        assertThat(reply.body().path("contact").path("id").asText()).isEqualTo(id);
        assertThat(sandbox.contact(id).path("firstName").asText()).isEqualTo("Anna");
        assertThat(sandbox.contacts("sandbox-location")).hasSize(1);
    }

    @Test
    void upsertMatchesByPhoneWhenEmailDiffers() {
        String id = upsert("{\"locationId\":\"sandbox-location\",\"phone\":\"+14155550100\"}");

        SandboxClient.Reply reply = client.post("/contacts/upsert",
                "{\"locationId\":\"sandbox-location\",\"phone\":\"+14155550100\",\"email\":\"new@example.com\"}");

        assertThat(reply.body().path("new").asBoolean()).isFalse();
        assertThat(reply.body().path("contact").path("id").asText()).isEqualTo(id);
        assertThat(sandbox.contact(id).path("email").asText()).isEqualTo("new@example.com");
    }

    @Test
    void upsertKeepsPhoneOfOtherContact() {
        String byEmail = upsert("{\"locationId\":\"sandbox-location\",\"email\":\"a@example.com\","
                + "\"phone\":\"+14155550101\"}");
        upsert("{\"locationId\":\"sandbox-location\",\"email\":\"b@example.com\",\"phone\":\"+14155550102\"}");

        SandboxClient.Reply reply = client.post("/contacts/upsert",
                "{\"locationId\":\"sandbox-location\",\"email\":\"a@example.com\",\"phone\":\"+14155550102\"}");

        assertThat(reply.body().path("contact").path("id").asText()).isEqualTo(byEmail);
        assertThat(sandbox.contact(byEmail).path("phone").asText()).isEqualTo("+14155550101");
    }

    @Test
    void upsertIgnoresGenderOnExistingContact() {
        String id = upsert("{\"locationId\":\"sandbox-location\",\"email\":\"a@example.com\",\"gender\":\"female\"}");

        upsert("{\"locationId\":\"sandbox-location\",\"email\":\"a@example.com\",\"gender\":\"male\"}");

        assertThat(sandbox.contact(id).path("gender").asText()).isEqualTo("female");
    }

    private String upsert(String json) {
        SandboxClient.Reply reply = client.post("/contacts/upsert", json);
        assertThat(reply.status()).isEqualTo(200);
        return reply.body().path("contact").path("id").asText();
    }
}
