package org.privyrghlsync.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.ContactLink;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.store.JobRun;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

/**
 * The contact-reconcile job against the sandbox: it runs every second and finds a linked contact that was deleted
 * or merged in GHL without any event of its client.
 */
class ContactReconciliationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "51000001";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private SyncHarness harness;

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    /** Starts a runtime with the policy, links one client to a contact and returns the contact's id. */
    private String start(String policy, boolean allowDuplicates) throws Exception {
        harness = SyncHarness.start(SandboxConfig.builder().allowDuplicates(allowDuplicates), Map.of(
                "sync.missing-contact", policy,
                "sync.jobs.contact-reconcile.cron", "* * * * * ?",
                "sync.jobs.contact-reconcile.checks-per-second", "0"));
        harness.post(Events.created("evt-rc-1", CLIENT, "Kavya Nair", "kavya@example.com", "+919844477788"));
        harness.awaitIdle();
        return link().contactId();
    }

    private ContactLink link() {
        return harness.components().ledger().findLink(location(), CLIENT).orElseThrow();
    }

    private String location() {
        return harness.sandbox().config().locationId();
    }

    /** Waits for the run that found the contact missing and returns its counts. */
    private String countsOfRunThatFoundMissing() {
        await().atMost(WAIT).until(() -> runThatFoundMissing() != null);
        JobRun run = runThatFoundMissing();
        assertThat(run.result()).isEqualTo(JobRun.OK);
        return run.countsJson();
    }

    private JobRun runThatFoundMissing() {
        return harness.components().jobRuns().runs("contact-reconcile", 100).stream()
                .filter(run -> run.countsJson() != null && run.countsJson().contains("\"missing\":1"))
                .findFirst().orElse(null);
    }

    @Test
    void relinkLinksMergedContact() throws Exception {
        String original = start("relink", true);
        String survivor = JSON.readTree(harness.callGhlDirectly("POST", "/contacts/",
                "{\"locationId\":\"" + location() + "\",\"firstName\":\"Kavya\",\"email\":\"kavya@example.com\"}"))
                .path("contact").path("id").asText();

        harness.sandbox().mergeContact(original, survivor);

        assertThat(countsOfRunThatFoundMissing()).isEqualTo("{\"checked\":1,\"missing\":1,\"relinked\":1,"
                + "\"recreated\":0,\"dead_lettered\":0,\"skipped\":0,\"errors\":0}");
        assertThat(link().contactId()).isEqualTo(survivor);
        assertThat(harness.sandbox().contacts(location())).singleElement()
                .satisfies(contact -> assertThat(contact.path("lastName").asText()).isEqualTo("Nair"));
        assertThat(harness.ghlRequests("GET", "/contacts/" + original)).isNotEmpty();
        assertThat(harness.components().inbox().statusOf("evt-rc-1")).containsExactly("DONE", "created");
    }

    @Test
    void recreateMakesDeletedContactAgain() throws Exception {
        String original = start("recreate", false);

        harness.sandbox().deleteContact(original);

        assertThat(countsOfRunThatFoundMissing()).isEqualTo("{\"checked\":1,\"missing\":1,\"relinked\":0,"
                + "\"recreated\":1,\"dead_lettered\":0,\"skipped\":0,\"errors\":0}");
        String replacement = link().contactId();
        assertThat(replacement).isNotEqualTo(original);
        assertThat(harness.sandbox().contacts(location())).singleElement().satisfies(contact -> {
            assertThat(contact.path("id").asText()).isEqualTo(replacement);
            assertThat(contact.path("email").asText()).isEqualTo("kavya@example.com");
            assertThat(contact.path("tags").toString()).contains("privyr");
        });
        assertThat(link().contactMissingAt()).isNull();
    }

    @Test
    void deadLetterWaitsForReplay() throws Exception {
        String original = start("dead-letter", false);

        harness.sandbox().deleteContact(original);

        assertThat(countsOfRunThatFoundMissing()).isEqualTo("{\"checked\":1,\"missing\":1,\"relinked\":0,"
                + "\"recreated\":0,\"dead_lettered\":1,\"skipped\":0,\"errors\":0}");
        assertThat(link().contactId()).isEqualTo(original);
        assertThat(link().contactMissingAt()).isNotNull();
        assertThat(harness.sandbox().contacts(location())).isEmpty();
        List<DeadLetter> letters = harness.components().ledger().deadLetters();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.eventId()).isEqualTo("evt-rc-1");
            assertThat(letter.ghlStatus()).isEqualTo(400);
            assertThat(letter.reason()).contains("contact reconciliation").contains("sync.missing-contact");
        });
        assertThat(harness.components().inbox().statusOf("evt-rc-1")).containsExactly("DEAD", "dead_lettered");

        // After the operator switches to recreate, a replay of the dead letter replaces the contact.
        harness.setOverride("sync.missing-contact", "recreate");
        harness.restart();
        harness.components().deadLetters().replay(letters.get(0).id());
        harness.awaitIdle();

        assertThat(harness.components().inbox().statusOf("evt-rc-1")).containsExactly("DONE", "created");
        assertThat(link().contactId()).isNotEqualTo(original);
        assertThat(link().contactMissingAt()).isNull();
        assertThat(harness.sandbox().contacts(location())).singleElement()
                .satisfies(contact -> assertThat(contact.path("id").asText()).isEqualTo(link().contactId()));
    }
}
