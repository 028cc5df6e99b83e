package org.privyrghlsync.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rejection of an event body that is not valid JSON or breaks the envelope contract; the receiver responds with 400.
 */
public final class InvalidEventException extends RuntimeException {

    /** Maximum number of characters of the offending value kept in {@link #value()}. */
    public static final int MAX_VALUE_CHARS = 60;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String field;
    private final String reason;
    private final String value;

    /**
     * Creates the exception.
     *
     * @param field dotted path of the offending field, such as {@code data.client.email}, or {@code body} when the
     *     body as a whole is at fault
     * @param reason what the field must be, such as "must be an ISO-8601 instant such as 2025-03-14T09:26:53Z"
     * @param value the offending value, or {@code null}; values longer than {@link #MAX_VALUE_CHARS} are truncated
     */
    public InvalidEventException(String field, String reason, String value) {
        super(field + " " + reason);
        this.field = field;
        this.reason = reason;
        this.value = truncate(value);
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    /** Returns the offending value truncated to {@link #MAX_VALUE_CHARS} characters plus "...", or {@code null}. */
    public String value() {
        return value;
    }

    /**
     * Returns the 400 response body: {@code {"error":"invalid_event","field":...,"reason":...,"value":...}}, with
     * {@code value} left out when it is {@code null}.
     */
    public String toJson() {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", "invalid_event");
        body.put("field", field);
        body.put("reason", reason);
        if (value != null) {
            body.put("value", value);
        }
        return body.toString();
    }

    private static String truncate(String value) {
        if (value == null || value.length() <= MAX_VALUE_CHARS) {
            return replaceUnpairedSurrogates(value);
        }
        int end = MAX_VALUE_CHARS;
        // Never cut a surrogate pair in half, so the JSON body stays valid UTF-8.
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return replaceUnpairedSurrogates(value.substring(0, end)) + "...";
    }

    /**
     * Replaces each unpaired surrogate, which a JSON escape such as {@code \\ud800} can produce, with U+FFFD, so
     * that the echoed value can be written as UTF-8.
     */
    private static String replaceUnpairedSurrogates(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder clean = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (paired) {
                if (clean != null) {
                    clean.append(c).append(value.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (clean == null) {
                    clean = new StringBuilder(value.length()).append(value, 0, i);
                }
                clean.append('\uFFFD');
            } else if (clean != null) {
                clean.append(c);
            }
        }
        return clean == null ? value : clean.toString();
    }
}
