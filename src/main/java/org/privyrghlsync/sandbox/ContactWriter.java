package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applier of validated contact write bodies to the stored contact document, which has GHL's read shape.
 */
final class ContactWriter {

    /** Properties copied as given; {@code email} and names also get lower-case copies. */
    private static final Set<String> PLAIN_FIELDS = Set.of("firstName", "lastName", "name", "email", "phone",
            "address1", "city", "state", "postalCode", "website", "timezone", "dnd", "dndSettings",
            "inboundDndSettings", "source", "country", "assignedTo", "gender", "companyName");

    private static final Pattern YEAR_FIRST = Pattern.compile("(\\d{4})([-/._])(\\d{1,2})\\2(\\d{1,2})");
    private static final Pattern YEAR_LAST = Pattern.compile("(\\d{1,2})([-/._])(\\d{1,2})\\2(\\d{4})");
    private static final DateTimeFormatter MILLIS_INSTANT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ContactWriter() {
    }

    /**
     * Copies the body's properties onto {@code contact} and refreshes the derived fields.
     *
     * @param skipped properties of the body to ignore, such as {@code gender} when upsert updates a contact
     * @param fieldIdForKey returns the custom field id of a key, creating one for a new key
     */
    static void apply(ObjectNode contact, ObjectNode body, Set<String> skipped, Function<String, String> fieldIdForKey,
                      Instant now) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (skipped.contains(name)) {
                continue;
            }
            if (PLAIN_FIELDS.contains(name)) {
                setOrRemove(contact, name, value);
            } else if (name.equals("tags")) {
                contact.set("tags", normalizeTags(value));
            } else if (name.equals("customFields")) {
                contact.set("customFields", mergeCustomFields(contact.path("customFields"), value, fieldIdForKey));
            } else if (name.equals("dateOfBirth")) {
                LocalDate date = value.isNull() ? null : parseDateOfBirth(value.asText());
                setOrRemove(contact, name, date == null ? null : contact.textNode(formatInstant(
                        date.atStartOfDay().toInstant(ZoneOffset.UTC))));
            }
        }
        refreshDerivedFields(contact);
        contact.put("dateUpdated", formatInstant(now));
    }

    /** Returns the tags lower-cased, trimmed and without empty or repeated entries, in first-seen order. */
    static ArrayNode normalizeTags(JsonNode tags) {
        ArrayNode result = GhlErrors.JSON.arrayNode();
        for (String tag : tagSet(tags)) {
            result.add(tag);
        }
        return result;
    }

    static Set<String> tagSet(JsonNode tags) {
        Set<String> result = new LinkedHashSet<>();
        if (tags != null) {
            for (JsonNode tag : tags) {
                String normalized = tag.asText().trim().toLowerCase(Locale.ROOT);
                if (!normalized.isEmpty()) {
                    result.add(normalized);
                }
            }
        }
        return result;
    }

    /** Parses GHL's documented date-of-birth input formats, returning null for anything else. */
    static LocalDate parseDateOfBirth(String text) {
        try {
            Matcher yearFirst = YEAR_FIRST.matcher(text);
            if (yearFirst.matches()) {
                return LocalDate.of(Integer.parseInt(yearFirst.group(1)), Integer.parseInt(yearFirst.group(3)),
                        Integer.parseInt(yearFirst.group(4)));
            }
            Matcher yearLast = YEAR_LAST.matcher(text);
            if (yearLast.matches()) {
                return LocalDate.of(Integer.parseInt(yearLast.group(4)), Integer.parseInt(yearLast.group(1)),
                        Integer.parseInt(yearLast.group(3)));
            }
        } catch (DateTimeException invalidDate) {
            return null;
        }
        return null;
    }

    static String formatInstant(Instant instant) {
        return MILLIS_INSTANT.format(instant);
    }

    /**
     * Merges written custom fields into the stored read shape {@code [{"id", "value"}]}. A field given by
     * {@code key} is stored under the id that the location assigned to that key. A null value removes the field.
     */
    private static ArrayNode mergeCustomFields(JsonNode stored, JsonNode written, Function<String, String> idForKey) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (JsonNode field : stored) {
            values.put(field.path("id").asText(), field.path("value"));
        }
        for (JsonNode field : written) {
            String id = field.path("id").isTextual()
                    ? field.get("id").asText()
                    : idForKey.apply(field.get("key").asText());
            JsonNode value = field.has("fieldValue") ? field.get("fieldValue") : field.get("field_value");
            if (value == null || value.isNull()) {
                values.remove(id);
            } else {
                values.put(id, value);
            }
        }
        ArrayNode result = GhlErrors.JSON.arrayNode();
        values.forEach((id, value) -> result.addObject().put("id", id).set("value", value));
        return result;
    }

    private static void refreshDerivedFields(ObjectNode contact) {
        String email = text(contact, "email");
        setOrRemove(contact, "emailLowerCase", email == null ? null : contact.textNode(email.toLowerCase(Locale.ROOT)));
        String firstName = text(contact, "firstName");
        String lastName = text(contact, "lastName");
        setLowerCase(contact, "firstNameLowerCase", firstName);
        setLowerCase(contact, "lastNameLowerCase", lastName);
        setLowerCase(contact, "fullNameLowerCase", fullName(contact));
    }

    /** Returns the display name: first and last name joined, else {@code name}, else null. */
    static String fullName(ObjectNode contact) {
        String joined = (nullToEmpty(text(contact, "firstName")) + " " + nullToEmpty(text(contact, "lastName"))).trim();
        if (!joined.isEmpty()) {
            return joined;
        }
        return text(contact, "name");
    }

    private static void setLowerCase(ObjectNode contact, String name, String value) {
        setOrRemove(contact, name, value == null ? null : contact.textNode(value.toLowerCase(Locale.ROOT)));
    }

    private static void setOrRemove(ObjectNode contact, String name, JsonNode value) {
        if (value == null || value.isNull()) {
            contact.remove(name);
        } else {
            contact.set(name, value.deepCopy());
        }
    }

    static String text(JsonNode contact, String name) {
        JsonNode value = contact.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
