package org.privyrghlsync.mapping;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The GHL task values that the task mapping produced for one Privyr task, or that were last pushed to GHL.
 *
 * <p>{@code dueDate} is always in whole seconds, because GHL is reported to reject a due date with milliseconds
 * on update. Warnings never contain a team member's name or email.
 *
 * @param title the task title, stripped and not blank
 * @param dueDate when the task is due, truncated to whole seconds
 * @param completed whether GHL shows the task as completed: true for Privyr status COMPLETED and CANCELLED
 * @param assignedTo the GHL user id, or {@code null} when the task has no known assignee
 * @param cancelled whether the Privyr status is CANCELLED; with {@code cancelled: delete} the caller deletes the
 *     GHL task instead of pushing these values (see {@link TaskMapping#deletes(MappedTask)})
 * @param undated whether Privyr has no due date for the task, so {@code dueDate} is the configured default due
 * @param warnings problems for the caller to log, such as an assignee without a GHL user
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MappedTask(
        String title,
        Instant dueDate,
        boolean completed,
        String assignedTo,
        boolean cancelled,
        boolean undated,
        List<String> warnings) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /**
     * Strips the title, truncates the due date and reads a blank {@code assignedTo} as none.
     *
     * @throws IllegalArgumentException if the title is missing or blank, or the due date is missing
     */
    public MappedTask {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("a GHL task needs a title, but it is missing or blank");
        }
        title = title.strip();
        if (dueDate == null) {
            throw new IllegalArgumentException("a GHL task needs a due date, but it is missing");
        }
        dueDate = dueDate.truncatedTo(ChronoUnit.SECONDS);
        assignedTo = assignedTo == null || assignedTo.isBlank() ? null : assignedTo.strip();
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Returns a copy without warnings. */
    public MappedTask withoutWarnings() {
        return warnings.isEmpty() ? this : new MappedTask(title, dueDate, completed, assignedTo, cancelled, undated,
                null);
    }

    /**
     * Serialises this task, without its warnings, as the JSON text that the store keeps as "last pushed". The due
     * date is written as {@code 2026-12-05T02:00:00Z}.
     */
    public String toJson() {
        try {
            return JSON.writeValueAsString(withoutWarnings());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise mapped task: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a task written by {@link #toJson()}. Unknown keys are ignored.
     *
     * @throws IllegalArgumentException if the text is not such JSON, or lacks the title or due date
     */
    public static MappedTask fromJson(String json) {
        Objects.requireNonNull(json, "json");
        try {
            return JSON.readValue(json, MappedTask.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid mapped task JSON: " + e.getOriginalMessage(), e);
        }
    }
}
