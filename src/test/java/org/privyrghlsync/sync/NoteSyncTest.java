package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

class NoteSyncTest {

    private static final String CLIENT = "40000001";
    private SyncHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = SyncHarness.start();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    private String contactOfClient() throws Exception {
        harness.post(Events.created("evt-client-n", CLIENT, "Anil Kapoor", "anil@example.com", "+919833344455"));
        harness.awaitIdle();
        return harness.components().ledger().findLink(harness.sandbox().config().locationId(), CLIENT).orElseThrow()
                .contactId();
    }

    @Test
    void redeliveredNoteMakesOneNote() throws Exception {
        String contactId = contactOfClient();
        String event = Events.note("note.created", "evt-note-1", "2025-03-14T10:00:00Z", CLIENT, "n-1",
                Map.of("body", "Prefers a call after 6 pm.\nBudget flexible."));

        harness.post(event);
        harness.post(event);
        harness.post(Events.note("note.created", "evt-note-1-again", "2025-03-14T10:00:00Z", CLIENT, "n-1",
                Map.of("body", "Prefers a call after 6 pm.\nBudget flexible.")));
        harness.awaitIdle();

        List<ObjectNode> notes = harness.sandbox().notes(contactId);
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).path("body").asText()).isEqualTo("Prefers a call after 6 pm.\nBudget flexible.");
        assertThat(harness.ghlRequests("POST", "/contacts/[^/]+/notes")).hasSize(1);
    }

    @Test
    void noteUpdateEditsSameNote() throws Exception {
        String contactId = contactOfClient();
        harness.post(Events.note("note.created", "evt-note-2", "2025-03-14T10:00:00Z", CLIENT, "n-2",
                Map.of("body", "First visit on Saturday")));
        harness.awaitIdle();

        harness.post(Events.note("note.updated", "evt-note-2-edit", "2025-03-14T11:00:00Z", CLIENT, "n-2",
                Map.of("body", "First visit moved to Sunday")));
        harness.post(Events.note("note.updated", "evt-note-2-same", "2025-03-14T12:00:00Z", CLIENT, "n-2",
                Map.of("body", "First visit moved to Sunday")));
        harness.awaitIdle();

        List<ObjectNode> notes = harness.sandbox().notes(contactId);
        assertThat(notes).singleElement()
                .satisfies(note -> assertThat(note.path("body").asText()).isEqualTo("First visit moved to Sunday"));
        assertThat(harness.ghlRequests("PUT", "/contacts/[^/]+/notes/[^/]+")).hasSize(1);
        assertThat(harness.components().inbox().statusOf("evt-note-2-same")).containsExactly("DONE", "unchanged");
    }

    @Test
    void unknownNoteWithoutBodyDeadLettered() throws Exception {
        contactOfClient();

        harness.post(Events.note("note.updated", "evt-note-3", "2025-03-14T10:00:00Z", CLIENT, "n-3",
                Map.of("updated_at", "2025-03-14T10:00:00Z")));
        harness.awaitIdle();

        List<DeadLetter> letters = harness.components().ledger().deadLetters();
        assertThat(letters).singleElement().satisfies(letter -> assertThat(letter.reason())
                .contains("Note n-3 was never synced").contains("note.created"));
        assertThat(harness.ghlRequests("POST", "/contacts/[^/]+/notes")).isEmpty();
    }

    @Test
    void firstSyncNoteListsUnmappedFields(@TempDir Path mappings) throws Exception {
        Files.writeString(mappings.resolve("task.yaml"), "version: 1\nnotes:\n  first-sync-note: true\n");
        harness.setOverride("sync.mappings-dir", mappings.toString());
        harness.restart();
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("name", "Zoya Khan");
        client.put("notes", "Wants a sea view.");
        client.put("other_fields", Map.of("Budget", "2 Cr", "Preferred Floor", "High"));

        harness.post(Events.client("client.created", "evt-first-note", "2025-03-14T09:00:00Z", CLIENT, client));
        harness.post(Events.client("client.updated", "evt-first-note-2", "2025-03-14T09:30:00Z", CLIENT, client));
        harness.awaitIdle();

        String contactId = harness.components().ledger().findLink(harness.sandbox().config().locationId(), CLIENT)
                .orElseThrow().contactId();
        List<ObjectNode> notes = harness.sandbox().notes(contactId);
        assertThat(notes).hasSize(1);
        // Budget has a mapping rule in the shipped contact mapping, so only "Preferred Floor" is listed.
        assertThat(notes.get(0).path("body").asText())
                .isEqualTo("Wants a sea view.\n\nOther fields from Privyr:\nPreferred Floor: High");
    }
}
