package org.privyrghlsync.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/** Shared inputs of the task and note tests. Unlike {@link MappingFixtures}, this class starts no CamelContext. */
final class TaskFixtures {

    /** Friday 2026-12-04, 10:00 in Asia/Kolkata. */
    static final Instant FRIDAY = Instant.parse("2026-12-04T04:30:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskFixtures() {
    }

    /** Parses task mapping text that starts with {@code version: 1} and the given lines. */
    static TaskMapping taskMapping(String... lines) {
        return TaskMapping.parse("version: 1\n" + String.join("\n", lines) + "\n", "task-test.yaml");
    }

    /** Parses JSON such as a {@code data.task} object, with single quotes standing for double quotes. */
    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid test JSON: " + text, e);
        }
    }

    static MappedTask pushed(String title, String dueDate, boolean completed, String assignedTo) {
        return new MappedTask(title, Instant.parse(dueDate), completed, assignedTo, false, false, null);
    }
}
