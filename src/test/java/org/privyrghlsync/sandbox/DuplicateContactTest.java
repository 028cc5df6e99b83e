package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DuplicateContactTest extends DefaultSandboxTest {

    @Test
    void sameEmailReturns400WithExistingId() {
        String id = create("{\"locationId\":\"sandbox-location\",\"firstName\":\"Ann\",\"lastName\":\"Lee\","
                + "\"email\":\"ann@example.com\"}");

        SandboxClient.Reply reply = client.post("/contacts/",
                "{\"locationId\":\"sandbox-location\",\"email\":\"ANN@example.com\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("message").asText())
                .isEqualTo("This location does not allow duplicated contacts.");
        assertThat(reply.body().path("meta").path("contactId").asText()).isEqualTo(id);
        assertThat(reply.body().path("meta").path("matchingField").asText()).isEqualTo("email");
        assertThat(reply.body().path("meta").path("contactName").asText()).isEqualTo("Ann Lee");
        assertThat(sandbox.contacts("sandbox-location")).hasSize(1);
    }

    @Test
    void samePhoneDigitsReturn400() {
        String id = create("{\"locationId\":\"sandbox-location\",\"phone\":\"+14155550100\"}");

        SandboxClient.Reply reply = client.post("/contacts/",
                "{\"locationId\":\"sandbox-location\",\"phone\":\"+1 415-555-0100\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("meta").path("contactId").asText()).isEqualTo(id);
        assertThat(reply.body().path("meta").path("matchingField").asText()).isEqualTo("phone");
    }

    @Test
    void allowDuplicatesCreatesSecondContact() {
        create("{\"locationId\":\"sandbox-location\",\"email\":\"ann@example.com\"}");
        sandbox.setAllowDuplicates(true);

        SandboxClient.Reply reply = client.post("/contacts/",
                "{\"locationId\":\"sandbox-location\",\"email\":\"ann@example.com\"}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(sandbox.contacts("sandbox-location")).hasSize(2);
    }

    @Test
    void duplicateLookupFindsByEmailThenNumber() {
        String id = create("{\"locationId\":\"sandbox-location\",\"email\":\"ann@example.com\","
                + "\"phone\":\"+14155550100\"}");

        SandboxClient.Reply byEmail = client.get("/contacts/search/duplicate?locationId=sandbox-location"
                + "&email=Ann%40example.com");
        SandboxClient.Reply byNumber = client.get("/contacts/search/duplicate?locationId=sandbox-location"
                + "&number=%2B14155550100");
        SandboxClient.Reply none = client.get("/contacts/search/duplicate?locationId=sandbox-location"
                + "&email=nobody%40example.com");

        assertThat(byEmail.body().path("contact").path("id").asText()).isEqualTo(id);
        assertThat(byNumber.body().path("contact").path("id").asText()).isEqualTo(id);
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body().has("contact")).isTrue();
        assertThat(none.body().get("contact").isNull()).isTrue();
    }

    private String create(String json) {
        SandboxClient.Reply reply = client.post("/contacts/", json);
        assertThat(reply.status()).isEqualTo(201);
        return reply.body().path("contact").path("id").asText();
    }
}
