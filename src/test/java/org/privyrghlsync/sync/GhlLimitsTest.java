package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

/** Values that break a limit GHL documents become dead letters before any request reaches the sandbox. */
class GhlLimitsTest {

    private static final String MAPPING = """
            version: 1
            fields:
              - target: firstName
                from: name
                transform: first-name
              - target: dateOfBirth
                other-field: Date of birth
            """;

    private SyncHarness harness;

    @BeforeEach
    void start(@TempDir Path mappings) throws Exception {
        Files.writeString(mappings.resolve("contact.yaml"), MAPPING);
        harness = SyncHarness.start(org.privyrghlsync.sandbox.SandboxConfig.builder(),
                Map.of("sync.mappings-dir", mappings.toString()));
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void undocumentedDateOfBirthIsDeadLettered() throws Exception {
        harness.post(Events.client("client.created", "evt-dob-bad", "2025-03-14T09:00:00Z", "c-dob-bad",
                Map.of("name", "Asha Rao", "other_fields", Map.of("Date of birth", "14 March 1990"))));
        harness.awaitIdle();

        List<DeadLetter> letters = harness.components().ledger().deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).eventId()).isEqualTo("evt-dob-bad");
        assertThat(letters.get(0).reason()).contains("contact.dateOfBirth").contains("'14 ********90'")
                .contains("YYYY-MM-DD");
        assertThat(letters.get(0).reason()).doesNotContain("March");
        assertThat(letters.get(0).ghlStatus()).isNull();
        assertThat(harness.sandbox().requests()).filteredOn(request -> request.method().equals("POST")).isEmpty();
        assertThat(harness.components().inbox().statusOf("evt-dob-bad")).containsExactly("DEAD", "dead_lettered");
    }

    @Test
    void documentedDateOfBirthIsSent() throws Exception {
        harness.post(Events.client("client.created", "evt-dob-ok", "2025-03-14T09:00:00Z", "c-dob-ok",
                Map.of("name", "Asha Rao", "other_fields", Map.of("Date of birth", "1990-03-14"))));
        harness.awaitIdle();

        assertThat(harness.components().ledger().deadLetters()).isEmpty();
        assertThat(harness.ghlRequests("POST", "/contacts/")).singleElement()
                .satisfies(request -> assertThat(request.body()).contains("\"dateOfBirth\":\"1990-03-14\""));
    }
}
