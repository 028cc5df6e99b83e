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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final Map<String, String> SCHEMAS = Map.of(
            "POST /contacts/upsert", "UpsertContactDto",
            "POST /contacts/", "CreateContactDto",
            "PUT /contacts/[^/]+", "UpdateContactDto",
            "POST /contacts/[^/]+/tags", "TagsDTO",
            "DELETE /contacts/[^/]+/tags", "TagsDTO");

    @Test
    void everyRequestBodyMatchesOfficialSchema() throws Exception {
        Path spec = specFile();
        Assumptions.assumeTrue(Files.isReadable(spec), "GHL's OpenAPI file " + spec.toAbsolutePath()
                + " is not present, so request bodies cannot be checked against it");
        JsonNode document = JSON.readTree(spec.toFile());
        try (SyncHarness harness = SyncHarness.start()) {
            driveEveryContactCall(harness);

            List<String> problems = new ArrayList<>();
            int checked = 0;
            for (RecordedRequest request : harness.sandbox().requests()) {
                String schemaName = schemaFor(request);
                if (schemaName == null || request.body().isEmpty()) {
                    continue;
                }
                checked++;
                JsonNode body = JSON.readTree(request.body());
                for (ValidationMessage message : schema(spec, schemaName).validate(body)) {
                    problems.add(request.method() + " " + request.path() + ": " + message.getMessage());
                }
                problems.addAll(undeclaredProperties(request, body,
                        document.path("components").path("schemas").path(schemaName)));
            }

            assertThat(checked).as("request bodies checked").isGreaterThanOrEqualTo(4);
            assertThat(problems).isEmpty();
        }
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

    /** GHL returns 422 for properties its DTO does not declare, which the schemas alone do not forbid. */
    private static List<String> undeclaredProperties(RecordedRequest request, JsonNode body, JsonNode schema) {
        List<String> problems = new ArrayList<>();
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
