package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A fault that the sandbox injects into matching requests, as {@code POST /_sandbox/faults}, the {@code --fault}
 * option and {@link GhlSandbox#injectFault(FaultSpec)} take it. The JSON form has the same field names.
 *
 * @param method HTTP method in upper case, or {@code *} for any
 * @param pathRegex regular expression that must match the whole request path, without the query string
 * @param kind what the fault does
 * @param status response status of a {@link Kind#STATUS} fault, else null
 * @param body response body of a {@link Kind#STATUS} fault, or null for a body in GHL's error shape
 * @param count how many requests the fault affects before it is removed, or null to keep it until cleared
 * @param rate share of the matching requests that the fault affects, above 0 and at most 1. It applies to
 *     every {@code 1/rate}-th matching request, deterministically, so 0.2 affects the 5th, 10th, 15th and so on.
 * @param delayMillis how long a {@link Kind#DELAY} or {@link Kind#TIMEOUT} fault delays the request, else 0
 * @param retryAfterSeconds value of the {@code Retry-After} header of a {@link Kind#STATUS} or
 *     {@link Kind#RATE_LIMITED} fault, or null to send none
 */
public record FaultSpec(String method, String pathRegex, Kind kind, Integer status, String body, Integer count,
        double rate, long delayMillis, Integer retryAfterSeconds) {

    private static final Set<String> FIELDS = Set.of("method", "pathRegex", "kind", "status", "body", "count",
            "rate", "delayMs", "retryAfterSeconds");
    private static final Pattern METHOD = Pattern.compile("[A-Z]+|\\*");

    /** Effect of a fault on a matching request. */
    public enum Kind {
        /** Responds with a fixed status and body without handling the request. */
        STATUS("status"),
        /** Responds 429 with GHL's body and an exhausted {@code X-RateLimit-Remaining}, without handling it. */
        RATE_LIMITED("rate-limited"),
        /** Delays the request by {@code delayMs}, then handles it as usual. */
        DELAY("delay"),
        /** Delays the request by {@code delayMs}, then responds 504 without handling it, like a gateway timeout. */
        TIMEOUT("timeout"),
        /** Closes the connection without handling the request or sending a response. */
        DISCONNECT_BEFORE("disconnect-before"),
        /** Handles the request, then closes the connection instead of sending the response: a lost response. */
        DISCONNECT_AFTER("disconnect-after");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static Kind fromWireName(String name) {
            for (Kind kind : values()) {
                if (kind.wireName.equals(name)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("kind must be one of status, rate-limited, delay, timeout,"
                    + " disconnect-before or disconnect-after, got '" + name + "'");
        }
    }

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public FaultSpec {
        method = method == null ? "*" : method.toUpperCase(Locale.ROOT);
        if (!METHOD.matcher(method).matches()) {
            throw new IllegalArgumentException("method must be an HTTP method such as POST, or *, got '" + method
                    + "'");
        }
        pathRegex = pathRegex == null ? ".*" : pathRegex;
        try {
            Pattern.compile(pathRegex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pathRegex is not a valid regular expression: " + e.getDescription(),
                    e);
        }
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.STATUS && (status == null || status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be an HTTP status between 100 and 599 for kind status,"
                    + " got " + status);
        }
        if (kind != Kind.STATUS && (status != null || body != null)) {
            throw new IllegalArgumentException("status and body apply only to kind status, not "
                    + kind.wireName());
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be above 0 and at most 1, got " + rate);
        }
        boolean holds = kind == Kind.DELAY || kind == Kind.TIMEOUT;
        if (holds && delayMillis < 1) {
            throw new IllegalArgumentException("delayMs must be at least 1 for kind " + kind.wireName() + ", got "
                    + delayMillis);
        }
        if (!holds && delayMillis != 0) {
            throw new IllegalArgumentException("delayMs applies only to kinds delay and timeout, not "
                    + kind.wireName());
        }
        if (retryAfterSeconds != null && kind != Kind.STATUS && kind != Kind.RATE_LIMITED) {
            throw new IllegalArgumentException("retryAfterSeconds applies only to kinds status and rate-limited,"
                    + " not " + kind.wireName());
        }
        if (retryAfterSeconds != null && retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative, got " + retryAfterSeconds);
        }
    }

    /**
     * Returns a fault of {@code kind} for every matching request until cleared. A {@link Kind#STATUS} fault needs
     * {@link #status} instead, and a {@link Kind#DELAY} or {@link Kind#TIMEOUT} fault needs {@link #withDelay}.
     */
    public static FaultSpec of(Kind kind, String method, String pathRegex) {
        long delay = kind == Kind.DELAY || kind == Kind.TIMEOUT ? 1 : 0;
        return new FaultSpec(method, pathRegex, kind, null, null, null, 1.0, delay, null);
    }

    /**
     * Returns a fault that responds to every matching request with this status and body until cleared. A null body
     * sends GHL's error shape with the status's reason phrase.
     */
    public static FaultSpec status(String method, String pathRegex, int status, String body) {
        return new FaultSpec(method, pathRegex, Kind.STATUS, status, body, null, 1.0, 0, null);
    }

    /** Returns a copy that affects at most {@code requests} requests. */
    public FaultSpec times(int requests) {
        return new FaultSpec(method, pathRegex, kind, status, body, requests, rate, delayMillis, retryAfterSeconds);
    }

    /** Returns a copy that affects this share of the matching requests. */
    public FaultSpec atRate(double share) {
        return new FaultSpec(method, pathRegex, kind, status, body, count, share, delayMillis, retryAfterSeconds);
    }

    /** Returns a copy that delays requests by this many milliseconds. */
    public FaultSpec withDelay(long millis) {
        return new FaultSpec(method, pathRegex, kind, status, body, count, rate, millis, retryAfterSeconds);
    }

    /** Returns a copy whose responses carry {@code Retry-After} with this many seconds. */
    public FaultSpec withRetryAfter(int seconds) {
        return new FaultSpec(method, pathRegex, kind, status, body, count, rate, delayMillis, seconds);
    }

    /**
     * Reads a fault from its JSON form, such as {@code {"kind":"status","status":503,"rate":0.2}}. A {@code body}
     * given as JSON text is sent as that text; any other JSON value is sent serialized.
     *
     * @throws IllegalArgumentException naming the field that is missing, unknown or invalid
     */
    public static FaultSpec fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("A fault must be a JSON object with at least the field kind");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("Unknown field '" + name + "'; a fault has the fields "
                        + "method, pathRegex, kind, status, body, count, rate, delayMs and retryAfterSeconds");
            }
        }
        JsonNode kind = json.path("kind");
        if (!kind.isTextual()) {
            throw new IllegalArgumentException("kind is missing; use status, rate-limited, delay, timeout,"
                    + " disconnect-before or disconnect-after");
        }
        JsonNode body = json.get("body");
        return new FaultSpec(text(json, "method"), text(json, "pathRegex"), Kind.fromWireName(kind.asText()),
                integer(json, "status"), body == null || body.isNull() ? null
                        : body.isTextual() ? body.asText() : body.toString(),
                integer(json, "count"), json.has("rate") ? number(json, "rate") : 1.0,
                json.has("delayMs") ? integer(json, "delayMs") : 0, integer(json, "retryAfterSeconds"));
    }

    /** Writes the fault in the JSON form that {@link #fromJson} reads. */
    public ObjectNode toJson() {
        ObjectNode json = GhlErrors.JSON.objectNode();
        json.put("method", method);
        json.put("pathRegex", pathRegex);
        json.put("kind", kind.wireName());
        if (status != null) {
            json.put("status", status);
        }
        if (body != null) {
            json.put("body", body);
        }
        if (count != null) {
            json.put("count", count);
        }
        json.put("rate", rate);
        if (delayMillis > 0) {
            json.put("delayMs", delayMillis);
        }
        if (retryAfterSeconds != null) {
            json.put("retryAfterSeconds", retryAfterSeconds);
        }
        return json;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string, got " + value);
        }
        return value.asText();
    }

    private static Integer integer(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be a whole number, got " + value);
        }
        return value.asInt();
    }

    private static double number(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, got " + value);
        }
        return value.asDouble();
    }
}
