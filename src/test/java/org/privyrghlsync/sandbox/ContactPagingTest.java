package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContactPagingTest {

    private static final int CONTACTS = 250;

    private GhlSandbox sandbox;
    private SandboxClient client;
    private Set<String> createdIds;

    @BeforeEach
    void start() {
        sandbox = GhlSandbox.start(SandboxConfig.builder().rateLimitMax(0).build());
        client = new SandboxClient(sandbox);
        createdIds = new HashSet<>();
        for (int i = 0; i < CONTACTS; i++) {
            SandboxClient.Reply reply = client.post("/contacts/", "{\"locationId\":\"sandbox-location\","
                    + "\"email\":\"user" + i + "@example.com\",\"firstName\":\"User" + i + "\"}");
            createdIds.add(reply.body().path("contact").path("id").asText());
        }
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void listPagesWithoutRepeatsOrGaps() {
        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        while (true) {
            SandboxClient.Reply reply = client.get("/contacts/?locationId=sandbox-location&limit=100" + cursor);
            assertThat(reply.status()).isEqualTo(200);
            JsonNode contacts = reply.body().path("contacts");
            if (contacts.isEmpty()) {
                break;
            }
            pages++;
            contacts.forEach(contact -> seen.add(contact.path("id").asText()));
            JsonNode meta = reply.body().path("meta");
            assertThat(meta.path("total").asInt()).isEqualTo(CONTACTS);
            cursor = "&startAfter=" + meta.path("startAfter").asLong()
                    + "&startAfterId=" + meta.path("startAfterId").asText();
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(CONTACTS);
        assertThat(new HashSet<>(seen)).isEqualTo(createdIds);
    }

    @Test
    void listFollowsSandboxOrder() {
        List<String> expected = sandbox.contacts("sandbox-location").stream()
                .map(contact -> contact.path("id").asText()).toList();

        SandboxClient.Reply first = client.get("/contacts/?locationId=sandbox-location&limit=100");

        List<String> firstPage = new ArrayList<>();
        first.body().path("contacts").forEach(contact -> firstPage.add(contact.path("id").asText()));
        assertThat(firstPage).isEqualTo(expected.subList(0, 100));
        assertThat(first.body().path("meta").path("nextPageUrl").asText()).contains("startAfterId=" + expected.get(99));
    }

    @Test
    void defaultLimitIsTwenty() {
        SandboxClient.Reply reply = client.get("/contacts/?locationId=sandbox-location");

        assertThat(reply.body().path("contacts")).hasSize(20);
    }

    @Test
    void limitAboveHundredReturns422() {
        SandboxClient.Reply reply = client.get("/contacts/?locationId=sandbox-location&limit=101");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().path("message").get(0).asText()).isEqualTo("limit must not be greater than 100");
    }

    @Test
    void searchPagesWithSearchAfter() {
        List<String> seen = new ArrayList<>();
        String searchAfter = null;
        while (true) {
            String body = "{\"locationId\":\"sandbox-location\",\"pageLimit\":100"
                    + (searchAfter == null ? "" : ",\"searchAfter\":" + searchAfter) + "}";
            SandboxClient.Reply reply = client.post("/contacts/search", body);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body().path("total").asInt()).isEqualTo(CONTACTS);
            assertThat(reply.body().path("traceId").asText()).isNotEmpty();
            JsonNode contacts = reply.body().path("contacts");
            if (contacts.isEmpty()) {
                break;
            }
            contacts.forEach(contact -> seen.add(contact.path("id").asText()));
            JsonNode last = contacts.get(contacts.size() - 1);
            assertThat(last.path("searchAfter").get(1).asText()).isEqualTo(last.path("id").asText());
            searchAfter = last.path("searchAfter").toString();
        }

        assertThat(seen).hasSize(CONTACTS);
        assertThat(new HashSet<>(seen)).isEqualTo(createdIds);
    }

    @Test
    void searchFiltersByEmailEq() {
        String body = "{\"locationId\":\"sandbox-location\",\"pageLimit\":10,"
                + "\"filters\":[{\"field\":\"email\",\"operator\":\"eq\",\"value\":\"USER7@example.com\"}]}";

        SandboxClient.Reply reply = client.post("/contacts/search", body);

        assertThat(reply.body().path("total").asInt()).isEqualTo(1);
        assertThat(reply.body().path("contacts").get(0).path("firstName").asText()).isEqualTo("User7");
    }

    @Test
    void searchMatchesQuerySubstring() {
        SandboxClient.Reply reply = client.post("/contacts/search",
                "{\"locationId\":\"sandbox-location\",\"pageLimit\":100,\"query\":\"user24\"}");

        // Matches user24 and user240 to user249.
        assertThat(reply.body().path("total").asInt()).isEqualTo(11);
    }

    @Test
    void searchQueryMatchesFullName() {
        client.post("/contacts/", "{\"locationId\":\"sandbox-location\",\"firstName\":\"Walk-in\","
                + "\"lastName\":\"Visitor\"}");

        SandboxClient.Reply reply = client.post("/contacts/search",
                "{\"locationId\":\"sandbox-location\",\"pageLimit\":100,\"query\":\"Walk-in Visitor\"}");

        assertThat(reply.body().path("contacts")).singleElement()
                .satisfies(contact -> assertThat(contact.path("lastName").asText()).isEqualTo("Visitor"));
    }

    @Test
    void searchWithoutPageLimitReturns422() {
        SandboxClient.Reply reply = client.post("/contacts/search", "{\"locationId\":\"sandbox-location\"}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().path("message").isArray()).isTrue();
    }

    @Test
    void searchWithoutLocationReturns422() {
        SandboxClient.Reply reply = client.post("/contacts/search", "{\"pageLimit\":10}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().path("message").get(0).asText()).isEqualTo("locationId should not be empty");
    }

    @Test
    void snapshotCopiesAreDetached() {
        ObjectNode copy = sandbox.contacts("sandbox-location").get(0);
        copy.put("firstName", "Changed");

        assertThat(sandbox.contact(copy.path("id").asText()).path("firstName").asText()).isNotEqualTo("Changed");
    }
}
