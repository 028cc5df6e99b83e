package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Strict validator of task and note write bodies, with the class-validator style 422 errors of
 * {@link ContactDtoValidator}.
 *
 * <p>The property sets are those of CreateTaskParams, UpdateTaskBody, UpdateTaskStatusParams, NotesDTO and
 * UpdateNoteDTO in the contacts OpenAPI file of GoHighLevel/highlevel-api-docs (commit 0af86a4, 2026-06-19).
 */
final class RecordDtoValidator {

    /** Task and note write operations, each with its own DTO. */
    enum Dto {
        CREATE_TASK(TASK_FIELDS, List.of("title", "dueDate", "completed")),
        UPDATE_TASK(TASK_FIELDS, List.of()),
        UPDATE_TASK_STATUS(Map.of("completed", Type.BOOLEAN), List.of("completed")),
        CREATE_NOTE(NOTE_FIELDS, List.of("body")),
        UPDATE_NOTE(NOTE_FIELDS, List.of());

        private final Map<String, Type> fields;
        private final List<String> required;

        Dto(Map<String, Type> fields, List<String> required) {
            this.fields = fields;
            this.required = required;
        }
    }

    /** JSON type of a DTO property and whether null is accepted, in which case null clears the stored value. */
    private enum Type { NON_EMPTY_STRING, NULLABLE_STRING, BOOLEAN, DATE_TIME }

    private static final Map<String, Type> TASK_FIELDS = Map.of("title", Type.NON_EMPTY_STRING,
            "body", Type.NULLABLE_STRING, "dueDate", Type.DATE_TIME, "completed", Type.BOOLEAN,
            "assignedTo", Type.NULLABLE_STRING);

    private static final Map<String, Type> NOTE_FIELDS = Map.of("userId", Type.NULLABLE_STRING,
            "body", Type.NON_EMPTY_STRING, "title", Type.NULLABLE_STRING, "color", Type.NULLABLE_STRING,
            "pinned", Type.BOOLEAN);

    private static final DateTimeFormatter DATE_TIME_WITH_OFFSET = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private RecordDtoValidator() {
    }

    /** Validates a task or note write body and raises a 422 {@link GhlApiException} that lists every problem. */
    static ObjectNode validate(JsonNode body, Dto dto) {
        ObjectNode object = ContactDtoValidator.requireObject(body);
        List<String> messages = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Type type = dto.fields.get(field.getKey());
            if (type == null) {
                messages.add("property " + field.getKey() + " should not exist");
            } else {
                checkType(field.getKey(), field.getValue(), type, messages);
            }
        }
        for (String name : dto.required) {
            if (!object.has(name)) {
                checkType(name, object.nullNode(), dto.fields.get(name), messages);
            }
        }
        if (dto == Dto.UPDATE_TASK && messages.isEmpty() && hasFractionalSeconds(object.get("dueDate"))) {
            // GHL returns dueDate with milliseconds, and clients that send it back unchanged are reported to fail.
            messages.add("dueDate must not carry milliseconds: send it without a fractional second part, "
                    + "such as 2021-07-08T02:30:00Z");
        }
        if (!messages.isEmpty()) {
            throw GhlErrors.unprocessable(messages);
        }
        return object;
    }

    /**
     * Returns a validated dueDate as GHL reads it back: the UTC instant with milliseconds, such as
     * {@code 2021-07-08T02:30:00.000Z}. Digits below the millisecond are dropped.
     */
    static String normalizeDueDate(String dueDate) {
        return ContactWriter.formatInstant(OffsetDateTime.parse(dueDate, DATE_TIME_WITH_OFFSET).toInstant());
    }

    /** Copies validated properties onto a stored record: null removes the property, anything else replaces it. */
    static void copyFields(ObjectNode record, ObjectNode body) {
        body.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                record.remove(field.getKey());
            } else {
                record.set(field.getKey(), field.getValue().deepCopy());
            }
        });
    }

    private static void checkType(String name, JsonNode value, Type type, List<String> messages) {
        switch (type) {
            case NON_EMPTY_STRING -> {
                if (value.isNull() || value.isTextual() && value.asText().isEmpty()) {
                    messages.add(name + " should not be empty");
                } else if (!value.isTextual()) {
                    messages.add(name + " must be a string");
                }
            }
            case NULLABLE_STRING -> {
                if (!value.isNull() && !value.isTextual()) {
                    messages.add(name + " must be a string");
                }
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    messages.add(name + " must be a boolean value");
                }
            }
            case DATE_TIME -> {
                if (value.isNull() || value.isTextual() && value.asText().isEmpty()) {
                    messages.add(name + " should not be empty");
                } else if (!value.isTextual() || !isDateTimeWithOffset(value.asText())) {
                    messages.add(name + " must be an ISO 8601 date-time with Z or an offset, "
                            + "such as 2020-10-25T11:00:00Z");
                }
            }
        }
    }

    private static boolean isDateTimeWithOffset(String text) {
        try {
            OffsetDateTime.parse(text, DATE_TIME_WITH_OFFSET);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Returns whether a valid dueDate has a fractional second part, even an all-zero one such as {@code .000}. */
    private static boolean hasFractionalSeconds(JsonNode dueDate) {
        // In an ISO 8601 date-time with offset, a dot can only start the fraction of the second.
        return dueDate != null && dueDate.isTextual() && dueDate.asText().indexOf('.') >= 0;
    }
}
