package org.privyrghlsync.csvimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.testing.SyncHarness;

/** Imports samples/leads.csv with the shipped mappings/import.yaml, then lets the runtime apply it to the sandbox. */
class CsvImportTest {

    private static final Path SAMPLE = Paths.get(System.getProperty("project.basedir",
            System.getProperty("user.dir"))).resolve("samples").resolve("leads.csv");

    @TempDir
    Path folder;

    private SyncHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** Expected GHL contact of one sample row; {@code privyrId} is a regular expression. */
    private record Expected(String firstName, String lastName, String phone, String email, String privyrId) {
    }

    @Test
    void sampleRowsBecomeOneContactEach() throws Exception {
        harness = SyncHarness.withoutRuntime(Map.of());
        Path config = ImportCli.writeConfig(folder.resolve("runtime.properties"), harness.dataDir(),
                harness.overrides());
        Path csv = Files.copy(SAMPLE, folder.resolve("leads.csv"));

        ImportCli.Run first = ImportCli.run(csv, "--config", config, "--progress-interval", "0");
        ImportCli.Run again = ImportCli.run(csv, "--config", config, "--progress-interval", "0");
        harness.startRuntime();
        String location = harness.sandbox().config().locationId();
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.sandbox().contacts(location).size() >= 8);
        harness.awaitIdle();

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Importing 8 rows of " + csv);
        assertThat(first.out()).as("plain progress line").contains("Progress: 8 of 8 rows (100%): 8 stored,"
                + " 0 stored before, 0 rejected");
        assertThat(first.out()).contains("8 stored as client.created events, 0 stored before, 0 rejected");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("Every row of " + csv
                + " was imported for account privyr-import with this mapping before");
        assertThat(again.out()).contains("This run stored nothing.");
        assertThat(again.out()).doesNotContain("Imported " + csv);
        assertThat(harness.inboxCount()).isEqualTo(8);
        assertThat(harness.sandbox().contacts(location)).hasSize(8);
        List<Expected> expected = List.of(
                new Expected("Ananya", "Iyer", "+919845012345", "ananya.iyer@example.com", "58300101"),
                new Expected("Rohan", "Mehta", "+919900123456", "rohan.mehta@example.com", "58300102"),
                new Expected("Grace", "Miller", "+12025550148", "grace.miller@example.org", "58300103"),
                new Expected("Farhan", "Qureshi", "+971501234567", "farhan.qureshi@example.com", "58300104"),
                new Expected("Li", "Na", "+6581234567", "li.na@example.com", "58300105"),
                new Expected("Meera", "Pillai", "+919847055555", "meera.pillai@example.com", "csv-[0-9a-f]{32}"),
                new Expected("Oliver", "Smith", "+442079460321", "oliver.smith@example.org", "58300107"),
                new Expected("Lucía", "Fernández", "+919886077777", "lucia.fernandez@example.com", "58300108"));
        for (Expected row : expected) {
            ObjectNode contact = contactByEmail(location, row.email());
            assertThat(contact).as("contact of %s", row.email()).isNotNull();
            assertThat(contact.path("firstName").asText()).as("first name of %s", row.email())
                    .isEqualTo(row.firstName());
            assertThat(contact.path("lastName").asText()).as("last name of %s", row.email())
                    .isEqualTo(row.lastName());
            assertThat(contact.path("phone").asText()).as("phone of %s", row.email()).isEqualTo(row.phone());
            assertThat(contact.path("customFields").toString()).as("Privyr id of %s", row.email())
                    .containsPattern("\"" + row.privyrId() + "\"");
        }
        assertThat(tags(contactByEmail(location, "ananya.iyer@example.com"))).contains("hot leads", "site visit");
    }

    @Test
    void secondAccountImportsSameFileAgain() throws Exception {
        harness = SyncHarness.withoutRuntime(Map.of());
        Map<String, String> settings = new HashMap<>(harness.overrides());
        settings.put("privyr.account-locations", "acct-a:location-a,acct-b:location-b");
        Path config = ImportCli.writeConfig(folder.resolve("runtime.properties"), harness.dataDir(), settings);
        Path csv = Files.copy(SAMPLE, folder.resolve("leads.csv"));

        ImportCli.Run first = ImportCli.run(csv, "--config", config, "--account-id", "acct-a",
                "--progress-interval", "0");
        ImportCli.Run second = ImportCli.run(csv, "--config", config, "--account-id", "acct-b",
                "--progress-interval", "0");
        ImportCli.Run firstAgain = ImportCli.run(csv, "--config", config, "--account-id", "acct-a",
                "--progress-interval", "0");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("8 stored as client.created events, 0 stored before, 0 rejected");
        assertThat(firstAgain.out()).contains("was imported for account acct-a with this mapping before");
        assertThat(ImportCli.query(harness.dataDir(),
                "SELECT COUNT(*) FROM inbox_event WHERE location_id = 'location-a'")).containsExactly("8");
        assertThat(ImportCli.query(harness.dataDir(),
                "SELECT COUNT(*) FROM inbox_event WHERE location_id = 'location-b'")).containsExactly("8");
        assertThat(ImportCli.query(harness.dataDir(), "SELECT event_id FROM inbox_event"
                + " WHERE location_id = 'location-b' AND event_id LIKE '%58300101'"))
                .singleElement(InstanceOfAssertFactories.STRING)
                .matches("csv-import-acct-b:[0-9a-f]{8}:58300101");
    }

    @Test
    void changedExportStoresOnlyNewRows() throws Exception {
        Path dataDir = folder.resolve("data");
        Path config = ImportCli.writeConfig(folder.resolve("runtime.properties"), dataDir,
                Map.of("ghl.location-id", "location-export"));
        Path first = Files.copy(SAMPLE, folder.resolve("export-1.csv"));
        List<String> lines = new ArrayList<>(Files.readAllLines(SAMPLE, StandardCharsets.UTF_8));
        // A later export: one new lead at the top, and an existing row's notes changed.
        lines.add(1, "58300199,Kabir Das,,+91 98450 99999,,kabir.das@example.com,Website,,,,,");
        lines.replaceAll(line -> line.replace("Met at the property expo", "Met at the expo; called twice"));
        Path second = Files.write(folder.resolve("export-2.csv"), lines, StandardCharsets.UTF_8);

        ImportCli.Run initial = ImportCli.run(first, "--config", config);
        ImportCli.Run later = ImportCli.run(second, "--config", config);

        assertThat(initial.exitCode()).as(initial.err()).isZero();
        assertThat(later.exitCode()).as(later.err()).isZero();
        assertThat(later.out()).contains("Importing 9 rows");
        assertThat(later.out()).contains("1 stored as client.created events, 8 stored before, 0 rejected");
        List<String> clients = ImportCli.query(dataDir, "SELECT client_id FROM inbox_event ORDER BY id");
        assertThat(clients).hasSize(9).doesNotHaveDuplicates().endsWith("58300199");
        assertThat(ImportCli.query(dataDir, "SELECT DISTINCT location_id FROM inbox_event"))
                .containsExactly("location-export");
    }

    private ObjectNode contactByEmail(String location, String email) {
        return harness.sandbox().contacts(location).stream()
                .filter(contact -> email.equals(contact.path("email").asText()))
                .findFirst().orElse(null);
    }

    private static List<String> tags(JsonNode contact) {
        List<String> tags = new ArrayList<>();
        contact.path("tags").forEach(tag -> tags.add(tag.asText().toLowerCase(java.util.Locale.ROOT)));
        return tags;
    }
}
