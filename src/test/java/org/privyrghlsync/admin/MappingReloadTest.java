package org.privyrghlsync.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.mapping.ContactMapping;
import org.privyrghlsync.runtime.SyncRuntime;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.SyncHarness;

class MappingReloadTest {

    /** A rule that sends a Privyr form answer as GHL's dateOfBirth, which GHL rejects unless it is a date. */
    private static final String DATE_OF_BIRTH_RULE = """

              - target: dateOfBirth
                other-field: Date of birth
            """;
    /** The fix: keep the answer as written, in a text custom field. */
    private static final String DATE_OF_BIRTH_FIELD_RULE = """

              - custom-field: contact.date_of_birth
                other-field: Date of birth
            """;

    @TempDir
    Path mappings;

    private SyncHarness harness;
    private AdminHttp admin;
    private String shippedContactMapping;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void start(String contactMapping) throws Exception {
        shippedContactMapping = Files.readString(Path.of("mappings", "contact.yaml"));
        startWith(shippedContactMapping + contactMapping);
    }

    private void startWith(String contactMapping) throws Exception {
        Files.writeString(mappings.resolve("contact.yaml"), contactMapping);
        Files.copy(Path.of("mappings", "task.yaml"), mappings.resolve("task.yaml"));
        List<String> customFields = new ArrayList<>(SandboxConfig.defaults().customFieldKeys());
        customFields.add("contact.date_of_birth");
        harness = SyncHarness.start(SandboxConfig.builder().customFieldKeys(customFields), Map.of(
                "sync.admin.token", AdminHttp.TOKEN, "sync.mappings-dir", mappings.toString(),
                // One attempt: an event whose GHL calls fail becomes a dead letter at once.
                "sync.max-attempts", "1"));
        admin = new AdminHttp(harness.port());
    }

    @Test
    void replayAfterMappingFixCreatesContact() throws Exception {
        start(DATE_OF_BIRTH_RULE);
        harness.post(Events.client("client.created", "evt-dob", "2025-03-14T09:00:00Z", "dob-1", Map.of(
                "name", "Kavya Menon", "email", "kavya@example.com", "phone", "+919876504567",
                "other_fields", Map.of("Date of birth", "14 March 1990"))));
        harness.awaitIdle();
        DeadLetter letter = harness.components().ledger().deadLetters().get(0);
        // The date is not in a form GHL documents, so it is dead-lettered before any call.
        assertThat(letter.reason()).contains("dateOfBirth");
        assertThat(letter.ghlStatus()).isNull();
        SyncRuntime runtime = harness.runtime();

        Files.writeString(mappings.resolve("contact.yaml"), shippedContactMapping + DATE_OF_BIRTH_FIELD_RULE);
        admin.call("POST", "/admin/dead-letters/" + letter.id() + "/replay", null, 202);
        harness.awaitIdle();

        assertThat(harness.runtime()).as("no restart").isSameAs(runtime);
        List<ObjectNode> contacts = harness.sandbox().contacts(harness.sandbox().config().locationId());
        assertThat(contacts).hasSize(1);
        assertThat(contacts.get(0).path("customFields").toString()).contains("14 March 1990");
        assertThat(contacts.get(0).path("dateOfBirth").isMissingNode() || contacts.get(0).path("dateOfBirth")
                .isNull()).isTrue();
        assertThat(harness.components().inbox().statusOf("evt-dob")).containsExactly("DONE", "created");
        assertThat(harness.components().ledger().deadLetters()).singleElement()
                .satisfies(replayed -> assertThat(replayed.state()).isEqualTo("replayed"));
    }

    @Test
    void invalidMappingIsRejectedAndKept() throws Exception {
        start("");
        ContactMapping inUse = harness.components().mapping();
        Files.copy(Path.of("src/test/resources/mappings/broken-simple.yaml"), mappings.resolve("contact.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        JsonNode reload = admin.call("POST", "/admin/mappings/reload", null, 422);
        harness.post(Events.created("evt-after-reload", "k-1", "Nikhil Rao", "nikhil@example.com",
                "+919876505678"));
        harness.awaitIdle();

        assertThat(reload.path("error").asText()).isEqualTo("invalid_mapping");
        assertThat(reload.path("reason").asText()).contains("contact.yaml line").contains("simple");
        assertThat(harness.components().mapping()).isSameAs(inUse);
        assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).singleElement()
                .satisfies(contact -> assertThat(contact.path("source").asText()).isEqualTo("Privyr"));
    }

    @Test
    void deletedMappingFileIsRejectedAndKept() throws Exception {
        start("");
        ContactMapping inUse = harness.components().mapping();
        Files.delete(mappings.resolve("contact.yaml"));

        JsonNode reload = admin.call("POST", "/admin/mappings/reload", null, 422);

        assertThat(reload.path("reason").asText()).contains(mappings.resolve("contact.yaml").toAbsolutePath()
                .toString(), "no longer exists; restore it");
        assertThat(harness.components().mapping()).isSameAs(inUse);
    }

    @Test
    void replayWithInvalidMappingReplaysNothing() throws Exception {
        start("");
        harness.sandbox().injectFault("POST", "/contacts/", 503, "{\"message\":\"down\"}", 50);
        harness.post(Events.created("evt-down", "down-1", "Rhea Kapoor", "rhea@example.com", "+919876506789"));
        harness.awaitIdle();
        harness.sandbox().clearFaults();
        long id = harness.components().ledger().deadLetters().get(0).id();
        Files.writeString(mappings.resolve("task.yaml"), "version: 1\ntime-zone: Asia/Kolkatta\n");

        JsonNode replay = admin.call("POST", "/admin/dead-letters/" + id + "/replay", null, 422);

        assertThat(replay.path("reason").asText()).contains("Nothing was replayed").contains("task.yaml")
                .contains("Asia/Kolkatta");
        assertThat(harness.components().inbox().statusOf("evt-down")).containsExactly("DEAD", "dead_lettered");
        assertThat(admin.call("GET", "/admin/dead-letters/" + id, null, 200).path("state").asText())
                .isEqualTo("open");

        Files.copy(Path.of("mappings", "task.yaml"), mappings.resolve("task.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        JsonNode reloaded = admin.call("POST", "/admin/mappings/reload", null, 200);
        admin.call("POST", "/admin/dead-letters/" + id + "/replay", null, 202);
        harness.awaitIdle();

        assertThat(reloaded.path("task_mapping").asText()).endsWith("task.yaml");
        assertThat(harness.components().inbox().statusOf("evt-down")).containsExactly("DONE", "created");
    }

    @Test
    void reloadWarnsAgainWithoutClientIdField() throws Exception {
        String idRule = "  - custom-field: contact.privyr_client_id\n    from: id\n";
        String withoutIdRule = Files.readString(Path.of("mappings", "contact.yaml")).replace(idRule, "");
        assertThat(withoutIdRule).doesNotContain("from: id");
        String mappingWarning = "fills no custom field from the client's id";
        String locationWarning = "writes its id to no custom field of GHL location";
        try (LogCapture logs = new LogCapture()) {
            startWith(withoutIdRule);
            assertThat(logs.lines()).filteredOn(line -> line.contains(mappingWarning)).hasSize(1);

            harness.post(Events.client("client.created", "evt-name-1", "2025-03-14T09:00:00Z", "name-1",
                    Map.of("name", "Walk-in Visitor")));
            harness.post(Events.client("client.created", "evt-name-2", "2025-03-14T09:00:00Z", "name-2",
                    Map.of("name", "Second Visitor")));
            harness.awaitIdle();
            assertThat(logs.lines()).filteredOn(line -> line.contains(locationWarning)).hasSize(1);

            // The file is still without the rule: the reload and the next such create are warned about again.
            admin.call("POST", "/admin/mappings/reload", null, 200);
            assertThat(logs.lines()).filteredOn(line -> line.contains(mappingWarning)).hasSize(2);
            harness.post(Events.client("client.created", "evt-name-3", "2025-03-14T09:00:00Z", "name-3",
                    Map.of("name", "Third Visitor")));
            harness.awaitIdle();
            assertThat(logs.lines()).filteredOn(line -> line.contains(locationWarning)).hasSize(2);
        }
        assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).hasSize(3);
    }
}
