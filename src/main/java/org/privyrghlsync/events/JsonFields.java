package org.privyrghlsync.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed reads of envelope fields that throw {@link InvalidEventException} naming the dotted path and the rule broken.
 *
 * <p>"Optional" means the key may be absent or {@code null}; both read as {@code null}. "Required" values must be
 * present, not {@code null}, and for strings not blank.
 */
final class JsonFields {

    /** Maximum length of any string value, in UTF-16 chars. */
    static final int MAX_STRING_CHARS = 10_000;

    /** Maximum length of an id, in UTF-16 chars. */
    static final int MAX_ID_CHARS = 128;

    /** Maximum length of an {@code other_fields} key, in UTF-16 chars. */
    static final int MAX_KEY_CHARS = 255;

    /** Maximum length of a number in {@code other_fields} when written out without an exponent. */
    static final int MAX_PLAIN_NUMBER_CHARS = 200;

    static final String INSTANT_EXAMPLE = "2025-03-14T09:26:53Z";

    private JsonFields() {
    }

    static String path(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static InvalidEventException invalid(String path, String reason, JsonNode value) {
        return new InvalidEventException(path, reason, display(value));
    }

    /** Returns a JSON value as the text shown in an error: strings without quotes, other values as JSON. */
    static String display(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return null;
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    static ObjectNode requiredObject(JsonNode parent, String key, String parentPath) {
        ObjectNode object = optionalObject(parent, key, parentPath);
        if (object == null) {
            throw invalid(path(parentPath, key), "is required and must be a JSON object", null);
        }
        return object;
    }

    static ObjectNode optionalObject(JsonNode parent, String key, String parentPath) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw invalid(path(parentPath, key), "must be a JSON object", node);
        }
        return (ObjectNode) node;
    }

    static String requiredString(JsonNode parent, String key, String parentPath, boolean multiline) {
        String value = optionalString(parent, key, parentPath, multiline);
        if (value == null) {
            throw invalid(path(parentPath, key), "is required and must be a non-empty string", null);
        }
        if (value.isBlank()) {
            throw invalid(path(parentPath, key), "must not be empty or only whitespace", parent.get(key));
        }
        return value;
    }

    /**
     * Reads an optional string of at most {@link #MAX_STRING_CHARS} chars. Single-line strings may contain no
     * control characters; multi-line strings may contain tab, line feed and carriage return.
     */
    static String optionalString(JsonNode parent, String key, String parentPath, boolean multiline) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        String path = path(parentPath, key);
        if (!node.isTextual()) {
            throw invalid(path, "must be a string", node);
        }
        return checkText(node.textValue(), path, multiline, MAX_STRING_CHARS);
    }

    /**
     * Checks the length and the characters of a string. Control characters are rejected, except tab, line feed and
     * carriage return in multi-line strings. An unpaired surrogate from an escape such as {@code \\uD800} is
     * rejected too, because such a string cannot be written as UTF-8 to GHL or to a log.
     */
    static String checkText(String value, String path, boolean multiline, int maxChars) {
        if (value.length() > maxChars) {
            throw new InvalidEventException(path, "must be at most " + maxChars + " characters long, but has "
                    + value.length(), value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidEventException(path, "must be valid Unicode, but contains the unpaired surrogate "
                        + codePoint(c) + "; escape a character outside the BMP as a pair such as \\ud83d\\ude00",
                        value);
            } else if (Character.getType(c) == Character.CONTROL && !(multiline && isLineBreak(c))) {
                String allowed = multiline ? " other than tab, line feed and carriage return" : "";
                throw new InvalidEventException(path, "must not contain control characters" + allowed
                        + ", but contains " + codePoint(c), value);
            }
        }
        return value;
    }

    private static boolean isLineBreak(char c) {
        return c == '\t' || c == '\n' || c == '\r';
    }

    /** Returns a UTF-16 code unit as {@code U+XXXX}. */
    private static String codePoint(char c) {
        String hex = Integer.toHexString(c).toUpperCase(Locale.ROOT);
        return "U+" + "0".repeat(4 - hex.length()) + hex;
    }

    static String requiredId(JsonNode parent, String key, String parentPath) {
        String id = optionalId(parent, key, parentPath);
        if (id == null) {
            throw invalid(path(parentPath, key), "is required and must be a string or a non-negative integer id",
                    null);
        }
        return id;
    }

    /**
     * Reads an optional id given as a string or a non-negative JSON integer and returns it as a string. String ids
     * are 1 to {@link #MAX_ID_CHARS} chars, not blank, with no control characters.
     */
    static String optionalId(JsonNode parent, String key, String parentPath) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        String path = path(parentPath, key);
        if (node.isIntegralNumber()) {
            if (node.bigIntegerValue().signum() < 0) {
                throw invalid(path, "must be a non-negative integer or a string id", node);
            }
            return node.bigIntegerValue().toString();
        }
        if (!node.isTextual()) {
            throw invalid(path, "must be a string or a non-negative integer id", node);
        }
        String id = node.textValue();
        if (id.isBlank()) {
            throw invalid(path, "must not be empty or only whitespace", node);
        }
        return checkText(id, path, false, MAX_ID_CHARS);
    }

    static Instant requiredInstant(JsonNode parent, String key, String parentPath) {
        Instant instant = optionalInstant(parent, key, parentPath);
        if (instant == null) {
            throw invalid(path(parentPath, key),
                    "is required and must be an ISO-8601 instant such as " + INSTANT_EXAMPLE, null);
        }
        return instant;
    }

    /** Reads an optional ISO-8601 date-time with {@code Z} or a numeric offset, such as {@code +05:30}. */
    static Instant optionalInstant(JsonNode parent, String key, String parentPath) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        String reason = "must be an ISO-8601 instant such as " + INSTANT_EXAMPLE + " or 2025-03-14T14:56:53+05:30";
        if (!node.isTextual()) {
            throw invalid(path(parentPath, key), reason, node);
        }
        try {
            return OffsetDateTimes.toInstant(node.textValue());
        } catch (DateTimeParseException e) {
            throw invalid(path(parentPath, key), reason, node);
        }
    }

    /** Checks an optional date-time that is either an instant or a local date-time without an offset. */
    static void checkOptionalDateTime(JsonNode parent, String key, String parentPath) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return;
        }
        String reason = "must be null, an ISO-8601 instant such as " + INSTANT_EXAMPLE
                + ", or a local date-time such as 2025-03-15T10:30:00";
        if (!node.isTextual()) {
            throw invalid(path(parentPath, key), reason, node);
        }
        String text = node.textValue();
        try {
            OffsetDateTimes.toInstant(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            } catch (DateTimeParseException e) {
                throw invalid(path(parentPath, key), reason, node);
            }
        }
    }

    /** Reads an optional array of non-blank single-line strings; absent and {@code null} read as an empty list. */
    static List<String> stringArray(JsonNode parent, String key, String parentPath, int maxItems) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        String path = path(parentPath, key);
        if (!node.isArray()) {
            throw invalid(path, "must be an array of strings", node);
        }
        if (node.size() > maxItems) {
            throw new InvalidEventException(path, "must have at most " + maxItems + " entries, but has "
                    + node.size(), null);
        }
        List<String> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String itemPath = path + "[" + i + "]";
            if (!item.isTextual()) {
                throw invalid(itemPath, "must be a string", item);
            }
            if (item.textValue().isBlank()) {
                throw invalid(itemPath, "must not be empty or only whitespace", item);
            }
            values.add(checkText(item.textValue(), itemPath, false, MAX_STRING_CHARS));
        }
        return values;
    }

    /**
     * Returns the value of a number node that has at most {@link #MAX_PLAIN_NUMBER_CHARS} characters when written
     * without an exponent. A number such as {@code 1e1000000000} is short as JSON but would take gigabytes as
     * digits, and the mapping writes numbers as digits.
     */
    static Number checkNumberSize(JsonNode value, String path) {
        Number number = value.numberValue();
        if (number instanceof BigDecimal decimal && plainLength(decimal) > MAX_PLAIN_NUMBER_CHARS) {
            throw invalid(path, "must be a number of at most " + MAX_PLAIN_NUMBER_CHARS
                    + " characters when written without an exponent", value);
        }
        return number;
    }

    /** Returns the length of {@link BigDecimal#toPlainString()} without building that string. */
    private static long plainLength(BigDecimal decimal) {
        long precision = decimal.precision();
        long scale = decimal.scale();
        long sign = decimal.signum() < 0 ? 1 : 0;
        if (scale <= 0) {
            return sign + precision - scale;
        }
        // Digits after the point, a leading "0" when every digit is a fraction digit, and the point itself.
        return sign + Math.max(precision, scale + 1) + 1;
    }

    /**
     * Reads an optional flat object whose values are strings, numbers, booleans or {@code null}. Entries whose value
     * is {@code null} are left out, so a {@code null} value and an absent key mean the same. Integers read as
     * {@code Integer}, {@code Long} or {@code BigInteger}, decimals as {@code BigDecimal} with the scale as sent.
     */
    static Map<String, Object> flatObject(JsonNode parent, String key, String parentPath, int maxEntries) {
        ObjectNode object = optionalObject(parent, key, parentPath);
        if (object == null) {
            return Map.of();
        }
        String path = path(parentPath, key);
        if (object.size() > maxEntries) {
            throw new InvalidEventException(path, "must have at most " + maxEntries + " entries, but has "
                    + object.size(), null);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            String name = entry.getKey();
            String entryPath = path + "." + name;
            if (name.isBlank()) {
                throw new InvalidEventException(entryPath, "must have a non-empty key", name);
            }
            checkText(name, entryPath, false, MAX_KEY_CHARS);
            JsonNode value = entry.getValue();
            if (value.isTextual()) {
                values.put(name, checkText(value.textValue(), entryPath, true, MAX_STRING_CHARS));
            } else if (value.isNumber()) {
                values.put(name, checkNumberSize(value, entryPath));
            } else if (value.isBoolean()) {
                values.put(name, value.booleanValue());
            } else if (!value.isNull()) {
                throw invalid(entryPath, "must be a string, number, boolean or null; nested objects and arrays"
                        + " are not allowed", value);
            }
        }
        return Collections.unmodifiableMap(values);
    }
}
