package org.privyrghlsync.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.ghl.GhlAccessDeniedException;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.testing.SyncHarness;

/** The contact and tag operations of routes/ghl-contacts-api.yaml against the sandbox. */
class ContactOperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SyncHarness harness;
    private static Operations operations;

    @BeforeAll
    static void start() throws Exception {
        harness = SyncHarness.start();
        operations = new Operations(harness);
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @BeforeEach
    void clearFaults() {
        harness.sandbox().clearFaults();
    }

    @Test
    void createStoresContactInConfiguredLocation() {
        Map<String, Object> created = operations.map("direct:ghl-create-contact",
                Map.of("firstName", "Asha", "email", "asha@example.org", "phone", "+919812345670"), Map.of());

        ObjectNode stored = harness.sandbox().contact((String) created.get("id"));
        assertThat(stored).isNotNull();
        assertThat(stored.path("email").asText()).isEqualTo("asha@example.org");
        assertThat(stored.path("locationId").asText()).isEqualTo("sandbox-location");
        assertThat(created.get("firstName")).isEqualTo("Asha");
    }

    @Test
    void createRejectsBodyOfOtherLocation() {
        Exchange result = operations.call("direct:ghl-create-contact",
                Map.of("locationId", "other-location", "email", "other@example.org"), Map.of());

        assertThat(result.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other-location");
        assertThat(harness.sandbox().contacts("other-location")).isEmpty();
    }

    @Test
    void locationHeaderSelectsLocation() {
        Exchange result = operations.call("direct:ghl-list-contacts", null,
                Map.of("GhlLocationId", "other-location"));

        // The token belongs to the sandbox's location, so GHL denies it the other location as a whole.
        assertThat(result.getException()).isInstanceOf(GhlAccessDeniedException.class)
                .hasMessageContaining("403 The token does not have access to this location.");
        assertThat(operations.lastRequest("GET", "/contacts/").query()).contains("locationId=other-location");
    }

    @Test
    void getReturnsContactObject() {
        String id = operations.newContact("get@example.org");

        Map<String, Object> contact = operations.map("direct:ghl-get-contact", null, Map.of("GhlContactId", id));

        assertThat(contact.get("id")).isEqualTo(id);
        assertThat(contact.get("email")).isEqualTo("get@example.org");
    }

    @Test
    void getAcceptsJsonTextBodyIgnoringIt() {
        String id = operations.newContact("get-text@example.org");

        Map<String, Object> contact = operations.map("direct:ghl-get-contact", "{\"unused\": true}",
                Map.of("GhlContactId", id));

        assertThat(contact.get("id")).isEqualTo(id);
        RecordedRequest request = operations.lastRequest("GET", "/contacts/" + id);
        assertThat(request.body()).isEmpty();
    }

    @Test
    void updateChangesStoredContact() {
        String id = operations.newContact("update@example.org");

        Map<String, Object> updated = operations.map("direct:ghl-update-contact",
                "{\"lastName\": \"Verma\", \"city\": \"Pune\"}", Map.of("GhlContactId", id));

        assertThat(updated.get("lastName")).isEqualTo("Verma");
        ObjectNode stored = harness.sandbox().contact(id);
        assertThat(stored.path("lastName").asText()).isEqualTo("Verma");
        assertThat(stored.path("city").asText()).isEqualTo("Pune");
    }

    @Test
    void upsertReportsWhetherItCreated() {
        Exchange first = operations.call("direct:ghl-upsert-contact",
                Map.of("email", "upsert@example.org", "firstName", "First"), Map.of());
        Exchange second = operations.call("direct:ghl-upsert-contact",
                Map.of("email", "upsert@example.org", "firstName", "Second"), Map.of());

        assertThat(first.getException()).isNull();
        assertThat(second.getException()).isNull();
        assertThat(first.getMessage().getHeader("GhlContactCreated")).isEqualTo(true);
        assertThat(second.getMessage().getHeader("GhlContactCreated")).isEqualTo(false);
        String id = (String) first.getMessage().getBody(Map.class).get("id");
        assertThat(second.getMessage().getBody(Map.class).get("id")).isEqualTo(id);
        assertThat(harness.sandbox().contact(id).path("firstName").asText()).isEqualTo("Second");
    }

    @Test
    void deleteRemovesContact() {
        String id = operations.newContact("delete@example.org");

        Map<String, Object> response = operations.map("direct:ghl-delete-contact", null, Map.of("GhlContactId", id));

        assertThat(response.get("succeded")).isEqualTo(true);
        assertThat(harness.sandbox().contact(id)).isNull();
    }

    @Test
    void addTagsAddsToStoredContact() {
        String id = operations.newContact("tags-add@example.org");

        Object tags = operations.result("direct:ghl-add-tags", Map.of("tags", List.of("VIP", "Dubai")),
                Map.of("GhlContactId", id));

        assertThat(tags).isEqualTo(List.of("vip", "dubai"));
        assertThat(tagsOf(id)).containsExactlyInAnyOrder("vip", "dubai");
    }

    @Test
    void addTagsAcceptsListAndCommaText() {
        String id = operations.newContact("tags-forms@example.org");

        operations.result("direct:ghl-add-tags", List.of("alpha"), Map.of("GhlContactId", id));
        operations.result("direct:ghl-add-tags", "beta, gamma", Map.of("GhlContactId", id));
        operations.result("direct:ghl-add-tags", "[\"delta\"]", Map.of("GhlContactId", id));

        assertThat(tagsOf(id)).containsExactlyInAnyOrder("alpha", "beta", "gamma", "delta");
    }

    @Test
    void removeTagsSendsBodyOnDelete() throws Exception {
        String id = operations.newContact("tags-remove@example.org");
        operations.result("direct:ghl-add-tags", List.of("keep", "drop"), Map.of("GhlContactId", id));

        Object remaining = operations.result("direct:ghl-remove-tags", Map.of("tags", List.of("drop")),
                Map.of("GhlContactId", id));

        RecordedRequest request = operations.lastRequest("DELETE", "/contacts/" + id + "/tags");
        assertThat(request.status()).isEqualTo(200);
        assertThat(request.header("content-type")).startsWith("application/json");
        assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree("{\"tags\":[\"drop\"]}"));
        assertThat(remaining).isEqualTo(List.of("keep"));
        assertThat(tagsOf(id)).containsExactly("keep");
    }

    @Test
    void tagsWithoutListAreRejected() {
        String id = operations.newContact("tags-invalid@example.org");

        Exchange result = operations.call("direct:ghl-add-tags", Map.of("tag", "x"), Map.of("GhlContactId", id));

        assertThat(result.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tags");
    }

    @Test
    void unknownContactFailsWithGhlException() {
        Exchange result = operations.call("direct:ghl-get-contact", null, Map.of("GhlContactId", "no-such-id"));

        assertThat(result.getException()).isInstanceOf(GhlException.class);
        GhlException failure = (GhlException) result.getException();
        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.ghlMessage()).contains("no-such-id");
    }

    @Test
    void serverErrorsAreRetried() {
        String id = operations.newContact("retry@example.org");
        harness.sandbox().injectFault("GET", "/contacts/" + id, 503, "{\"message\":\"unavailable\"}", 2);
        int before = harness.ghlRequests("GET", "/contacts/" + id).size();

        Map<String, Object> contact = operations.map("direct:ghl-get-contact", null, Map.of("GhlContactId", id));

        assertThat(contact.get("id")).isEqualTo(id);
        assertThat(harness.ghlRequests("GET", "/contacts/" + id)).hasSize(before + 3);
    }

    @Test
    void largeResponseIsReadWhole() throws Exception {
        // camel-http returns a response over 8 KB as a stream cache instead of bytes.
        String company = "Verma & Sons, Pune ₹ zoë ".repeat(1_000);
        ObjectNode body = JSON.createObjectNode();
        body.putObject("contact").put("id", "large-contact").put("companyName", company);
        harness.sandbox().injectFault("GET", "/contacts/large-contact", 200, JSON.writeValueAsString(body), 1);

        Map<String, Object> contact = operations.map("direct:ghl-get-contact", null,
                Map.of("GhlContactId", "large-contact"));

        assertThat(company.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(8_192 * 2);
        assertThat(contact.get("id")).isEqualTo("large-contact");
        assertThat(contact.get("companyName")).isEqualTo(company);
    }

    @Test
    void validationErrorIsNotRetried() {
        String id = operations.newContact("invalid@example.org");
        int before = harness.ghlRequests("PUT", "/contacts/" + id).size();

        Exchange result = operations.call("direct:ghl-update-contact", Map.of("gender", "female"),
                Map.of("GhlContactId", id));

        assertThat(result.getException()).isInstanceOf(GhlException.class);
        assertThat(((GhlException) result.getException()).status()).isEqualTo(422);
        assertThat(harness.ghlRequests("PUT", "/contacts/" + id)).hasSize(before + 1);
    }

    @Test
    void missingHeaderIsRejectedBeforeSending() {
        int before = harness.sandbox().requests().size();

        Exchange result = operations.call("direct:ghl-get-contact", null, Map.of());

        assertThat(result.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GhlContactId");
        assertThat(harness.sandbox().requests()).hasSize(before);
    }

    @Test
    void pathValuesAreEncoded() {
        Exchange result = operations.call("direct:ghl-get-contact", null, Map.of("GhlContactId", "a b/c+d"));

        assertThat(result.getException()).isInstanceOf(GhlException.class);
        assertThat(harness.sandbox().requests().get(harness.sandbox().requests().size() - 1).path())
                .isEqualTo("/contacts/a%20b%2Fc%2Bd");
    }

    @Test
    void queryValuesAreEncoded() {
        operations.map("direct:ghl-create-contact", Map.of("email", "plus@example.org", "phone", "+14155550123"),
                Map.of());

        Object contacts = operations.result("direct:ghl-list-contacts", null,
                Map.of("GhlContactQuery", "+14155550123"));

        RecordedRequest request = operations.lastRequest("GET", "/contacts/");
        assertThat(request.query()).contains("query=%2B14155550123");
        assertThat(contacts).isInstanceOf(List.class);
        List<Object> emails = ((List<?>) contacts).stream().map(contact -> ((Map<?, ?>) contact).get("email"))
                .map(Object.class::cast).toList();
        assertThat(emails).containsExactly("plus@example.org");
    }

    private static List<String> tagsOf(String contactId) {
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : harness.sandbox().contact(contactId).path("tags")) {
            tags.add(tag.asText());
        }
        return tags;
    }
}
