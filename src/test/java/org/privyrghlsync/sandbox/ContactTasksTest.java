package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContactTasksTest extends DefaultSandboxTest {

    private static final String TASK = "{\"title\":\"Call back\",\"dueDate\":\"2021-07-08T02:30:00Z\","
            + "\"completed\":false}";
    private static final String DUE_DATE_FORMAT_MESSAGE =
            "dueDate must be an ISO 8601 date-time with Z or an offset, such as 2020-10-25T11:00:00Z";

    private String contactId;
    private String tasksPath;

    @BeforeEach
    void createContact() {
        contactId = client.post("/contacts/", "{\"locationId\":\"sandbox-location\",\"firstName\":\"Ann\"}")
                .body().path("contact").path("id").asText();
        tasksPath = "/contacts/" + contactId + "/tasks";
    }

    @Test
    void createReturnsTaskWrapper() {
        SandboxClient.Reply reply = client.post(tasksPath, "{\"title\":\"Call back\",\"body\":\"Ask about budget\","
                + "\"dueDate\":\"2021-07-08T08:00:00+05:30\",\"completed\":false,\"assignedTo\":\"user0000000000000001\"}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body().size()).isEqualTo(1);
        JsonNode task = reply.body().path("task");
        assertThat(task.path("id").asText()).hasSize(20);
        assertThat(task.path("title").asText()).isEqualTo("Call back");
        assertThat(task.path("body").asText()).isEqualTo("Ask about budget");
        assertThat(task.path("assignedTo").asText()).isEqualTo("user0000000000000001");
        assertThat(task.path("dueDate").asText()).isEqualTo("2021-07-08T02:30:00.000Z");
        assertThat(task.path("completed").isBoolean()).isTrue();
        assertThat(task.path("completed").asBoolean()).isFalse();
        assertThat(task.path("contactId").asText()).isEqualTo(contactId);
        assertThat(sandbox.tasks(contactId)).containsExactly((ObjectNode) task);
    }

    @Test
    void dueDateReadsBackAsUtcMillis() {
        String[][] cases = {
                {"2021-07-08T02:30:00Z", "2021-07-08T02:30:00.000Z"},
                {"2021-07-08T02:30Z", "2021-07-08T02:30:00.000Z"},
                {"2021-07-07T22:30:00-04:00", "2021-07-08T02:30:00.000Z"},
                {"2021-07-08T02:30:00.5Z", "2021-07-08T02:30:00.500Z"},
                {"2021-07-08T02:30:00.123456789Z", "2021-07-08T02:30:00.123Z"},
        };
        for (String[] dueDate : cases) {
            SandboxClient.Reply reply = client.post(tasksPath,
                    "{\"title\":\"t\",\"dueDate\":\"" + dueDate[0] + "\",\"completed\":true}");

            assertThat(reply.status()).as(dueDate[0]).isEqualTo(201);
            assertThat(reply.body().path("task").path("dueDate").asText()).as(dueDate[0]).isEqualTo(dueDate[1]);
        }
    }

    @Test
    void listReturnsTasksInCreationOrder() {
        List<String> ids = new ArrayList<>();
        for (String title : List.of("first", "second", "third")) {
            ids.add(client.post(tasksPath, "{\"title\":\"" + title + "\",\"dueDate\":\"2021-07-08T02:30:00Z\","
                    + "\"completed\":false}").body().path("task").path("id").asText());
        }

        SandboxClient.Reply reply = client.get(tasksPath);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().size()).isEqualTo(1);
        assertThat(values(reply.body().path("tasks"), "id")).containsExactlyElementsOf(ids);
        assertThat(values(reply.body().path("tasks"), "title")).containsExactly("first", "second", "third");
        assertThat(sandbox.tasks(contactId)).extracting(task -> task.path("id").asText()).containsExactlyElementsOf(ids);
    }

    @Test
    void listOfContactWithoutTasksIsEmpty() {
        SandboxClient.Reply reply = client.get(tasksPath);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(SandboxClient.json("{\"tasks\":[]}"));
    }

    @Test
    void getReturnsTaskWrapper() {
        JsonNode created = client.post(tasksPath, TASK).body().path("task");

        SandboxClient.Reply reply = client.get(tasksPath + "/" + created.path("id").asText());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().size()).isEqualTo(1);
        assertThat(reply.body().path("task")).isEqualTo(created);
    }

    @Test
    void updateChangesOnlyGivenFields() {
        String id = client.post(tasksPath, "{\"title\":\"Call back\",\"body\":\"Ask about budget\","
                + "\"dueDate\":\"2021-07-08T02:30:00Z\",\"completed\":false}").body().path("task").path("id").asText();

        SandboxClient.Reply reply = client.put(tasksPath + "/" + id,
                "{\"title\":\"Call again\",\"dueDate\":\"2021-07-09T10:00:00+02:00\",\"assignedTo\":\"user1\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().size()).isEqualTo(1);
        JsonNode task = reply.body().path("task");
        assertThat(task.path("id").asText()).isEqualTo(id);
        assertThat(task.path("title").asText()).isEqualTo("Call again");
        assertThat(task.path("dueDate").asText()).isEqualTo("2021-07-09T08:00:00.000Z");
        assertThat(task.path("assignedTo").asText()).isEqualTo("user1");
        assertThat(task.path("body").asText()).isEqualTo("Ask about budget");
        assertThat(task.path("completed").asBoolean()).isFalse();
        assertThat(sandbox.tasks(contactId).get(0)).isEqualTo(task);
    }

    @Test
    void updateWithNullBodyRemovesIt() {
        String id = client.post(tasksPath, "{\"title\":\"t\",\"body\":\"b\",\"dueDate\":\"2021-07-08T02:30:00Z\","
                + "\"completed\":false}").body().path("task").path("id").asText();

        SandboxClient.Reply reply = client.put(tasksPath + "/" + id, "{\"body\":null}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("task").has("body")).isFalse();
    }

    @Test
    void updateEchoingMillisecondDueDateReturns422() {
        JsonNode created = client.post(tasksPath, TASK).body().path("task");
        String echoed = created.path("dueDate").asText();

        SandboxClient.Reply reply = client.put(tasksPath + "/" + created.path("id").asText(),
                "{\"title\":\"Renamed\",\"dueDate\":\"" + echoed + "\"}");

        assertThat(echoed).isEqualTo("2021-07-08T02:30:00.000Z");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().path("statusCode").asInt()).isEqualTo(422);
        assertThat(reply.body().path("error").asText()).isEqualTo("Unprocessable Entity");
        assertThat(reply.body().path("message")).hasSize(1);
        assertThat(reply.body().path("message").get(0).asText()).startsWith("dueDate must not carry milliseconds");
        assertThat(sandbox.tasks(contactId).get(0)).isEqualTo(created);
    }

    @Test
    void updateWithoutMillisecondsAfterEchoSucceeds() {
        JsonNode created = client.post(tasksPath, TASK).body().path("task");
        String withoutMillis = created.path("dueDate").asText().replace(".000Z", "Z");

        SandboxClient.Reply reply = client.put(tasksPath + "/" + created.path("id").asText(),
                "{\"dueDate\":\"" + withoutMillis + "\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("task").path("dueDate").asText()).isEqualTo("2021-07-08T02:30:00.000Z");
    }

    @Test
    void createWithoutRequiredFieldsReturns422() {
        SandboxClient.Reply reply = client.post(tasksPath, "{}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(messages(reply)).containsExactly("title should not be empty", "dueDate should not be empty",
                "completed must be a boolean value");
        assertThat(sandbox.tasks(contactId)).isEmpty();
    }

    @Test
    void createWithWrongTypesReturns422() {
        SandboxClient.Reply reply = client.post(tasksPath,
                "{\"title\":7,\"dueDate\":\"2021-07-08T02:30:00Z\",\"completed\":\"no\",\"body\":[]}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(messages(reply)).containsExactlyInAnyOrder("title must be a string",
                "completed must be a boolean value", "body must be a string");
    }

    @Test
    void unknownPropertyReturns422() {
        SandboxClient.Reply create = client.post(tasksPath, "{\"title\":\"t\",\"dueDate\":\"2021-07-08T02:30:00Z\","
                + "\"completed\":false,\"status\":\"open\"}");
        String id = client.post(tasksPath, TASK).body().path("task").path("id").asText();
        SandboxClient.Reply update = client.put(tasksPath + "/" + id, "{\"contactId\":\"other\"}");

        assertThat(create.status()).isEqualTo(422);
        assertThat(messages(create)).containsExactly("property status should not exist");
        assertThat(update.status()).isEqualTo(422);
        assertThat(messages(update)).containsExactly("property contactId should not exist");
        assertThat(sandbox.tasks(contactId)).hasSize(1);
    }

    @Test
    void dueDateWithoutTimeOrZoneReturns422() {
        String id = client.post(tasksPath, TASK).body().path("task").path("id").asText();
        for (String dueDate : List.of("2025-01-31", "2025-01-31T10:00:00", "tomorrow", "31/01/2025 10:00Z")) {
            SandboxClient.Reply create = client.post(tasksPath,
                    "{\"title\":\"t\",\"dueDate\":\"" + dueDate + "\",\"completed\":false}");
            SandboxClient.Reply update = client.put(tasksPath + "/" + id, "{\"dueDate\":\"" + dueDate + "\"}");

            assertThat(create.status()).as(dueDate).isEqualTo(422);
            assertThat(messages(create)).as(dueDate).containsExactly(DUE_DATE_FORMAT_MESSAGE);
            assertThat(update.status()).as(dueDate).isEqualTo(422);
            assertThat(messages(update)).as(dueDate).containsExactly(DUE_DATE_FORMAT_MESSAGE);
        }
        assertThat(sandbox.tasks(contactId)).hasSize(1);
    }

    @Test
    void completedEndpointSetsFlag() {
        JsonNode created = client.post(tasksPath, TASK).body().path("task");

        SandboxClient.Reply reply = client.put(tasksPath + "/" + created.path("id").asText() + "/completed",
                "{\"completed\":true}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().size()).isEqualTo(1);
        assertThat(reply.body().path("task").path("completed").asBoolean()).isTrue();
        assertThat(reply.body().path("task").path("title")).isEqualTo(created.path("title"));
        assertThat(sandbox.tasks(contactId).get(0).path("completed").asBoolean()).isTrue();
    }

    @Test
    void completedEndpointRejectsOtherBodies() {
        String completedPath = tasksPath + "/" + client.post(tasksPath, TASK).body().path("task").path("id").asText()
                + "/completed";

        SandboxClient.Reply empty = client.put(completedPath, "{}");
        SandboxClient.Reply text = client.put(completedPath, "{\"completed\":\"true\"}");
        SandboxClient.Reply extra = client.put(completedPath, "{\"completed\":true,\"title\":\"x\"}");

        assertThat(empty.status()).isEqualTo(422);
        assertThat(messages(empty)).containsExactly("completed must be a boolean value");
        assertThat(text.status()).isEqualTo(422);
        assertThat(messages(text)).containsExactly("completed must be a boolean value");
        assertThat(extra.status()).isEqualTo(422);
        assertThat(messages(extra)).containsExactly("property title should not exist");
        assertThat(sandbox.tasks(contactId).get(0).path("completed").asBoolean()).isFalse();
    }

    @Test
    void deleteReturnsSuccededAndRemovesTask() {
        String id = client.post(tasksPath, TASK).body().path("task").path("id").asText();

        SandboxClient.Reply reply = client.delete(tasksPath + "/" + id, null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(SandboxClient.json("{\"succeded\":true}"));
        assertThat(sandbox.tasks(contactId)).isEmpty();
        assertThat(client.get(tasksPath + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void unknownTaskReturns404() {
        String unknown = tasksPath + "/missingTask000000000";
        JsonNode expected = SandboxClient.json("{\"statusCode\":404,"
                + "\"message\":\"Task with id missingTask000000000 not found\",\"error\":\"Not Found\"}");

        List<SandboxClient.Reply> replies = List.of(client.get(unknown),
                client.put(unknown, "{\"title\":\"x\"}"),
                client.put(unknown + "/completed", "{\"completed\":true}"),
                client.delete(unknown, null));

        SandboxClient.assertEachReturns(replies, 404, expected);
    }

    @Test
    void taskOfOtherContactReturns404() {
        String taskId = client.post(tasksPath, TASK).body().path("task").path("id").asText();
        String otherId = client.post("/contacts/", "{\"locationId\":\"sandbox-location\",\"firstName\":\"Bob\"}")
                .body().path("contact").path("id").asText();

        SandboxClient.Reply reply = client.get("/contacts/" + otherId + "/tasks/" + taskId);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().path("message").asText()).isEqualTo("Task with id " + taskId + " not found");
    }

    @Test
    void unknownContactReturns400OnEveryTaskRoute() {
        String taskId = client.post(tasksPath, TASK).body().path("task").path("id").asText();
        String unknown = "/contacts/missingContact0000000/tasks";
        JsonNode expected = SandboxClient.contactNotFound("missingContact0000000");

        List<SandboxClient.Reply> replies = List.of(client.get(unknown),
                client.post(unknown, TASK),
                client.get(unknown + "/" + taskId),
                client.put(unknown + "/" + taskId, "{\"title\":\"x\"}"),
                client.put(unknown + "/" + taskId + "/completed", "{\"completed\":true}"),
                client.delete(unknown + "/" + taskId, null));

        SandboxClient.assertEachReturns(replies, 400, expected);
        assertThat(sandbox.tasks("missingContact0000000")).isEmpty();
    }

    @Test
    void taskRoutesPassThroughGuardFaultsAndLog() {
        SandboxClient.Reply withoutVersion = client.withHeader("Version", null).get(tasksPath);
        sandbox.injectFault("POST", "/contacts/[^/]+/tasks", 503, "{\"statusCode\":503,\"message\":\"down\"}", 1);
        SandboxClient.Reply faulted = client.post(tasksPath, TASK);
        SandboxClient.Reply created = client.post(tasksPath, TASK);

        assertThat(withoutVersion.status()).isEqualTo(401);
        assertThat(faulted.status()).isEqualTo(503);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("X-RateLimit-Remaining")).isNotNull();
        assertThat(sandbox.tasks(contactId)).hasSize(1);
        assertThat(sandbox.requests()).extracting(RecordedRequest::path).contains(tasksPath);
    }

    @Test
    void parallelCreatesStoreEveryTask() throws Exception {
        int parallelRequests = 16;
        ExecutorService pool = Executors.newFixedThreadPool(parallelRequests);
        List<Future<SandboxClient.Reply>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < parallelRequests; i++) {
                String body = "{\"title\":\"task " + i + "\",\"dueDate\":\"2021-07-08T02:30:00Z\",\"completed\":false}";
                futures.add(pool.submit(() -> client.post(tasksPath, body)));
            }
            HashSet<String> ids = new HashSet<>();
            for (Future<SandboxClient.Reply> future : futures) {
                SandboxClient.Reply reply = future.get();
                assertThat(reply.status()).isEqualTo(201);
                ids.add(reply.body().path("task").path("id").asText());
            }

            assertThat(ids).hasSize(parallelRequests);
            assertThat(sandbox.tasks(contactId)).hasSize(parallelRequests);
            assertThat(client.get(tasksPath).body().path("tasks")).hasSize(parallelRequests);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> messages(SandboxClient.Reply reply) {
        return values(reply.body().path("message"), null);
    }

    /** Returns the text of each array element, or of the element's {@code field} when field is not null. */
    private static List<String> values(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(element -> values.add(field == null ? element.asText() : element.path(field).asText()));
        return values;
    }
}
