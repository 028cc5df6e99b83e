package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.FaultSpec;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.store.ItemLink;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

/** Attempts of events that failed for a passing reason, kept in the store. */
class RetryTest {

    private static final String SERVICE_UNAVAILABLE = "{\"statusCode\":503,\"message\":\"Service Unavailable\"}";
    private static final String CLIENT = "70000001";
    private SyncHarness harness;

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    /** Starts a runtime that does not redeliver within a call, so every failure reaches the event's schedule. */
    private void start(String initialDelayMs, String maxAttempts) throws Exception {
        start(initialDelayMs, maxAttempts, "0");
    }

    private void start(String initialDelayMs, String maxAttempts, String redeliveries) throws Exception {
        harness = SyncHarness.start(SandboxConfig.builder(), Map.of(
                "ghl.retry.max-redeliveries", redeliveries,
                "ghl.retry.initial-delay-ms", "10",
                "sync.retry.initial-delay-ms", initialDelayMs,
                "sync.max-attempts", maxAttempts));
    }

    private String location() {
        return harness.sandbox().config().locationId();
    }

    private String contactOfClient() throws Exception {
        harness.post(Events.created("evt-retry-client", CLIENT, "Leela Menon", "leela@example.com", "+919855566677"));
        harness.awaitIdle();
        return harness.components().ledger().findLink(location(), CLIENT).orElseThrow().contactId();
    }

    @Test
    void failedEventIsTriedAgainFromStore() throws Exception {
        start("100", "5");
        harness.sandbox().injectFault("POST", "/contacts/", 503, SERVICE_UNAVAILABLE, 2);

        harness.post(Events.created("evt-retry-1", CLIENT, "Leela Menon", "leela@example.com", "+919855566677"));
        harness.awaitIdle();

        assertThat(harness.components().inbox().statusOf("evt-retry-1")).containsExactly("DONE", "created");
        assertThat(harness.components().inbox().attemptsOf("evt-retry-1")).isEqualTo(3);
        assertThat(harness.ghlRequests("POST", "/contacts/")).extracting(RecordedRequest::status)
                .containsExactly(503, 503, 201);
        assertThat(harness.sandbox().contacts(location())).hasSize(1);
    }

    @Test
    void scheduledAttemptSurvivesRestart() throws Exception {
        start("2000", "5");
        harness.sandbox().injectFault("POST", "/contacts/", 503, SERVICE_UNAVAILABLE, 1);
        harness.post(Events.created("evt-retry-2", CLIENT, "Leela Menon", "leela@example.com", "+919855566677"));
        org.awaitility.Awaitility.await().until(() -> harness.components().inbox().attemptsOf("evt-retry-2") == 1);

        harness.restart();
        assertThat(harness.components().inbox().attemptsOf("evt-retry-2")).isEqualTo(1);
        harness.awaitIdle();

        assertThat(harness.components().inbox().statusOf("evt-retry-2")).containsExactly("DONE", "created");
        assertThat(harness.components().inbox().attemptsOf("evt-retry-2")).isEqualTo(2);
    }

    @Test
    void exhaustedAttemptsKeepLastGhlStatus() throws Exception {
        start("50", "3");
        harness.sandbox().injectFault("POST", "/contacts/", 503, SERVICE_UNAVAILABLE, 10);

        harness.post(Events.created("evt-retry-3", CLIENT, "Leela Menon", "leela@example.com", "+919855566677"));
        harness.awaitIdle();

        List<DeadLetter> letters = harness.components().ledger().deadLetters();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.ghlStatus()).isEqualTo(503);
            assertThat(letter.ghlMessage()).isEqualTo("Service Unavailable");
            assertThat(letter.attempts()).isEqualTo(3);
        });
        assertThat(harness.ghlRequests("POST", "/contacts/")).hasSize(3);
    }

    @Test
    void laterEventsWaitBehindRetry() throws Exception {
        start("300", "5");
        harness.sandbox().injectFault("POST", "/contacts/", 503, SERVICE_UNAVAILABLE, 1);

        harness.post(Events.created("evt-retry-4", CLIENT, "Leela Menon", "leela@example.com", "+919855566677"));
        harness.post(Events.client("client.updated", "evt-retry-5", "2025-03-14T10:00:00Z", CLIENT,
                Map.of("name", "Leela R Menon", "email", "leela@example.com", "phone", "+919855566677")));
        harness.awaitIdle();

        assertThat(harness.components().inbox().statusOf("evt-retry-4")).containsExactly("DONE", "created");
        assertThat(harness.components().inbox().statusOf("evt-retry-5")).containsExactly("DONE", "updated");
        assertThat(harness.sandbox().contacts(location())).singleElement()
                .satisfies(contact -> assertThat(contact.path("lastName").asText()).isEqualTo("R Menon"));
    }

    @Test
    void lostTaskCreateAnswerMakesOneTask() throws Exception {
        start("100", "5");
        String contactId = contactOfClient();
        harness.sandbox().injectLostResponse("POST", "/contacts/[^/]+/tasks", 1);

        harness.post(Events.task("task.created", "evt-retry-6", "2025-03-14T10:00:00Z", CLIENT, "t-lost",
                Map.of("title", "Call about financing", "due_at", "2025-03-18T05:00:00Z")));
        harness.awaitIdle();

        assertThat(harness.sandbox().tasks(contactId)).hasSize(1);
        assertThat(harness.ghlRequests("POST", "/contacts/[^/]+/tasks")).hasSize(1);
        assertThat(harness.ghlRequests("GET", "/contacts/[^/]+/tasks")).hasSize(1);
        assertThat(harness.components().ledger().findItem(location(), "task", "t-lost").orElseThrow().ghlId())
                .isEqualTo(harness.sandbox().tasks(contactId).get(0).path("id").asText());
    }

    @Test
    void lostNoteCreateAnswerMakesOneNote() throws Exception {
        start("100", "5");
        String contactId = contactOfClient();
        harness.sandbox().injectLostResponse("POST", "/contacts/[^/]+/notes", 1);

        harness.post(Events.note("note.created", "evt-retry-7", "2025-03-14T10:00:00Z", CLIENT, "n-lost",
                Map.of("body", "Asked for the price list")));
        harness.awaitIdle();

        assertThat(harness.sandbox().notes(contactId)).hasSize(1);
        assertThat(harness.ghlRequests("POST", "/contacts/[^/]+/notes")).hasSize(1);
    }

    @Test
    void taskCreateIsNotResentAfter503() throws Exception {
        start("100", "5", "3");
        String contactId = contactOfClient();
        harness.sandbox().injectFault("POST", "/contacts/[^/]+/tasks", 503, SERVICE_UNAVAILABLE, 1);

        harness.post(Events.task("task.created", "evt-retry-8", "2025-03-14T10:00:00Z", CLIENT, "t-503",
                Map.of("title", "Send the brochure")));
        harness.awaitIdle();

        // The 503 goes back to the event's schedule, whose next attempt first looks for the task.
        assertThat(harness.ghlRequests("POST", "/contacts/[^/]+/tasks")).extracting(RecordedRequest::status)
                .containsExactly(503, 201);
        assertThat(harness.ghlRequests("GET", "/contacts/[^/]+/tasks")).hasSize(1);
        assertThat(harness.sandbox().tasks(contactId)).hasSize(1);
    }

    @Test
    void taskCreateIsResentAfter429() throws Exception {
        start("100", "5", "3");
        String contactId = contactOfClient();
        harness.sandbox().injectFault("POST", "/contacts/[^/]+/tasks", 429,
                "{\"statusCode\":429,\"message\":\"Too Many Requests\"}", 1);

        harness.post(Events.task("task.created", "evt-retry-9", "2025-03-14T10:00:00Z", CLIENT, "t-429",
                Map.of("title", "Send the brochure")));
        harness.awaitIdle();

        assertThat(harness.ghlRequests("POST", "/contacts/[^/]+/tasks")).extracting(RecordedRequest::status)
                .containsExactly(429, 201);
        assertThat(harness.ghlRequests("GET", "/contacts/[^/]+/tasks")).isEmpty();
        assertThat(harness.components().inbox().attemptsOf("evt-retry-9")).isEqualTo(1);
        assertThat(harness.sandbox().tasks(contactId)).hasSize(1);
    }

    @Test
    void lostCreateAfter429IsNotResent() throws Exception {
        start("100", "5", "3");
        String contactId = contactOfClient();
        // The first create gets a 429 and is redelivered; GHL makes the task on the second, but its response is lost.
        harness.sandbox().injectFault(FaultSpec.of(FaultSpec.Kind.RATE_LIMITED, "POST", "/contacts/[^/]+/tasks")
                .times(1));
        harness.sandbox().injectLostResponse("POST", "/contacts/[^/]+/tasks", 1);

        harness.post(Events.task("task.created", "evt-retry-14", "2025-03-14T10:00:00Z", CLIENT, "t-429-lost",
                Map.of("title", "Share the floor plan")));
        harness.awaitIdle();

        assertThat(harness.ghlRequests("POST", "/contacts/[^/]+/tasks")).extracting(RecordedRequest::status)
                .containsExactly(429, 201);
        assertThat(harness.ghlRequests("GET", "/contacts/[^/]+/tasks")).hasSize(1);
        assertThat(harness.sandbox().tasks(contactId)).hasSize(1);
    }

    @Test
    void updateAfterLostCreateFixesFoundTask() throws Exception {
        start("100", "1");
        String contactId = contactOfClient();
        harness.sandbox().injectLostResponse("POST", "/contacts/[^/]+/tasks", 1);
        harness.post(Events.task("task.created", "evt-retry-10", "2025-03-14T10:00:00Z", CLIENT, "t-found",
                Map.of("title", "Call back", "due_at", "2025-03-18T05:00:00Z")));
        harness.awaitIdle();

        // The create's response was lost and its only attempt is used up; the update finds the task GHL made.
        harness.post(Events.task("task.updated", "evt-retry-11", "2025-03-14T11:00:00Z", CLIENT, "t-found",
                Map.of("status", "COMPLETED")));
        harness.awaitIdle();

        assertThat(harness.sandbox().tasks(contactId)).singleElement()
                .satisfies(task -> assertThat(task.path("completed").asBoolean()).isTrue());
        assertThat(harness.ghlRequests("POST", "/contacts/[^/]+/tasks")).hasSize(1);
        assertThat(harness.ghlRequests("PUT", "/contacts/[^/]+/tasks/[^/]+/completed")).hasSize(1);
    }

    @Test
    void updateAfterLostCreateFixesFoundNote() throws Exception {
        start("100", "1");
        String contactId = contactOfClient();
        harness.sandbox().injectLostResponse("POST", "/contacts/[^/]+/notes", 1);
        harness.post(Events.note("note.created", "evt-retry-12", "2025-03-14T10:00:00Z", CLIENT, "n-found",
                Map.of("body", "Budget 80L")));
        harness.awaitIdle();

        harness.post(Events.note("note.updated", "evt-retry-13", "2025-03-14T11:00:00Z", CLIENT, "n-found",
                Map.of("body", "Budget 90L")));
        harness.awaitIdle();

        assertThat(harness.sandbox().notes(contactId)).singleElement()
                .satisfies(note -> assertThat(note.path("body").asText()).isEqualTo("Budget 90L"));
        assertThat(harness.ghlRequests("POST", "/contacts/[^/]+/notes")).hasSize(1);
    }

    @Test
    void failedRecordDeadLettersWhenAttemptsRunOut() throws Exception {
        start("100", "2");
        try (Connection connection = harness.components().dataSource().getConnection();
                Statement update = connection.createStatement()) {
            // The store rejects this client's contact link every time, as a value it cannot hold would.
            update.execute("ALTER TABLE contact_link ADD CONSTRAINT link_rejected CHECK (client_id <> '" + CLIENT
                    + "')");
        }

        harness.post(Events.created("evt-retry-record", CLIENT, "Leela Menon", "leela@example.com",
                "+919855566677"));
        harness.awaitIdle();

        assertThat(harness.components().inbox().statusOf("evt-retry-record")).containsExactly("DEAD",
                "dead_lettered");
        DeadLetter letter = harness.components().ledger().deadLetters().get(0);
        assertThat(letter.reason()).contains("Recording the event's result failed", "attempt 2 of 2");
        assertThat(letter.attempts()).isEqualTo(2);
    }

    @Test
    void lostNameOnlyCreateMakesOneContact() throws Exception {
        start("100", "5", "3");
        harness.sandbox().injectLostResponse("POST", "/contacts/", 1);

        harness.post(Events.client("client.created", "evt-retry-15", "2025-03-14T09:00:00Z", CLIENT,
                Map.of("name", "Walk-in Visitor")));
        harness.awaitIdle();

        assertThat(harness.components().inbox().statusOf("evt-retry-15")).containsExactly("DONE", "created");
        assertThat(harness.sandbox().contacts(location())).singleElement().satisfies(contact -> assertThat(
                harness.components().ledger().findLink(location(), CLIENT).orElseThrow().contactId())
                .isEqualTo(contact.path("id").asText()));
        assertThat(harness.ghlRequests("POST", "/contacts/")).hasSize(1);
    }

    @Test
    void updateLinksLostNameOnlyContact() throws Exception {
        start("100", "1");
        harness.sandbox().injectLostResponse("POST", "/contacts/", 1);
        harness.post(Events.client("client.created", "evt-retry-16", "2025-03-14T09:00:00Z", CLIENT,
                Map.of("name", "Walk-in Visitor")));
        harness.awaitIdle();

        // The create's only attempt lost its response. The update finds the contact by the client id field.
        harness.post(Events.client("client.updated", "evt-retry-17", "2025-03-14T10:00:00Z", CLIENT,
                Map.of("name", "Walk-in Visitor Two")));
        harness.awaitIdle();

        assertThat(harness.components().inbox().statusOf("evt-retry-17")).containsExactly("DONE", "created");
        assertThat(harness.sandbox().contacts(location())).singleElement()
                .satisfies(contact -> assertThat(contact.path("lastName").asText()).isEqualTo("Visitor Two"));
        assertThat(harness.ghlRequests("POST", "/contacts/")).hasSize(1);
        assertThat(harness.ghlRequests("PUT", "/contacts/[^/]+")).hasSize(1);
    }

    @Test
    void createWithEmailSkipsRecordAndSearch() throws Exception {
        start("100", "5");

        contactOfClient();

        assertThat(harness.components().ledger().findItem(location(), ItemLink.CONTACT_CREATE, CLIENT)).isEmpty();
        assertThat(harness.ghlRequests("POST", "/contacts/search")).isEmpty();
    }

    @Test
    void lostCreateSkipsOtherClientsContact() throws Exception {
        start("100", "5", "3");
        harness.post(Events.client("client.created", "evt-retry-18", "2025-03-14T09:00:00Z", "70000002",
                Map.of("name", "Walk-in Visitor")));
        harness.awaitIdle();
        harness.sandbox().injectLostResponse("POST", "/contacts/", 1);

        harness.post(Events.client("client.created", "evt-retry-19", "2025-03-14T09:00:00Z", CLIENT,
                Map.of("name", "Walk-in Visitor")));
        harness.awaitIdle();

        String linked = harness.components().ledger().findLink(location(), CLIENT).orElseThrow().contactId();
        String other = harness.components().ledger().findLink(location(), "70000002").orElseThrow().contactId();
        assertThat(linked).isNotEqualTo(other);
        assertThat(harness.sandbox().contacts(location())).hasSize(2);
        assertThat(harness.sandbox().contacts(location())).filteredOn(contact -> contact.path("id").asText()
                .equals(linked)).singleElement().satisfies(contact -> assertThat(contact.path("customFields")
                        .findValuesAsText("value")).contains(CLIENT));
        assertThat(harness.ghlRequests("POST", "/contacts/")).hasSize(2);
    }

    @Test
    void rejectedSearchStillCreatesContact() throws Exception {
        start("100", "5", "3");
        harness.sandbox().injectLostResponse("POST", "/contacts/", 1);
        harness.sandbox().injectFault("POST", "/contacts/search", 422,
                "{\"statusCode\":422,\"message\":[\"query must be shorter\"]}", 1);

        harness.post(Events.client("client.created", "evt-retry-20", "2025-03-14T09:00:00Z", CLIENT,
                Map.of("name", "Walk-in Visitor")));
        harness.awaitIdle();

        assertThat(harness.components().inbox().statusOf("evt-retry-20")).containsExactly("DONE", "created");
        assertThat(harness.ghlRequests("POST", "/contacts/search")).extracting(RecordedRequest::status)
                .containsExactly(422);
        assertThat(harness.ghlRequests("POST", "/contacts/")).hasSize(2);
    }

    @Test
    void timedOutCreateIsNotSentTwice() throws Exception {
        harness = SyncHarness.start(SandboxConfig.builder(), Map.of(
                "camel.component.http.response-timeout", "3000",
                "sync.retry.initial-delay-ms", "100",
                "sync.max-attempts", "20"));
        // GHL stores the contact 4.5 s after the request: after the runtime's 3 s response timeout, and after the
        // event's next attempt searched for it.
        harness.sandbox().injectFault(FaultSpec.of(FaultSpec.Kind.DELAY, "POST", "/contacts/").withDelay(4500)
                .times(1));

        harness.post(Events.client("client.created", "evt-retry-21", "2025-03-14T09:00:00Z", CLIENT,
                Map.of("name", "Walk-in Visitor")));
        harness.awaitIdle();
        // The delayed request may still be in the sandbox, so the count must stay at one beyond its 4.5 s.
        org.awaitility.Awaitility.await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> harness.sandbox().contacts(location()).size() == 1);
        assertThat(harness.ghlRequests("POST", "/contacts/search")).as("searches before the contact was listed")
                .hasSizeGreaterThan(1);
        assertThat(harness.components().inbox().attemptsOf("evt-retry-21")).as("waits count no attempt")
                .isEqualTo(2);

        assertThat(harness.components().inbox().statusOf("evt-retry-21")).containsExactly("DONE", "created");
        assertThat(harness.sandbox().contacts(location())).singleElement().satisfies(contact -> assertThat(
                harness.components().ledger().findLink(location(), CLIENT).orElseThrow().contactId())
                .isEqualTo(contact.path("id").asText()));
        assertThat(harness.ghlRequests("POST", "/contacts/")).hasSize(1);
    }
}
