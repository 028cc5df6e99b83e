package org.privyrghlsync.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

/** The example routes of routes/examples/, loaded as an integrator would after copying them into routes/. */
class ExampleRoutesTest {

    private static SyncHarness harness;
    private static Operations operations;

    @BeforeAll
    static void start() throws Exception {
        harness = SyncHarness.start(SandboxConfig.builder(), Map.of("camel.main.routes-include-pattern",
                "file:routes/*.yaml,file:routes/examples/*.yaml"));
        operations = new Operations(harness);
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void examplesAreNotLoadedByDefault() throws Exception {
        try (SyncHarness plain = SyncHarness.start()) {
            assertThat(plain.runtime().camelContext().getRoute("ghl-get-contact")).isNotNull();
            assertThat(plain.runtime().camelContext().getRoute("tag-privyr-group")).isNull();
            assertThat(plain.runtime().camelContext().getRoute("complete-task-with-note")).isNull();
        }
    }

    @Test
    void tagPrivyrGroupTagsEachMemberOnce() throws Exception {
        harness.post(Events.client("client.created", "evt-g-1", "2025-03-14T09:00:00Z", "g1", Map.of(
                "name", "Meera Nair", "email", "meera@example.org", "groups", List.of("Site Visit", "Kochi"))));
        harness.post(Events.client("client.created", "evt-g-2", "2025-03-14T09:00:00Z", "g2", Map.of(
                "name", "Arjun Rao", "email", "arjun@example.org", "groups", List.of("site visit"))));
        harness.post(Events.client("client.created", "evt-g-3", "2025-03-14T09:00:00Z", "g3", Map.of(
                "name", "Kavya Iyer", "email", "kavya@example.org", "groups", List.of("Kochi"))));
        harness.post(Events.client("client.created", "evt-g-4", "2025-03-14T09:00:00Z", "g4", Map.of(
                "name", "Rohan Das", "email", "rohan@example.org", "groups", List.of("Site Visit"))));
        harness.awaitIdle();

        // A page size of 1 makes the walk hand over one page per member.
        Map<String, Object> headers = Map.of("PrivyrGroup", "Site Visit", "GhlTag", "May-Campaign",
                "GhlPageSize", 1);
        Object count = operations.result("direct:tag-privyr-group", null, headers);
        int tagCalls = harness.ghlRequests("POST", "/contacts/[^/]+/tags").size();
        Object secondCount = operations.result("direct:tag-privyr-group", null, headers);

        assertThat(count).isEqualTo(3L);
        assertThat(secondCount).isEqualTo(3L);
        assertThat(emailsTagged("may-campaign"))
                .containsExactlyInAnyOrder("meera@example.org", "arjun@example.org", "rohan@example.org");
        assertThat(harness.ghlRequests("POST", "/contacts/[^/]+/tags")).as("tag calls of the second run")
                .hasSize(tagCalls);
    }

    @Test
    void completeTaskWithNoteAddsNote() {
        String contactId = operations.newContact("task-note@example.org");
        String taskId = (String) operations.map("direct:ghl-create-task", Map.of("title", "Send brochure, pricing",
                "dueDate", "2025-04-01T09:00:00Z", "completed", false), Map.of("GhlContactId", contactId)).get("id");

        Exchange result = operations.call("direct:complete-task-with-note", null,
                Map.of("GhlContactId", contactId, "GhlTaskId", taskId, "GhlCompleted", "false"));

        assertThat(result.getException()).isNull();
        assertThat(harness.sandbox().tasks(contactId).get(0).path("completed").asBoolean()).isTrue();
        assertThat(harness.sandbox().notes(contactId)).hasSize(1);
        assertThat(harness.sandbox().notes(contactId).get(0).path("body").asText())
                .isEqualTo("Task completed: Send brochure, pricing");
        assertThat(result.getMessage().getBody(Map.class).get("body"))
                .isEqualTo("Task completed: Send brochure, pricing");
        assertThat(result.getVariable("completedTask", Map.class).get("id")).isEqualTo(taskId);
    }

    @Test
    void failedCompletionWritesNoNote() {
        String contactId = operations.newContact("task-missing@example.org");

        Exchange result = operations.call("direct:complete-task-with-note", null,
                Map.of("GhlContactId", contactId, "GhlTaskId", "no-such-task"));

        assertThat(result.getException()).isInstanceOf(GhlException.class);
        assertThat(harness.sandbox().notes(contactId)).isEmpty();
    }

    private static List<String> emailsTagged(String tag) {
        List<String> emails = new ArrayList<>();
        harness.sandbox().contacts("sandbox-location").forEach(contact -> {
            for (var value : contact.path("tags")) {
                if (value.asText().equals(tag)) {
                    emails.add(contact.path("email").asText());
                }
            }
        });
        return emails;
    }
}
