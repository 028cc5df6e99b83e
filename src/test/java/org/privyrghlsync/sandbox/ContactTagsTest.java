package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContactTagsTest {

    private GhlSandbox sandbox;
    private SandboxClient client;
    private String contactId;

    @BeforeEach
    void start() {
        sandbox = GhlSandbox.start(SandboxConfig.defaults());
        client = new SandboxClient(sandbox);
        SandboxClient.Reply reply = client.post("/contacts/",
                "{\"locationId\":\"sandbox-location\",\"firstName\":\"Ann\",\"tags\":[\"Lead\",\"lead\",\" Web \"]}");
        contactId = reply.body().path("contact").path("id").asText();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void createStoresTagsLowerCaseOnce() {
        assertThat(tags(sandbox.contact(contactId).path("tags"))).containsExactly("lead", "web");
    }

    @Test
    void addTagsLowerCasesAndReturns201() {
        SandboxClient.Reply reply = client.post("/contacts/" + contactId + "/tags", "{\"tags\":[\"VIP\",\"Lead\"]}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(tags(reply.body().path("tags"))).containsExactly("lead", "web", "vip");
        assertThat(tags(sandbox.contact(contactId).path("tags"))).containsExactly("lead", "web", "vip");
    }

    @Test
    void removeTagsMatchesCaseInsensitively() {
        SandboxClient.Reply reply = client.delete("/contacts/" + contactId + "/tags", "{\"tags\":[\"LEAD\"]}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(tags(reply.body().path("tags"))).containsExactly("web");
        assertThat(tags(sandbox.contact(contactId).path("tags"))).containsExactly("web");
    }

    @Test
    void updateReplacesWholeTagList() {
        SandboxClient.Reply reply = client.put("/contacts/" + contactId, "{\"tags\":[\"New\"]}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(tags(sandbox.contact(contactId).path("tags"))).containsExactly("new");
    }

    @Test
    void tagsOnUnknownContactReturn400() {
        SandboxClient.Reply reply = client.post("/contacts/missingContact0000000/tags", "{\"tags\":[\"a\"]}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("message").asText()).isEqualTo("Contact with id missingContact0000000 not found");
    }

    @Test
    void tagsBodyWithoutArrayReturns422() {
        SandboxClient.Reply reply = client.post("/contacts/" + contactId + "/tags", "{\"tags\":\"vip\"}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().path("message").get(0).asText()).isEqualTo("tags must be an array");
    }

    private static List<String> tags(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> tags = new ArrayList<>();
        array.forEach(tag -> tags.add(tag.asText()));
        return tags;
    }
}
