package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict validator of contact write bodies that returns the class-validator style errors GHL sends.
 *
 * <p>The allowed property sets are those of CreateContactDto, UpdateContactDto and UpsertContactDto in the
 * contacts OpenAPI file of GoHighLevel/highlevel-api-docs (commit 0af86a4, 2026-06-19). Any other property,
 * including read-only ones such as {@code additionalEmails}, fails with "property X should not exist".
 */
final class ContactDtoValidator {

    /** Contact write operations, each with its own DTO. */
    enum Dto { CREATE, UPDATE, UPSERT }

    /** Properties that are JSON strings in each contact DTO that declares them. */
    private static final Set<String> STRING_FIELDS = Set.of("firstName", "lastName", "name", "email", "phone",
            "address1", "city", "state", "postalCode", "website", "timezone", "source", "country", "assignedTo",
            "locationId", "gender", "companyName");

    private static final Set<String> UPDATE_FIELDS = Set.of("firstName", "lastName", "name", "email", "phone",
            "address1", "city", "state", "postalCode", "website", "timezone", "dnd", "dndSettings",
            "inboundDndSettings", "tags", "customFields", "source", "dateOfBirth", "country", "assignedTo");

    private static final Set<String> CREATE_FIELDS =
            union(UPDATE_FIELDS, Set.of("locationId", "gender", "companyName"));

    private static final Set<String> UPSERT_FIELDS = union(CREATE_FIELDS, Set.of("createNewIfDuplicateAllowed"));

    private static final Set<String> DND_CHANNELS = Set.of("Call", "Email", "SMS", "WhatsApp", "GMB", "FB");
    private static final Set<String> DND_STATUSES = Set.of("active", "inactive", "permanent");
    private static final Set<String> INBOUND_DND_STATUSES = Set.of("active", "inactive");
    private static final Set<String> DND_SETTING_FIELDS = Set.of("status", "message", "code");
    private static final Set<String> CUSTOM_FIELD_PROPERTIES = Set.of("id", "key", "field_value", "fieldValue");

    private ContactDtoValidator() {
    }

    /** Validates a contact write body and raises a 422 {@link GhlApiException} that lists every problem. */
    static void validate(JsonNode body, Dto dto) {
        if (body == null || !body.isObject()) {
            throw GhlErrors.unprocessable("request body must be a JSON object");
        }
        Set<String> allowed = switch (dto) {
            case CREATE -> CREATE_FIELDS;
            case UPDATE -> UPDATE_FIELDS;
            case UPSERT -> UPSERT_FIELDS;
        };
        List<String> messages = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!allowed.contains(field.getKey())) {
                messages.add("property " + field.getKey() + " should not exist");
            } else {
                checkType(field.getKey(), field.getValue(), messages);
            }
        }
        if (dto != Dto.UPDATE) {
            JsonNode locationId = body.get("locationId");
            if (locationId == null || locationId.isNull() || locationId.asText().isEmpty()) {
                messages.add("locationId should not be empty");
            }
        }
        if (!messages.isEmpty()) {
            throw GhlErrors.unprocessable(messages);
        }
    }

    /** Validates the body of the tag endpoints, which must be {@code {"tags": [string, ...]}}. */
    static void validateTags(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw GhlErrors.unprocessable("request body must be a JSON object");
        }
        List<String> messages = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("tags")) {
                messages.add("property " + name + " should not exist");
            }
        });
        JsonNode tags = body.get("tags");
        if (tags == null || tags.isNull()) {
            messages.add("tags should not be empty");
        } else {
            checkStringArray("tags", tags, messages);
        }
        if (!messages.isEmpty()) {
            throw GhlErrors.unprocessable(messages);
        }
    }

    private static void checkType(String name, JsonNode value, List<String> messages) {
        if (value.isNull() && !name.equals("locationId")) {
            return;
        }
        if (STRING_FIELDS.contains(name)) {
            if (!value.isTextual()) {
                messages.add(name + " must be a string");
            }
            return;
        }
        switch (name) {
            case "dnd", "createNewIfDuplicateAllowed" -> {
                if (!value.isBoolean()) {
                    messages.add(name + " must be a boolean value");
                }
            }
            case "tags" -> checkStringArray(name, value, messages);
            case "customFields" -> checkCustomFields(value, messages);
            case "dndSettings" -> checkDndSettings(value, messages);
            case "inboundDndSettings" -> checkInboundDndSettings(value, messages);
            case "dateOfBirth" -> {
                if (!value.isTextual()) {
                    messages.add("dateOfBirth must be a date string such as 1990-09-25");
                } else if (ContactWriter.parseDateOfBirth(value.asText()) == null) {
                    messages.add("dateOfBirth must use one of the formats YYYY-MM-DD, MM-DD-YYYY, YYYY/MM/DD, "
                            + "MM/DD/YYYY, YYYY.MM.DD, MM.DD.YYYY, YYYY_MM_DD or MM_DD_YYYY");
                }
            }
            default -> {
                // Every allowed property is handled above.
            }
        }
    }

    private static void checkStringArray(String name, JsonNode value, List<String> messages) {
        if (!value.isArray()) {
            messages.add(name + " must be an array");
            return;
        }
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                messages.add("each value in " + name + " must be a string");
                return;
            }
        }
    }

    // NOTE: GHL does not document its messages for malformed customFields entries. These follow class-validator.
    private static void checkCustomFields(JsonNode value, List<String> messages) {
        if (!value.isArray()) {
            messages.add("customFields must be an array");
            return;
        }
        int index = 0;
        for (JsonNode entry : value) {
            String path = "customFields." + index++;
            if (!entry.isObject()) {
                messages.add(path + " must be an object");
                continue;
            }
            entry.fieldNames().forEachRemaining(property -> {
                if (!CUSTOM_FIELD_PROPERTIES.contains(property)) {
                    messages.add("property " + path + "." + property + " should not exist");
                }
            });
            if (!entry.path("id").isTextual() && !entry.path("key").isTextual()) {
                messages.add(path + " must have a string id or key");
            }
        }
    }

    private static void checkDndSettings(JsonNode value, List<String> messages) {
        if (!value.isObject()) {
            messages.add("dndSettings must be an object");
            return;
        }
        value.fields().forEachRemaining(channel -> {
            if (!DND_CHANNELS.contains(channel.getKey())) {
                messages.add("property dndSettings." + channel.getKey() + " should not exist");
            } else {
                checkDndSetting("dndSettings." + channel.getKey(), channel.getValue(), DND_STATUSES, messages);
            }
        });
    }

    private static void checkInboundDndSettings(JsonNode value, List<String> messages) {
        if (!value.isObject()) {
            messages.add("inboundDndSettings must be an object");
            return;
        }
        value.fields().forEachRemaining(channel -> {
            if (!channel.getKey().equals("all")) {
                messages.add("property inboundDndSettings." + channel.getKey() + " should not exist");
            } else {
                checkDndSetting("inboundDndSettings.all", channel.getValue(), INBOUND_DND_STATUSES, messages);
            }
        });
    }

    private static void checkDndSetting(String path, JsonNode setting, Set<String> statuses, List<String> messages) {
        if (!setting.isObject()) {
            messages.add(path + " must be an object");
            return;
        }
        setting.fieldNames().forEachRemaining(property -> {
            if (!DND_SETTING_FIELDS.contains(property)) {
                messages.add("property " + path + "." + property + " should not exist");
            }
        });
        String status = setting.path("status").asText(null);
        if (status == null || !statuses.contains(status)) {
            messages.add(path + ".status must be one of the following values: " + String.join(", ", sorted(statuses)));
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        java.util.HashSet<String> all = new java.util.HashSet<>(first);
        all.addAll(second);
        return Set.copyOf(all);
    }

    /** Casts a request body to an object node, raising a 422 error when it is not a JSON object. */
    static ObjectNode requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw GhlErrors.unprocessable("request body must be a JSON object");
        }
        return (ObjectNode) body;
    }
}
