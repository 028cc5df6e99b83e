package org.privyrghlsync.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the files in {@code samples/} against the parser and against the counts in {@code samples/README.md}. */
class SamplesTest {

    private static final EnvelopeParser PARSER = new EnvelopeParser();
    private static final Map<String, EventEnvelope> PARSED = new LinkedHashMap<>();
    private static final Map<String, InvalidEventException> REJECTED = new LinkedHashMap<>();
    private static Path samples;

    @BeforeAll
    static void parseAllSamples() throws IOException {
        Path baseDir = Paths.get(System.getProperty("project.basedir", System.getProperty("user.dir")));
        samples = baseDir.resolve("samples");
        List<Path> files;
        try (Stream<Path> listing = Files.list(samples)) {
            files = listing.filter(path -> path.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            try {
                PARSED.put(name, PARSER.parse(Files.readAllBytes(file)));
            } catch (InvalidEventException e) {
                REJECTED.put(name, e);
            }
        }
    }

    @Test
    void exactlyTheInvalidFilesAreRejected() {
        assertThat(REJECTED.keySet()).containsExactly(
                "30-invalid-missing-event-id.json", "31-invalid-bad-occurred-at.json");
        assertThat(PARSED.keySet()).noneMatch(name -> name.contains("-invalid-"));
    }

    @Test
    void invalidFilesNameTheBrokenField() {
        InvalidEventException missingId = REJECTED.get("30-invalid-missing-event-id.json");
        InvalidEventException badTime = REJECTED.get("31-invalid-bad-occurred-at.json");

        assertThat(missingId.field()).isEqualTo("event_id");
        assertThat(missingId.reason()).startsWith("is required");
        assertThat(badTime.field()).isEqualTo("occurred_at");
        assertThat(badTime.value()).isEqualTo("14/03/2025 18:45");
    }

    @Test
    void samplesHaveTheDocumentedMix() {
        Map<EventType, Long> byType = PARSED.values().stream()
                .collect(Collectors.groupingBy(EventEnvelope::eventType, Collectors.counting()));

        assertThat(PARSED).hasSize(31);
        assertThat(byType.get(EventType.CLIENT_CREATED)).isEqualTo(10);
        assertThat(byType.get(EventType.CLIENT_UPDATED)).isEqualTo(12);
        long storedOnly = PARSED.values().stream().filter(e -> !e.eventType().isClientEvent()).count();
        assertThat(storedOnly).isEqualTo(9);
    }

    @Test
    void everySampleUsesTheDemoAccount() {
        assertThat(PARSED.values()).allSatisfy(e -> assertThat(e.accountId()).isEqualTo("privyr-demo-team"));
    }

    @Test
    void redeliveredFileRepeatsTheOriginal() throws IOException {
        byte[] original = Files.readAllBytes(samples.resolve("17-client-updated-wei-budget.json"));
        byte[] redelivered = Files.readAllBytes(samples.resolve("18-client-updated-wei-budget-redelivered.json"));

        assertThat(redelivered).isEqualTo(original);
    }

    @Test
    void eventIdsAreUniqueApartFromTheRedelivery() {
        List<String> duplicates = new ArrayList<>();
        Map<String, String> firstFileById = new LinkedHashMap<>();
        PARSED.forEach((name, envelope) -> {
            String first = firstFileById.putIfAbsent(envelope.eventId(), name);
            if (first != null) {
                duplicates.add(first + " = " + name);
            }
        });

        assertThat(duplicates).containsExactly(
                "17-client-updated-wei-budget.json = 18-client-updated-wei-budget-redelivered.json");
    }

    @Test
    void staleUpdateIsOlderThanTheUpdateDeliveredBeforeIt() {
        EventEnvelope newer = PARSED.get("19-client-updated-karthik-email.json");
        EventEnvelope older = PARSED.get("20-client-updated-karthik-older-whatsapp.json");

        assertThat(older.client().id()).isEqualTo(newer.client().id());
        assertThat(older.occurredAt()).isBefore(newer.occurredAt());
    }

    @Test
    void invalidFileIsRejectedWithErrorBody() {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class,
                () -> PARSER.parse(Files.readAllBytes(samples.resolve("30-invalid-missing-event-id.json"))));

        assertThat(e.toJson()).startsWith("{\"error\":\"invalid_event\",\"field\":\"event_id\"");
    }
}
