package org.privyrghlsync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.RawHttp;
import org.privyrghlsync.testing.SyncHarness;

class AdminApiTest {

    private static final String OTHER_LOCATION = "location-other";
    private static final String UNPROCESSABLE = "{\"statusCode\":422,\"message\":[\"phone must be a valid phone"
            + " number\"],\"error\":\"Unprocessable Entity\"}";

    private SyncHarness harness;
    private AdminHttp admin;
    private int phones;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void start(Map<String, String> extra) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(extra);
        settings.putIfAbsent("sync.admin.token", AdminHttp.TOKEN);
        settings.put("privyr.account-locations", "team-other:" + OTHER_LOCATION);
        harness = SyncHarness.start(SandboxConfig.builder(), settings);
        admin = new AdminHttp(harness.port());
    }

    @Test
    void listFiltersByEachField() throws Exception {
        start(Map.of());
        long rejected = createRejected("evt-f-422", "f-1");
        Instant between = Instant.now();
        long noteNeverSynced = noteNeverSynced("evt-f-note", "f-2");
        long otherLocation = otherLocation("evt-f-other", "f-3");

        assertThat(ids(admin.list(""))).containsExactly(otherLocation, noteNeverSynced, rejected);
        assertThat(ids(admin.list("location=" + OTHER_LOCATION))).containsExactly(otherLocation);
        assertThat(ids(admin.list("location=sandbox-location"))).containsExactly(noteNeverSynced, rejected);
        assertThat(ids(admin.list("type=note.updated"))).containsExactly(noteNeverSynced);
        assertThat(ids(admin.list("status=422"))).containsExactly(rejected);
        assertThat(ids(admin.list("status=none"))).containsExactly(noteNeverSynced);
        assertThat(ids(admin.list("since=" + between))).containsExactly(otherLocation, noteNeverSynced);
        assertThat(ids(admin.list("until=" + between))).containsExactly(rejected);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(ids(admin.list("since=" + today + "&until=" + today))).hasSize(3);
        assertThat(ids(admin.list("until=2020-01-01"))).isEmpty();
        assertThat(ids(admin.list("type=client.created&status=422&location=sandbox-location")))
                .containsExactly(rejected);
        JsonNode limited = admin.list("limit=1");
        assertThat(ids(limited)).containsExactly(otherLocation);
        assertThat(limited.path("truncated").asBoolean()).isTrue();
        assertThat(admin.list("limit=3").path("truncated").asBoolean()).isFalse();
    }

    @Test
    void jobsListsScheduleAndTakesOnlyGet() throws Exception {
        start(Map.of());

        JsonNode jobs = admin.call("GET", "/admin/jobs", null, 200);
        HttpResponse<String> post = admin.send("POST", "/admin/jobs", null);
        JsonNode withQuery = admin.call("GET", "/admin/jobs?job=retry-sweep", null, 400);

        assertThat(jobs.path("jobs")).extracting(job -> job.path("name").asText())
                .contains("retry-sweep", "token-keepalive", "contact-reconcile");
        assertThat(jobs.path("jobs").get(0).path("cron").asText()).isEqualTo("* * * * * ?");
        assertThat(jobs.path("nodes").get(0).path("node").asText()).isEqualTo(harness.components().nodeId());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        assertThat(withQuery.path("field").asText()).isEqualTo("job");
    }

    @Test
    void listRejectsInvalidFilters() throws Exception {
        start(Map.of());

        JsonNode badStatus = admin.call("GET", "/admin/dead-letters?status=abc", null, 400);
        JsonNode badType = admin.call("GET", "/admin/dead-letters?type=client.create", null, 400);
        JsonNode badTime = admin.call("GET", "/admin/dead-letters?since=yesterday", null, 400);
        JsonNode badLimit = admin.call("GET", "/admin/dead-letters?limit=0", null, 400);
        JsonNode unknown = admin.call("GET", "/admin/dead-letters?kind=task", null, 400);

        assertThat(badStatus.path("error").asText()).isEqualTo("invalid_request");
        assertThat(badStatus.path("reason").asText()).contains("'abc'").contains("422").contains("none");
        assertThat(badType.path("reason").asText()).contains("client.created");
        assertThat(badTime.path("reason").asText()).contains("2025-03-14");
        assertThat(badLimit.path("reason").asText()).contains("1 to 1000");
        assertThat(unknown.path("reason").asText()).contains("'kind'").contains("location");
    }

    @Test
    void brokenQueryEscapeGetsJson400() throws Exception {
        start(Map.of());
        String authorization = "Authorization: Bearer " + AdminHttp.TOKEN + "\r\n";

        RawHttp.Response list = RawHttp.send(harness.port(), "GET", "/admin/dead-letters?status=%ZZ", authorization);
        RawHttp.Response jobs = RawHttp.send(harness.port(), "GET", "/admin/jobs?%", authorization);
        // The HTTP server decodes the query string before the route checks the token.
        RawHttp.Response noToken = RawHttp.send(harness.port(), "GET", "/admin/dead-letters?status=%ZZ", "");

        for (RawHttp.Response response : List.of(list, jobs, noToken)) {
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.headers()).as(response.body()).contains("content-type: application/json");
            JsonNode body = AdminHttp.parse(response.body());
            assertThat(body.path("error").asText()).isEqualTo("invalid_request");
            assertThat(body.path("field").asText()).isEqualTo("query");
            assertThat(body.path("reason").asText()).contains("two hexadecimal digits");
        }
    }

    @Test
    void showReturnsEventAndGhlResponse() throws Exception {
        start(Map.of());
        long id = createRejected("evt-show", "s-1");

        JsonNode letter = admin.call("GET", "/admin/dead-letters/" + id, null, 200);

        assertThat(letter.path("id").asLong()).isEqualTo(id);
        assertThat(letter.path("state").asText()).isEqualTo("open");
        assertThat(letter.path("event_id").asText()).isEqualTo("evt-show");
        assertThat(letter.path("event_type").asText()).isEqualTo("client.created");
        assertThat(letter.path("ghl_status").asInt()).isEqualTo(422);
        assertThat(letter.path("ghl_message").asText()).isEqualTo("phone must be a valid phone number");
        assertThat(letter.path("ghl_response").asText()).contains("Unprocessable Entity");
        assertThat(letter.path("attempts").asInt()).isEqualTo(1);
        assertThat(letter.path("replayed_at").isNull()).isTrue();
        assertThat(letter.path("event").path("status").asText()).isEqualTo("DEAD");
        assertThat(letter.path("event").path("outcome").asText()).isEqualTo("dead_lettered");
        assertThat(letter.path("event").path("payload").path("data").path("client").path("email").asText())
                .isEqualTo("sana.s-1@example.com");
    }

    @Test
    void unknownOrInvalidIdIsRejected() throws Exception {
        start(Map.of());

        JsonNode unknown = admin.call("GET", "/admin/dead-letters/999", null, 404);
        JsonNode invalid = admin.call("GET", "/admin/dead-letters/abc", null, 400);
        JsonNode replayUnknown = admin.call("POST", "/admin/dead-letters/999/replay", null, 404);
        JsonNode discardUnknown = admin.call("DELETE", "/admin/dead-letters/999", null, 404);

        assertThat(unknown.path("error").asText()).isEqualTo("not_found");
        assertThat(unknown.path("reason").asText()).contains("999");
        assertThat(invalid.path("reason").asText()).contains("'abc'");
        assertThat(replayUnknown.path("error").asText()).isEqualTo("not_found");
        assertThat(discardUnknown.path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void replayOneCreatesContact() throws Exception {
        start(Map.of());
        long id = createRejected("evt-replay-1", "r-1");

        JsonNode result = admin.call("POST", "/admin/dead-letters/" + id + "/replay", null, 202);
        harness.awaitIdle();

        assertThat(result.path("replayed").get(0).path("id").asLong()).isEqualTo(id);
        assertThat(result.path("dispatched").asBoolean()).isTrue();
        assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).hasSize(1);
        assertThat(harness.components().inbox().statusOf("evt-replay-1")).containsExactly("DONE", "created");
        JsonNode letter = admin.call("GET", "/admin/dead-letters/" + id, null, 200);
        assertThat(letter.path("state").asText()).isEqualTo("replayed");
        assertThat(letter.path("replay_count").asInt()).isEqualTo(1);
        assertThat(letter.path("event").path("attempts").asInt()).as("attempts restart at 0").isEqualTo(1);
        assertThat(ids(admin.list(""))).as("a replayed dead letter stays listed").containsExactly(id);
    }

    @Test
    void replayOfSucceededEventMakesNoGhlCall() throws Exception {
        start(Map.of());
        long id = createRejected("evt-twice", "t-1");
        admin.call("POST", "/admin/dead-letters/" + id + "/replay", null, 202);
        harness.awaitIdle();
        int requestsAfterFirstReplay = harness.sandbox().requests().size();

        admin.call("POST", "/admin/dead-letters/" + id + "/replay", null, 202);
        harness.awaitIdle();

        assertThat(harness.sandbox().requests()).hasSize(requestsAfterFirstReplay);
        assertThat(harness.components().inbox().statusOf("evt-twice")).containsExactly("DONE", "unchanged");
        assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).hasSize(1);
        assertThat(admin.call("GET", "/admin/dead-letters/" + id, null, 200).path("replay_count").asInt())
                .isEqualTo(2);
    }

    @Test
    void replayByFilterAndAll() throws Exception {
        start(Map.of());
        long first = createRejected("evt-bulk-1", "b-1");
        long second = createRejected("evt-bulk-2", "b-2");
        long note = noteNeverSynced("evt-bulk-note", "b-3");

        JsonNode byType = admin.call("POST", "/admin/dead-letters/replay", "{\"type\": \"client.created\","
                + " \"status\": 422}", 202);
        harness.awaitIdle();

        assertThat(replayedIds(byType)).containsExactly(first, second);
        assertThat(harness.components().inbox().statusOf("evt-bulk-1")).containsExactly("DONE", "created");
        assertThat(harness.components().inbox().statusOf("evt-bulk-2")).containsExactly("DONE", "created");
        assertThat(state(note)).isEqualTo("open");

        JsonNode all = admin.call("POST", "/admin/dead-letters/replay", "{\"all\": true}", 202);
        harness.awaitIdle();

        assertThat(replayedIds(all)).containsExactly(note);
        assertThat(state(note)).isEqualTo("replayed");
        List<DeadLetter> letters = harness.components().ledger().deadLetters();
        assertThat(letters).as("the note still cannot be applied, so its replay made a new dead letter").hasSize(4);
        assertThat(letters.get(0).eventId()).isEqualTo("evt-bulk-note");
        assertThat(letters.get(0).state()).isEqualTo("open");
        JsonNode none = admin.call("POST", "/admin/dead-letters/replay", "{\"type\": \"task.created\"}", 404);
        assertThat(none.path("error").asText()).isEqualTo("not_found");
        assertThat(none.path("reason").asText()).contains("type=task.created");
    }

    @Test
    void bulkReplayNeedsFiltersOrAll() throws Exception {
        start(Map.of());

        JsonNode empty = admin.call("POST", "/admin/dead-letters/replay", "{}", 400);
        JsonNode both = admin.call("POST", "/admin/dead-letters/replay", "{\"all\": true, \"status\": \"none\"}",
                400);
        JsonNode notJson = admin.call("POST", "/admin/dead-letters/replay", "all", 400);

        assertThat(empty.path("reason").asText()).contains("all=true");
        assertThat(both.path("reason").asText()).contains("status=none");
        assertThat(notJson.path("reason").asText()).contains("not valid JSON");
    }

    @Test
    void discardKeepsEventDeadAndHidesLetter() throws Exception {
        start(Map.of());
        long deleted = createRejected("evt-discard-1", "d-1");
        long posted = createRejected("evt-discard-2", "d-2");

        JsonNode viaDelete = admin.call("DELETE", "/admin/dead-letters/" + deleted, null, 200);
        JsonNode viaPost = admin.call("POST", "/admin/dead-letters/" + posted + "/discard", null, 200);

        assertThat(viaDelete.path("state").asText()).isEqualTo("discarded");
        assertThat(viaDelete.path("discarded_at").isNull()).isFalse();
        assertThat(viaPost.path("state").asText()).isEqualTo("discarded");
        assertThat(harness.components().inbox().statusOf("evt-discard-1")).containsExactly("DEAD", "dead_lettered");
        assertThat(ids(admin.list(""))).isEmpty();
        assertThat(ids(admin.list("include_discarded=true"))).containsExactly(posted, deleted);
        JsonNode replay = admin.call("POST", "/admin/dead-letters/" + deleted + "/replay", null, 409);
        assertThat(replay.path("reason").asText()).contains("discarded");
        JsonNode again = admin.call("DELETE", "/admin/dead-letters/" + deleted, null, 409);
        assertThat(again.path("reason").asText()).contains("already");
        assertThat(admin.call("POST", "/admin/dead-letters/replay", "{\"all\": true}", 404).path("error").asText())
                .isEqualTo("not_found");
        assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).isEmpty();
    }

    @Test
    void discardWaitsForRunningReplay() throws Exception {
        start(Map.of());
        long id = createRejected("evt-discard-3", "d-3");
        // GHL responds to the replayed create after 2 s, so the replay is still applying the event meanwhile.
        harness.sandbox().injectDelay("POST", "/contacts/", Duration.ofSeconds(2), 1);
        admin.call("POST", "/admin/dead-letters/" + id + "/replay", null, 202);

        JsonNode during = admin.call("POST", "/admin/dead-letters/" + id + "/discard", null, 409);
        harness.awaitIdle();

        assertThat(during.path("reason").asText()).contains("pending again after a replay; wait for its result");
        assertThat(harness.components().inbox().statusOf("evt-discard-3")).containsExactly("DONE", "created");
        assertThat(state(id)).isEqualTo("replayed");
    }

    @Test
    void missingOrWrongTokenGets401() throws Exception {
        start(Map.of());
        try (LogCapture logs = new LogCapture()) {
            HttpResponse<String> missing = admin.send("GET", "/admin/dead-letters", null,
                    Map.of("X-Probe", "echo-me"));
            HttpResponse<String> wrong = admin.send("GET", "/admin/dead-letters", null,
                    Map.of("Authorization", "Bearer wrong-token-0123456789", "X-Probe", "echo-me"));
            HttpResponse<String> otherScheme = admin.send("POST", "/admin/dead-letters/replay", "{\"all\": true}",
                    Map.of("Authorization", "Basic " + AdminHttp.TOKEN));
            HttpResponse<String> right = admin.send("GET", "/admin/dead-letters", null,
                    Map.of("Authorization", "Bearer " + AdminHttp.TOKEN, "X-Probe", "echo-me"));

            for (HttpResponse<String> response : List.of(missing, wrong, otherScheme)) {
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(AdminHttp.parse(response.body()).path("error").asText()).isEqualTo("unauthorized");
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            }
            assertThat(AdminHttp.parse(missing.body()).path("reason").asText()).contains("no 'Authorization");
            assertThat(AdminHttp.parse(wrong.body()).path("reason").asText()).contains("wrong");
            assertThat(right.statusCode()).isEqualTo(200);
            for (HttpResponse<String> response : List.of(missing, wrong, right)) {
                assertThat(response.headers().map()).doesNotContainKey("x-probe");
                assertThat(response.headers().map()).doesNotContainKey("authorization");
                assertThat(response.body()).doesNotContain(AdminHttp.TOKEN);
            }
            assertThat(logs.lines()).anyMatch(line -> line.contains("Rejected an admin API request with 401"));
            assertThat(logs.lines()).noneMatch(line -> line.contains(AdminHttp.TOKEN));
            assertThat(logs.lines()).noneMatch(line -> line.contains("wrong-token-0123456789"));
        }
    }

    @Test
    void adminApiDisabledWithoutToken() throws Exception {
        start(Map.of("sync.admin.token", ""));

        HttpResponse<String> response = admin.send("GET", "/admin/dead-letters", null);

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = AdminHttp.parse(response.body());
        assertThat(body.path("error").asText()).isEqualTo("admin_disabled");
        assertThat(body.path("reason").asText()).contains("ADMIN_TOKEN").contains("sync.admin.token");
    }

    @Test
    void shortTokenStopsStartup() throws Exception {
        harness = SyncHarness.withoutRuntime(Map.of("sync.admin.token", "too-short"));

        assertThatThrownBy(harness::startRuntime).hasStackTraceContaining("sync.admin.token is shorter than 16");
    }

    private long createRejected(String eventId, String clientId) throws Exception {
        harness.sandbox().injectFault("POST", "/contacts/", 422, UNPROCESSABLE, 1);
        harness.post(Events.created(eventId, clientId, "Sana Shaikh", "sana." + clientId + "@example.com",
                nextPhone()));
        harness.awaitIdle();
        return openDeadLetterOf(eventId);
    }

    /** Returns the dead letter of a note.updated for a note that was never synced, which has no GHL status. */
    private long noteNeverSynced(String eventId, String clientId) throws Exception {
        harness.post(Events.created(eventId + "-client", clientId, "Ira Bose", "ira." + clientId + "@example.com",
                nextPhone()));
        harness.post(Events.note("note.updated", eventId, "2025-03-14T10:00:00Z", clientId, "n-" + clientId,
                Map.of("updated_at", "2025-03-14T10:00:00Z")));
        harness.awaitIdle();
        return openDeadLetterOf(eventId);
    }

    /** Returns the dead letter of a client of a location that the private token cannot reach. */
    /** Returns the dead letter of a client of the other location, whose create GHL rejects with 400. */
    private long otherLocation(String eventId, String clientId) throws Exception {
        // The sandbox applies faults before its token check, which would deny the private token this location.
        harness.sandbox().injectFault("GET", "/locations/" + OTHER_LOCATION + "/customFields", 200,
                "{\"customFields\":[]}", 1);
        harness.sandbox().injectFault("POST", "/contacts/", 400, null, 1);
        harness.post(Events.created(eventId, clientId, "Omar Farooq", "omar@example.com", nextPhone())
                .replace("\"privyr-test-team\"", "\"team-other\""));
        harness.awaitIdle();
        return openDeadLetterOf(eventId);
    }

    /** Returns a new Indian mobile number, so that no two test clients are duplicates of each other in GHL. */
    private String nextPhone() {
        phones++;
        return "+9198765" + String.format("%05d", phones);
    }

    private long openDeadLetterOf(String eventId) {
        return harness.components().ledger().deadLetters().stream()
                .filter(letter -> letter.eventId().equals(eventId) && letter.state().equals("open"))
                .findFirst().orElseThrow(() -> new AssertionError("no open dead letter for " + eventId))
                .id();
    }

    private String state(long id) throws Exception {
        return admin.call("GET", "/admin/dead-letters/" + id, null, 200).path("state").asText();
    }

    private static List<Long> ids(JsonNode listing) {
        List<Long> ids = new ArrayList<>();
        listing.path("dead_letters").forEach(letter -> ids.add(letter.path("id").asLong()));
        assertThat(listing.path("count").asInt()).isEqualTo(ids.size());
        return ids;
    }

    private static List<Long> replayedIds(JsonNode result) {
        List<Long> ids = new ArrayList<>();
        result.path("replayed").forEach(item -> ids.add(item.path("id").asLong()));
        return ids;
    }
}
