package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.SyncHarness;

class ContactSyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private SyncHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = SyncHarness.start();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void newClientCreatesOneContactWithMappedFields() throws Exception {
        String event = Events.client("client.created", "evt-new-1", "2025-03-14T09:00:00Z", "10000001", Map.of(
                "name", "Priya Raman Iyer",
                "email", "  Priya.Iyer@Example.COM ",
                "phone", "098765 43210",
                "groups", List.of("Hot Leads"),
                "other_fields", Map.of("Budget", "₹80L")));

        HttpResponse<String> response = harness.post(event);
        harness.awaitIdle();

        assertThat(response.statusCode()).isEqualTo(202);
        List<ObjectNode> contacts = harness.sandbox().contacts(harness.sandbox().config().locationId());
        assertThat(contacts).hasSize(1);
        ObjectNode contact = contacts.get(0);
        assertThat(contact.path("firstName").asText()).isEqualTo("Priya");
        assertThat(contact.path("lastName").asText()).isEqualTo("Raman Iyer");
        assertThat(contact.path("email").asText()).isEqualTo("priya.iyer@example.com");
        assertThat(contact.path("phone").asText()).isEqualTo("+919876543210");
        assertThat(contact.path("source").asText()).isEqualTo("Privyr");
        assertThat(contact.path("tags").toString()).contains("hot leads");
        assertThat(contact.path("customFields").toString()).contains("10000001").contains("₹80L");
        RecordedRequest create = harness.ghlRequests("POST", "/contacts/").get(0);
        assertThat(JSON.readTree(create.body()).path("tags").toString()).contains("Hot Leads");
        assertThat(create.header("Version")).isEqualTo("2021-07-28");
        assertThat(harness.sandbox().requests()).as("one contact call: the create carries the tags")
                .extracting(RecordedRequest::path).filteredOn(path -> path.startsWith("/contacts"))
                .containsExactly("/contacts/");
        assertThat(harness.components().ledger().findLink(harness.sandbox().config().locationId(), "10000001")
                .orElseThrow().contactId()).isEqualTo(contact.path("id").asText());
    }

    @Test
    void sameEventTwiceCreatesOneContact() throws Exception {
        String event = Events.created("evt-dup-1", "20000001", "Arjun Mehta", "arjun@example.com", "+919812345678");

        HttpResponse<String> first = harness.post(event);
        HttpResponse<String> second = harness.post(event);
        harness.awaitIdle();
        HttpResponse<String> third = harness.post(event);
        harness.awaitIdle();

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).hasSize(1);
        assertThat(harness.ghlRequests("POST", "/contacts/")).hasSize(1);
        assertThat(harness.inboxCount()).isEqualTo(1);
    }

    @Test
    void updateSendsOnlyChangedField() throws Exception {
        harness.post(Events.client("client.created", "evt-u-1", "2025-03-14T09:00:00Z", "30000001",
                Map.of("name", "Meera Nair", "email", "meera@example.com", "phone", "+919845012345")));
        harness.awaitIdle();

        harness.post(Events.client("client.updated", "evt-u-2", "2025-03-14T10:00:00Z", "30000001",
                Map.of("name", "Meera Nair", "email", "meera.nair@example.com", "phone", "+919845012345")));
        harness.awaitIdle();

        List<RecordedRequest> puts = harness.ghlRequests("PUT", "/contacts/[^/]+");
        assertThat(puts).hasSize(1);
        JsonNode body = JSON.readTree(puts.get(0).body());
        assertThat(body.path("email").asText()).isEqualTo("meera.nair@example.com");
        assertThat(body.size()).as("fields in %s", body).isEqualTo(1);
        String contactId = harness.sandbox().contacts(harness.sandbox().config().locationId()).get(0)
                .path("id").asText();
        assertThat(harness.sandbox().contact(contactId).path("email").asText()).isEqualTo("meera.nair@example.com");
    }

    @Test
    void unchangedUpdateMakesNoCall() throws Exception {
        Map<String, Object> client = Map.of("name", "Rahul Verma", "email", "rahul@example.com",
                "phone", "+919811122233", "groups", List.of("Site Visit"));
        harness.post(Events.client("client.created", "evt-n-1", "2025-03-14T09:00:00Z", "40000001", client));
        harness.awaitIdle();
        int callsAfterCreate = harness.sandbox().requests().size();

        HttpResponse<String> response = harness.post(Events.client("client.updated", "evt-n-2",
                "2025-03-14T11:00:00Z", "40000001", client));
        harness.awaitIdle();

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(harness.sandbox().requests()).hasSize(callsAfterCreate);
        assertThat(harness.components().inbox().statusOf("evt-n-2")).containsExactly("DONE", "unchanged");
    }

    @Test
    void duplicateRuleAnswerUpdatesExistingContact() throws Exception {
        String locationId = harness.sandbox().config().locationId();
        // A contact that another tool created in GHL; the location does not allow duplicates.
        harness.post(Events.created("evt-other", "50000000", "Kavya Rao", "kavya@example.com", "+919900011122"));
        harness.awaitIdle();
        String existingId = harness.sandbox().contacts(locationId).get(0).path("id").asText();
        harness.sandbox().injectFault("POST", "/contacts/", 400, "{\"statusCode\":400,\"message\":"
                + "\"This location does not allow duplicated contacts.\",\"meta\":{\"contactId\":\"" + existingId
                + "\",\"contactName\":\"Kavya Rao\",\"matchingField\":\"email\"}}", 1);

        harness.post(Events.created("evt-dup-rule", "50000001", "Kavya R", "kavya@example.com", "+919900011122"));
        harness.awaitIdle();

        assertThat(harness.sandbox().contacts(locationId)).hasSize(1);
        assertThat(harness.components().ledger().findLink(locationId, "50000001").orElseThrow().contactId())
                .isEqualTo(existingId);
        assertThat(harness.ghlRequests("PUT", "/contacts/" + existingId)).hasSize(1);
        assertThat(harness.sandbox().contact(existingId).path("lastName").asText()).isEqualTo("R");
        assertThat(harness.components().inbox().statusOf("evt-dup-rule")).containsExactly("DONE", "updated");
    }

    @Test
    void existingContactKeepsTagsAddedByHand() throws Exception {
        String locationId = harness.sandbox().config().locationId();
        String existingId = JSON.readTree(harness.callGhlDirectly("POST", "/contacts/", "{\"locationId\":\""
                + locationId + "\",\"firstName\":\"Isha\",\"email\":\"isha@example.com\","
                + "\"tags\":[\"vip\"]}")).path("contact").path("id").asText();
        harness.sandbox().clearRequests();

        harness.post(Events.client("client.created", "evt-hand-tags", "2025-03-14T09:00:00Z", "52000001",
                Map.of("name", "Isha Kapoor", "email", "isha@example.com", "groups", List.of("Hot Leads"))));
        harness.awaitIdle();

        assertThat(harness.sandbox().contacts(locationId)).hasSize(1);
        assertThat(harness.components().ledger().findLink(locationId, "52000001").orElseThrow().contactId())
                .isEqualTo(existingId);
        assertThat(harness.sandbox().contact(existingId).path("tags")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("vip", "hot leads", "privyr");
    }

    @Test
    void locationThatAllowsDuplicatesGetsUpsertThenTags() throws Exception {
        harness.close();
        harness = SyncHarness.start(org.privyrghlsync.sandbox.SandboxConfig.builder().allowDuplicates(true),
                Map.of("ghl.allow-duplicate-contacts", "true"));
        String locationId = harness.sandbox().config().locationId();
        String existingId = JSON.readTree(harness.callGhlDirectly("POST", "/contacts/", "{\"locationId\":\""
                + locationId + "\",\"firstName\":\"Dev\",\"email\":\"dev@example.com\","
                + "\"tags\":[\"vip\"]}")).path("contact").path("id").asText();

        harness.post(Events.client("client.created", "evt-allow-dup", "2025-03-14T09:00:00Z", "53000001",
                Map.of("name", "Dev Anand", "email", "dev@example.com", "groups", List.of("Site Visit"))));
        harness.awaitIdle();

        assertThat(harness.sandbox().contacts(locationId)).as("the upsert matched the contact by email").hasSize(1);
        RecordedRequest upsert = harness.ghlRequests("POST", "/contacts/upsert").get(0);
        assertThat(JSON.readTree(upsert.body()).has("tags")).as("tags in an upsert would replace vip").isFalse();
        assertThat(harness.ghlRequests("POST", "/contacts/")).as("POST /contacts/ would make a duplicate")
                .hasSize(1);
        assertThat(harness.sandbox().contact(existingId).path("tags")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("vip", "site visit", "privyr");
    }

    @Test
    void unprocessableAnswerLandsInDeadLetters() throws Exception {
        harness.sandbox().injectFault("POST", "/contacts/", 422, "{\"statusCode\":422,\"message\":"
                + "[\"phone must be a valid phone number\"],\"error\":\"Unprocessable Entity\"}", 1);

        harness.post(Events.created("evt-422", "60000001", "Sana Shaikh", "sana@example.com", "+919876501234"));
        harness.awaitIdle();

        List<DeadLetter> letters = harness.components().ledger().deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).eventId()).isEqualTo("evt-422");
        assertThat(letters.get(0).ghlStatus()).isEqualTo(422);
        assertThat(letters.get(0).ghlMessage()).isEqualTo("phone must be a valid phone number");
        assertThat(harness.ghlRequests("POST", "/contacts/")).as("422 is not retried").hasSize(1);
        assertThat(harness.components().inbox().statusOf("evt-422")).containsExactly("DEAD", "dead_lettered");
    }

    @Test
    void logsNeverShowEmailOrPhone() throws Exception {
        harness.sandbox().injectFault("POST", "/contacts/", 422, "{\"statusCode\":422,\"message\":"
                + "[\"email zoya.khan@example.com is invalid\"],\"error\":\"Unprocessable Entity\"}", 1);
        try (LogCapture logs = new LogCapture()) {
            harness.post(Events.created("evt-pii", "61000001", "Zoya Khan", "zoya.khan@example.com",
                    "+919876512345"));
            harness.post(Events.created("evt-bad-phone", "61000002", "Ravi Das", "ravi@example.com",
                    "98765 1234 ext 9"));
            harness.awaitIdle();

            assertThat(logs.lines()).anyMatch(line -> line.contains("moved to the dead letters"));
            assertThat(logs.lines()).anyMatch(line -> line.contains("evt-bad-phone"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("zoya.khan@example.com"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("ravi@example.com"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("9876512345"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("98765 1234"));
            assertThat(logs.lines()).noneMatch(line -> line.contains(harness.sandbox().config().privateToken()));
        }
    }

    @Test
    void olderEventDoesNotOverwriteNewerValues() throws Exception {
        harness.post(Events.client("client.created", "evt-o-1", "2025-03-14T09:00:00Z", "70000001",
                Map.of("name", "Dev Patel", "email", "dev@example.com")));
        harness.post(Events.client("client.updated", "evt-o-3", "2025-03-14T12:00:00Z", "70000001",
                Map.of("name", "Dev Patel", "email", "dev.new@example.com")));
        harness.awaitIdle();

        harness.post(Events.client("client.updated", "evt-o-2", "2025-03-14T10:00:00Z", "70000001",
                Map.of("name", "Dev Patel", "email", "dev.old@example.com")));
        harness.awaitIdle();

        String contactId = harness.components().ledger()
                .findLink(harness.sandbox().config().locationId(), "70000001").orElseThrow().contactId();
        assertThat(harness.sandbox().contact(contactId).path("email").asText()).isEqualTo("dev.new@example.com");
        assertThat(harness.components().inbox().statusOf("evt-o-2")).containsExactly("DONE", "stale");
    }

    @Test
    void removedGroupRemovesOnlyItsTag() throws Exception {
        harness.post(Events.client("client.created", "evt-groups-1", "2025-03-14T09:00:00Z", "10000050",
                Map.of("name", "Isha Gupta", "groups", List.of("Hot Leads", "Site Visit"))));
        harness.awaitIdle();
        String contactId = harness.components().ledger()
                .findLink(harness.sandbox().config().locationId(), "10000050").orElseThrow().contactId();
        // A GHL user tags the contact by hand.
        harness.callGhlDirectly("POST", "/contacts/" + contactId + "/tags", "{\"tags\":[\"Called Twice\"]}");

        harness.post(Events.client("client.updated", "evt-groups-2", "2025-03-14T10:00:00Z", "10000050",
                Map.of("name", "Isha Gupta", "groups", List.of("HOT LEADS"))));
        harness.awaitIdle();

        List<RecordedRequest> removals = harness.ghlRequests("DELETE", "/contacts/" + contactId + "/tags");
        assertThat(removals).hasSize(1);
        assertThat(JSON.readTree(removals.get(0).body())).isEqualTo(JSON.readTree("{\"tags\":[\"Site Visit\"]}"));
        List<String> tags = new java.util.ArrayList<>();
        harness.sandbox().contact(contactId).path("tags").forEach(tag -> tags.add(tag.asText()));
        assertThat(tags).containsExactlyInAnyOrder("hot leads", "privyr", "called twice");
        assertThat(harness.ghlRequests("POST", "/contacts/" + contactId + "/tags")).as("the create carried the first tags")
                .hasSize(1);
    }
}
