package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

/** A GHL contact deleted or merged on the GHL side, handled per sync.missing-contact. */
class MissingContactTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "50000001";
    private SyncHarness harness;

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    private String start(String policy, boolean allowDuplicates) throws Exception {
        harness = SyncHarness.start(SandboxConfig.builder().allowDuplicates(allowDuplicates),
                Map.of("sync.missing-contact", policy));
        harness.post(Events.created("evt-mc-1", CLIENT, "Rohan Das", "rohan@example.com", "+919844455566"));
        harness.awaitIdle();
        return linkedContact();
    }

    private String linkedContact() {
        return harness.components().ledger().findLink(location(), CLIENT).orElseThrow().contactId();
    }

    private String location() {
        return harness.sandbox().config().locationId();
    }

    private String renamed(String eventId, String occurredAt) {
        return Events.client("client.updated", eventId, occurredAt, CLIENT,
                Map.of("name", "Rohan K Das", "email", "rohan@example.com", "phone", "+919844455566"));
    }

    @Test
    void relinkFindsMergedContactByEmail() throws Exception {
        String original = start("relink", true);
        String survivor = JSON.readTree(harness.callGhlDirectly("POST", "/contacts/",
                "{\"locationId\":\"" + location() + "\",\"firstName\":\"Rohan\",\"email\":\"rohan@example.com\"}"))
                .path("contact").path("id").asText();
        harness.sandbox().mergeContact(original, survivor);

        harness.post(renamed("evt-mc-2", "2025-03-14T10:00:00Z"));
        harness.awaitIdle();

        assertThat(linkedContact()).isEqualTo(survivor);
        List<ObjectNode> contacts = harness.sandbox().contacts(location());
        assertThat(contacts).singleElement().satisfies(contact -> {
            assertThat(contact.path("id").asText()).isEqualTo(survivor);
            assertThat(contact.path("lastName").asText()).isEqualTo("K Das");
            assertThat(contact.path("tags").toString()).contains("privyr");
        });
        assertThat(harness.components().inbox().statusOf("evt-mc-2")).containsExactly("DONE", "updated");
        assertThat(harness.ghlRequests("GET", "/contacts/search/duplicate")).hasSize(1);
    }

    @Test
    void recreateMakesNewContact() throws Exception {
        String original = start("recreate", false);
        harness.sandbox().deleteContact(original);

        harness.post(renamed("evt-mc-3", "2025-03-14T10:00:00Z"));
        harness.awaitIdle();

        String replacement = linkedContact();
        assertThat(replacement).isNotEqualTo(original);
        assertThat(harness.sandbox().contacts(location())).singleElement().satisfies(contact -> {
            assertThat(contact.path("id").asText()).isEqualTo(replacement);
            assertThat(contact.path("email").asText()).isEqualTo("rohan@example.com");
            assertThat(contact.path("lastName").asText()).isEqualTo("K Das");
        });
        assertThat(harness.ghlRequests("POST", "/contacts/")).as("the first create and the re-create").hasSize(2);
        assertThat(harness.ghlRequests("GET", "/contacts/search/duplicate")).isEmpty();
    }

    @Test
    void lostRecreateMakesOneContact() throws Exception {
        harness = SyncHarness.start(SandboxConfig.builder().allowDuplicates(true), Map.of(
                "sync.missing-contact", "recreate",
                "ghl.allow-duplicate-contacts", "true",
                "sync.retry.initial-delay-ms", "100"));
        harness.post(Events.created("evt-mc-7", CLIENT, "Rohan Das", "rohan@example.com", "+919844455566"));
        harness.awaitIdle();
        String original = linkedContact();
        harness.sandbox().deleteContact(original);
        harness.sandbox().injectLostResponse("POST", "/contacts/", 1);

        harness.post(renamed("evt-mc-8", "2025-03-14T10:00:00Z"));
        harness.awaitIdle();

        String replacement = linkedContact();
        assertThat(replacement).isNotEqualTo(original);
        assertThat(harness.sandbox().contacts(location())).singleElement()
                .satisfies(contact -> assertThat(contact.path("id").asText()).isEqualTo(replacement));
        assertThat(harness.components().inbox().statusOf("evt-mc-8")).containsExactly("DONE", "created");
    }

    @Test
    void deadLetterPolicyChangesNothing() throws Exception {
        String original = start("dead-letter", false);
        harness.sandbox().deleteContact(original);

        harness.post(renamed("evt-mc-4", "2025-03-14T10:00:00Z"));
        harness.awaitIdle();

        assertThat(harness.sandbox().contacts(location())).isEmpty();
        assertThat(linkedContact()).isEqualTo(original);
        List<DeadLetter> letters = harness.components().ledger().deadLetters();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.ghlStatus()).isEqualTo(400);
            assertThat(letter.reason()).contains("no longer exists").contains("sync.missing-contact");
        });
    }

    @Test
    void taskMovesToReplacementContact() throws Exception {
        String original = start("relink", false);
        harness.sandbox().deleteContact(original);

        harness.post(Events.task("task.created", "evt-mc-5", "2025-03-14T10:00:00Z", CLIENT, "t-mc",
                Map.of("title", "Call back")));
        harness.awaitIdle();

        String replacement = linkedContact();
        assertThat(replacement).isNotEqualTo(original);
        assertThat(harness.sandbox().tasks(replacement)).singleElement()
                .satisfies(task -> assertThat(task.path("title").asText()).isEqualTo("Call back"));
        assertThat(harness.sandbox().contacts(location())).singleElement()
                .satisfies(contact -> assertThat(contact.path("email").asText()).isEqualTo("rohan@example.com"));
    }
}
