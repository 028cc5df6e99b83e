package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

/**
 * Validates every request body the product sends against GHL's official OpenAPI schemas, which are read from
 * {@code ../shared/ghl-openapi/apps/contacts.json} next to the project (or the folder in {@code ghl.openapi.dir}).
 */
class ContactsConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Request schema of each operation, keyed by method and path pattern. */
    private static final Map<String, String> SCHEMAS = Map.ofEntries(
            Map.entry("POST /contacts/upsert", "UpsertContactDto"),
            Map.entry("POST /contacts/", "CreateContactDto"),
            Map.entry("PUT /contacts/[^/]+", "UpdateContactDto"),
            Map.entry("POST /contacts/[^/]+/tags", "TagsDTO"),
            Map.entry("DELETE /contacts/[^/]+/tags", "TagsDTO"),
            Map.entry("POST /contacts/search", "SearchBodyV2DTO"),
            Map.entry("POST /contacts/[^/]+/tasks", "CreateTaskParams"),
            Map.entry("PUT /contacts/[^/]+/tasks/[^/]+", "UpdateTaskBody"),
            Map.entry("PUT /contacts/[^/]+/tasks/[^/]+/completed", "UpdateTaskStatusParams"),
            Map.entry("POST /contacts/[^/]+/notes", "NotesDTO"),
            Map.entry("PUT /contacts/[^/]+/notes/[^/]+", "UpdateNoteDTO"));

    @Test
    void everyRequestBodyMatchesOfficialSchema() throws Exception {
        Path spec = specFile();
        Assumptions.assumeTrue(Files.isReadable(spec), "GHL's OpenAPI file " + spec.toAbsolutePath()
                + " is not present, so request bodies cannot be checked against it");
        JsonNode document = JSON.readTree(spec.toFile());
        try (SyncHarness harness = SyncHarness.start()) {
            driveEveryContactCall(harness);
            driveEveryCatalogWrite(harness);

            List<String> problems = new ArrayList<>();
            Set<String> checkedSchemas = new TreeSet<>();
            for (RecordedRequest request : harness.sandbox().requests()) {
                if (request.body().isEmpty()) {
                    continue;
                }
                String schemaName = schemaFor(request);
                if (schemaName == null) {
                    problems.add(request.method() + " " + request.path() + ": no schema is mapped for this body");
                    continue;
                }
                checkedSchemas.add(schemaName);
                JsonNode body = JSON.readTree(request.body());
                for (ValidationMessage message : schema(spec, schemaName).validate(body)) {
                    problems.add(request.method() + " " + request.path() + ": " + message.getMessage());
                }
                problems.addAll(undeclaredProperties(request, body,
                        document.path("components").path("schemas").path(schemaName)));
            }

            assertThat(checkedSchemas).as("schemas of the request bodies checked")
                    .containsExactlyInAnyOrderElementsOf(new TreeSet<>(SCHEMAS.values()));
            assertThat(problems).isEmpty();
        }
    }

    /** Sends one request through each write operation of routes/ghl-contacts-api.yaml, as an integrator would. */
    private static void driveEveryCatalogWrite(SyncHarness harness) {
        ProducerTemplate template = harness.runtime().camelContext().createProducerTemplate();
        Map<?, ?> contact = template.requestBody("direct:ghl-create-contact", Map.of("firstName", "Ravi",
                "email", "ravi@example.org", "phone", "+919812345678", "tags", List.of("lead")), Map.class);
        String contactId = (String) contact.get("id");
        Map<String, Object> ids = new HashMap<>(Map.of("GhlContactId", contactId));

        template.requestBodyAndHeaders("direct:ghl-update-contact", Map.of("lastName", "Kumar"), ids);
        template.requestBody("direct:ghl-upsert-contact", Map.of("email", "ravi@example.org", "city", "Pune"));
        template.requestBodyAndHeaders("direct:ghl-add-tags", List.of("vip"), ids);
        template.requestBodyAndHeaders("direct:ghl-remove-tags", Map.of("tags", List.of("vip")), ids);
        template.requestBody("direct:ghl-search-contacts", Map.of("filters", List.of(Map.of("field", "email",
                "operator", "eq", "value", "ravi@example.org"))));

        Map<?, ?> task = template.requestBodyAndHeaders("direct:ghl-create-task", Map.of("title", "Call",
                "dueDate", "2025-05-01T10:00:00.000Z", "completed", false, "body", "About the site visit"), ids,
                Map.class);
        ids.put("GhlTaskId", task.get("id"));
        Map<?, ?> readBack = template.requestBodyAndHeaders("direct:ghl-get-task", null, ids, Map.class);
        Map<String, Object> changed = new HashMap<>();
        readBack.forEach((key, value) -> changed.put((String) key, value));
        changed.put("title", "Call again");
        template.requestBodyAndHeaders("direct:ghl-update-task", changed, ids);
        template.requestBodyAndHeaders("direct:ghl-complete-task", null, ids);

        Map<?, ?> note = template.requestBodyAndHeaders("direct:ghl-create-note", Map.of("body", "Prefers calls",
                "title", "Channel", "pinned", false), ids, Map.class);
        ids.put("GhlNoteId", note.get("id"));
        template.requestBodyAndHeaders("direct:ghl-update-note", Map.of("body", "Prefers WhatsApp"), ids);
    }

    private static void driveEveryContactCall(SyncHarness harness) throws Exception {
        harness.post(Events.client("client.created", "evt-c-1", "2025-03-14T09:00:00Z", "c1", Map.of(
                "name", "Fatima Al Zahra", "email", "Fatima@Example.org", "phone", "+971 50 123 4567",
                "whatsapp_number", "+971501234567", "source", "Facebook Lead Ads",
                "groups", List.of("Hot Leads", "Dubai"), "notes", "Prefers WhatsApp",
                "other_fields", Map.of("Budget", "AED 2M", "Timeline", "3 months", "Company", "Zahra Holdings"))));
        harness.awaitIdle();
        harness.post(Events.client("client.updated", "evt-c-2", "2025-03-14T10:00:00Z", "c1", Map.of(
                "name", "Fatima Zahra", "email", "fatima@example.org", "phone", "+971 50 123 4567",
                "groups", List.of("Hot Leads", "Dubai", "Site Visit"),
                "other_fields", Map.of("Budget", "AED 3M", "Timeline", "3 months"))));
        harness.awaitIdle();
        // A removed group removes its tag; the tasks and notes of the sync.
        harness.post(Events.client("client.updated", "evt-c-3", "2025-03-14T11:00:00Z", "c1", Map.of(
                "name", "Fatima Zahra", "email", "fatima@example.org", "groups", List.of("Hot Leads"))));
        harness.post(Events.task("task.created", "evt-t-1", "2025-03-14T11:00:00Z", "c1", "t1", Map.of(
                "title", "Call back", "due_at", "2025-03-15T10:00:00", "status", "PENDING")));
        harness.post(Events.task("task.updated", "evt-t-2", "2025-03-14T11:10:00Z", "c1", "t1", Map.of(
                "title", "Call back about the villa", "due_at", "2025-03-16T10:00:00+04:00")));
        harness.post(Events.task("task.updated", "evt-t-3", "2025-03-14T11:20:00Z", "c1", "t1", Map.of(
                "status", "COMPLETED")));
        harness.post(Events.note("note.created", "evt-n-1", "2025-03-14T11:30:00Z", "c1", "n1", Map.of(
                "body", "Wants a sea view")));
        harness.post(Events.note("note.updated", "evt-n-2", "2025-03-14T11:40:00Z", "c1", "n1", Map.of(
                "body", "Wants a sea view and a pool")));
        harness.awaitIdle();
        for (String path : List.of("DELETE /contacts/[^/]+/tags", "POST /contacts/[^/]+/tasks",
                "PUT /contacts/[^/]+/tasks/[^/]+", "PUT /contacts/[^/]+/tasks/[^/]+/completed",
                "POST /contacts/[^/]+/notes", "PUT /contacts/[^/]+/notes/[^/]+")) {
            String[] call = path.split(" ", 2);
            assertThat(harness.ghlRequests(call[0], call[1])).as("the sync's %s", path).isNotEmpty();
        }
    }

    private static String schemaFor(RecordedRequest request) {
        for (Map.Entry<String, String> entry : SCHEMAS.entrySet()) {
            String[] key = entry.getKey().split(" ", 2);
            if (key[0].equals(request.method()) && request.path().matches(key[1])) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static JsonSchema schema(Path spec, String schemaName) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().nullableKeywordEnabled(true).build();
        return factory.getSchema(SchemaLocation.of(spec.toAbsolutePath().toUri() + "#/components/schemas/"
                + schemaName), config);
    }

    /**
     * GHL returns 422 for properties its DTO does not declare, which the schemas alone do not forbid. A schema that
     * declares no properties (the search body's) describes nothing to compare with, so it is skipped.
     */
    private static List<String> undeclaredProperties(RecordedRequest request, JsonNode body, JsonNode schema) {
        List<String> problems = new ArrayList<>();
        if (schema.path("properties").isEmpty()) {
            return problems;
        }
        Set<String> declared = new java.util.HashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(declared::add);
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!declared.contains(name)) {
                problems.add(request.method() + " " + request.path() + ": property " + name + " is not declared");
            }
        }
        return problems;
    }

    private static Path specFile() {
        String dir = System.getProperty("ghl.openapi.dir");
        Path base = dir != null ? Path.of(dir)
                : Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath().getParent()
                        .resolve("shared").resolve("ghl-openapi");
        return base.resolve("apps").resolve("contacts.json");
    }
}
