package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Builder of contact predicates from the {@code query} text and the {@code filters} of {@code POST /contacts/search}.
 *
 * <p>Supported operators: eq, not_eq, contains, not_contains, exists and not_exists, on any top-level contact
 * property, plus groups {@code {"group": "AND"|"OR", "filters": [...]}}. Email compares case-insensitively, phone
 * compares digits only and {@code tags} matches when any tag equals or contains the value.
 */
final class ContactFilters {

    /** Properties that the free-text {@code query} searches. A query such as "first last" matches the full name. */
    private static final List<String> QUERY_FIELDS = List.of("firstName", "lastName", "name", "fullNameLowerCase",
            "email", "phone", "companyName");

    private ContactFilters() {
    }

    /** Returns a predicate matching contacts that contain {@code query} in a name, email, phone or company. */
    static Predicate<JsonNode> query(String query) {
        if (query == null || query.isBlank()) {
            return contact -> true;
        }
        String needle = query.trim().toLowerCase(Locale.ROOT);
        // A phone-like query also matches phones written with other separators.
        String digits = needle.matches("[+\\d\\s().-]+") ? LocationContacts.phoneKey(needle) : null;
        return contact -> {
            for (String field : QUERY_FIELDS) {
                String value = ContactWriter.text(contact, field);
                if (value != null && value.toLowerCase(Locale.ROOT).contains(needle)) {
                    return true;
                }
            }
            if (digits == null) {
                return false;
            }
            String phone = LocationContacts.phoneKey(ContactWriter.text(contact, "phone"));
            return phone != null && phone.contains(digits);
        };
    }

    /** Returns the AND of all filters, raising a 422 error for an unknown operator or malformed filter. */
    static Predicate<JsonNode> filters(JsonNode filters) {
        if (filters == null || filters.isNull()) {
            return contact -> true;
        }
        if (!filters.isArray()) {
            throw GhlErrors.unprocessable("filters must be an array");
        }
        return group("AND", filters);
    }

    private static Predicate<JsonNode> group(String operator, JsonNode filters) {
        List<Predicate<JsonNode>> parts = new ArrayList<>();
        for (JsonNode filter : filters) {
            parts.add(filter(filter));
        }
        if ("OR".equalsIgnoreCase(operator)) {
            return contact -> parts.stream().anyMatch(part -> part.test(contact));
        }
        if ("AND".equalsIgnoreCase(operator)) {
            return contact -> parts.stream().allMatch(part -> part.test(contact));
        }
        throw GhlErrors.unprocessable("group must be one of the following values: AND, OR");
    }

    private static Predicate<JsonNode> filter(JsonNode filter) {
        if (!filter.isObject()) {
            throw GhlErrors.unprocessable("each value in filters must be an object");
        }
        if (filter.has("group")) {
            return group(filter.path("group").asText(), filter.path("filters"));
        }
        String field = filter.path("field").asText("");
        String operator = filter.path("operator").asText("");
        if (field.isEmpty()) {
            throw GhlErrors.unprocessable("filters.field should not be empty");
        }
        String value = filter.path("value").isValueNode() ? filter.path("value").asText() : null;
        return switch (operator) {
            case "eq" -> contact -> matches(contact, field, value, false);
            case "not_eq" -> contact -> !matches(contact, field, value, false);
            case "contains" -> contact -> matches(contact, field, value, true);
            case "not_contains" -> contact -> !matches(contact, field, value, true);
            case "exists" -> contact -> exists(contact, field);
            case "not_exists" -> contact -> !exists(contact, field);
            default -> throw GhlErrors.unprocessable("operator " + operator
                    + " is not supported by the sandbox; use eq, not_eq, contains, not_contains, exists or not_exists");
        };
    }

    private static boolean exists(JsonNode contact, String field) {
        JsonNode value = contact.get(field);
        return value != null && !value.isNull() && !(value.isArray() && value.isEmpty())
                && !(value.isTextual() && value.asText().isEmpty());
    }

    private static boolean matches(JsonNode contact, String field, String expected, boolean substring) {
        if (expected == null) {
            return false;
        }
        if (field.equals("tags")) {
            for (JsonNode tag : contact.path("tags")) {
                if (compare(tag.asText(), expected, substring)) {
                    return true;
                }
            }
            return false;
        }
        String actual = ContactWriter.text(contact, field);
        if (actual == null) {
            return false;
        }
        if (field.equals("phone")) {
            String actualDigits = LocationContacts.phoneKey(actual);
            String expectedDigits = LocationContacts.phoneKey(expected);
            return actualDigits != null && expectedDigits != null && compare(actualDigits, expectedDigits, substring);
        }
        return compare(actual, expected, substring);
    }

    private static boolean compare(String actual, String expected, boolean substring) {
        String left = actual.toLowerCase(Locale.ROOT);
        String right = expected.toLowerCase(Locale.ROOT);
        return substring ? left.contains(right) : left.equals(right);
    }
}
