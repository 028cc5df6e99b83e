package org.privyrghlsync.ghl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Sends the requests of the GHL operation routes ({@code routes/ghl-contacts-api.yaml}) through {@link GhlClient}, so
 * every call passes {@code direct:ghl-call} (rate limiter, token processor, redelivery policy) and is repeated once
 * with a refreshed token after a 401 about the token. Inputs come from message headers and the body, and the parsed
 * JSON response replaces the body as {@code Map}, {@code List} and plain values.
 */
public final class GhlApiCalls {

    /** Header with the GHL location of a call; the configured {@code ghl.location-id} applies when it is absent. */
    public static final String LOCATION_HEADER = "GhlLocationId";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9]+)}");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final GhlClient client;
    private final ObjectMapper json;
    private final String defaultLocationId;

    /**
     * @param defaultLocationId location used when a message has no {@code GhlLocationId} header; empty for none
     */
    public GhlApiCalls(GhlClient client, ObjectMapper json, String defaultLocationId) {
        this.client = client;
        this.json = json;
        this.defaultLocationId = defaultLocationId == null ? "" : defaultLocationId.trim();
    }

    /**
     * Sends a request without a body and replaces the message body with the response.
     *
     * @param method HTTP method: GET, POST, PUT or DELETE
     * @param pathTemplate path below the API base URL, where {@code {HeaderName}} stands for that header's value,
     *        URL-encoded as one path segment
     * @param resultField field of the response object that becomes the body, such as {@code contact}; empty for the
     *        whole response
     * @throws GhlException when GHL returns an error status after the retries
     * @throws IllegalArgumentException when a header named in the path is missing
     */
    public void call(Exchange exchange, String method, String pathTemplate, String resultField) {
        send(exchange, method, pathTemplate, resultField, null);
    }

    /**
     * Sends the message body as JSON and replaces it with the response, as {@link #call} does. The body may be a
     * {@code Map}, a {@code List}, a Jackson node or JSON text.
     */
    public void callWithBody(Exchange exchange, String method, String pathTemplate, String resultField) {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            throw new IllegalArgumentException("The message body is empty; " + method + " " + pathTemplate
                    + " needs a JSON object in the body");
        }
        send(exchange, method, pathTemplate, resultField, jsonBody(exchange));
    }

    /** Sets {@code locationId} in the body object to the location of the call. */
    public void putLocationId(Exchange exchange) {
        Map<String, Object> body = bodyAsMap(exchange);
        body.put("locationId", sameLocation(exchange, body.get("locationId")));
        exchange.getMessage().setBody(body);
    }

    /**
     * Turns the body into the {@code {"tags": [...]}} object of the tag endpoints. The body may already be that
     * object, or be a list of tag names or one comma-separated string.
     */
    public void tagsBody(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof String text && text.trim().startsWith("[")) {
            body = parseList(text);
        }
        if (body instanceof Collection<?> tags) {
            exchange.getMessage().setBody(Map.of("tags", List.copyOf(tags)));
            return;
        }
        if (body instanceof String text && !text.isBlank() && !text.trim().startsWith("{")) {
            List<String> tags = Arrays.stream(text.split(",")).map(String::trim).filter(tag -> !tag.isEmpty())
                    .toList();
            exchange.getMessage().setBody(Map.of("tags", tags));
            return;
        }
        Map<String, Object> map = bodyAsMap(exchange);
        if (!(map.get("tags") instanceof Collection<?>)) {
            throw new IllegalArgumentException("The tag operations need a list of tags in the body, or an object"
                    + " with a \"tags\" list; got fields " + map.keySet());
        }
        exchange.getMessage().setBody(map);
    }

    /**
     * Prepares a task body for create and update. A {@code dueDate} with fractional seconds or an offset, as GHL
     * returns it ({@code 2021-07-08T02:30:00.000Z}), becomes whole seconds in UTC ({@code 2021-07-08T02:30:00Z}),
     * because GHL is reported to reject the value it returns. The read-only {@code id} and {@code contactId} of a
     * task read back from GHL are removed, because GHL returns 422 for properties its task DTOs do not declare.
     */
    public void taskBody(Exchange exchange) {
        Map<String, Object> body = bodyAsMap(exchange);
        body.remove("id");
        body.remove("contactId");
        if (body.get("dueDate") instanceof String dueDate) {
            body.put("dueDate", wholeSecondsUtc(dueDate));
        }
        exchange.getMessage().setBody(body);
    }

    /** Returns the location of the call: the {@code GhlLocationId} header, else the configured location. */
    String locationId(Exchange exchange) {
        String header = exchange.getMessage().getHeader(LOCATION_HEADER, String.class);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        if (defaultLocationId.isEmpty()) {
            throw new IllegalArgumentException("The " + LOCATION_HEADER + " header is missing and ghl.location-id"
                    + " is empty; set the header to the GHL location id");
        }
        return defaultLocationId;
    }

    /**
     * Returns the location of the call after checking that a {@code locationId} taken from the body, if any, is the
     * same: the call's token and rate limit belong to the location of the call.
     */
    String sameLocation(Exchange exchange, Object bodyLocation) {
        String locationId = locationId(exchange);
        if (bodyLocation != null && !locationId.equals(String.valueOf(bodyLocation))) {
            throw new IllegalArgumentException("The body's locationId " + bodyLocation + " differs from the call's"
                    + " location " + locationId + "; set the " + LOCATION_HEADER + " header to " + bodyLocation);
        }
        return locationId;
    }

    /** Sends one request for the location of the exchange and returns the response as Java objects. */
    Object fetch(Exchange exchange, String method, String path, String query, Object body) {
        // GHL cannot deduplicate a new task or note, so its create is not resent after a connection error or 5xx.
        boolean createsItem = "POST".equals(method) && (path.endsWith("/tasks") || path.endsWith("/notes"));
        GhlResponse response = createsItem ? client.sendOnce(locationId(exchange), method, path, query, body)
                : client.send(locationId(exchange), method, path, query, body);
        return toJava(response.body());
    }

    /** Returns the message body as a new mutable map; an empty body gives an empty map. */
    Map<String, Object> bodyAsMap(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            return new LinkedHashMap<>();
        }
        if (body instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(String.valueOf(key), value));
            return copy;
        }
        try {
            if (body instanceof JsonNode node) {
                return json.convertValue(node, MAP);
            }
            String text = exchange.getMessage().getBody(String.class);
            if (text == null || text.isBlank()) {
                return new LinkedHashMap<>();
            }
            return json.readValue(text, MAP);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The message body is not a JSON object: " + e.getMessage(), e);
        }
    }

    /** Encodes a value for a URL path segment or query value: space as %20, {@code +} as %2B. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Returns an ISO-8601 date-time as whole seconds in UTC with a Z; text that is no date-time is kept as is. */
    static String wholeSecondsUtc(String dateTime) {
        try {
            return DateTimeFormatter.ISO_INSTANT.format(OffsetDateTime.parse(dateTime.trim()).toInstant()
                    .truncatedTo(ChronoUnit.SECONDS));
        } catch (DateTimeParseException e) {
            // NOTE: a value that is not a date-time with a zone goes to GHL unchanged, so GHL's 422 reports it.
            return dateTime;
        }
    }

    private void send(Exchange exchange, String method, String pathTemplate, String resultField, Object body) {
        String path = expandPath(pathTemplate, exchange.getMessage());
        Object response = fetch(exchange, method, path, null, body);
        exchange.getMessage().setBody(field(response, resultField, method, path));
    }

    private List<Object> parseList(String text) {
        try {
            return json.readValue(text, new TypeReference<List<Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The message body is not a JSON array: " + e.getOriginalMessage(), e);
        }
    }

    private Object jsonBody(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Map<?, ?> || body instanceof Collection<?> || body instanceof JsonNode) {
            return body;
        }
        String text = exchange.getMessage().getBody(String.class);
        try {
            json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The message body is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return text;
    }

    private static String expandPath(String template, Message message) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (placeholder.find()) {
            String header = placeholder.group(1);
            String value = message.getHeader(header, String.class);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("The " + header + " header is missing; " + template
                        + " needs it");
            }
            placeholder.appendReplacement(path, Matcher.quoteReplacement(encode(value.trim())));
        }
        placeholder.appendTail(path);
        return path.toString();
    }

    private Object toJava(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        try {
            return json.treeToValue(node, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot convert a GHL response to Java objects: " + e.getMessage(), e);
        }
    }

    private static Object field(Object response, String resultField, String method, String path) {
        if (resultField == null || resultField.isEmpty()) {
            return response;
        }
        if (response instanceof Map<?, ?> map && map.containsKey(resultField)) {
            return map.get(resultField);
        }
        throw new IllegalStateException("GHL's response to " + method + " " + path + " has no \"" + resultField
                + "\" field");
    }
}
