package org.privyrghlsync.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON body of a bulk replay, {@code {"type": "client.created", "status": 422}} or {@code {"all": true}},
 * into the text values that {@link FilterParameters#forReplay} parses. The body must be one UTF-8 JSON object
 * without duplicate keys or trailing content, sent as {@code application/json}.
 */
final class ReplayBody {

    private static final String EXAMPLE = "send an object such as {\"type\": \"client.created\"} or {\"all\": true}";
    private static final Set<String> NUMBER_FIELDS = Set.of("status", "limit");

    private final ObjectReader reader;

    ReplayBody(ObjectMapper json) {
        this.reader = json.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Returns the body's fields as text, in body order.
     *
     * @throws AdminException 415 unless the request has one JSON Content-Type
     * @throws InvalidParameterException if the body is not such an object, or a field has the wrong JSON type
     */
    Map<String, String> fields(AdminRequest request) {
        requireJsonMediaType(request.contentTypes());
        JsonNode tree = parse(request.body());
        Map<String, String> values = new LinkedHashMap<>();
        tree.fields().forEachRemaining(field -> values.put(field.getKey(), text(field.getKey(), field.getValue())));
        return values;
    }

    private static void requireJsonMediaType(List<String> contentTypes) {
        if (contentTypes.size() != 1 || !isJson(contentTypes.get(0))) {
            String got = contentTypes.isEmpty() ? "none" : contentTypes.size() > 1 ? contentTypes.size()
                    + " Content-Type headers" : "'" + InvalidParameterException.clip(contentTypes.get(0)) + "'";
            throw new AdminException(415, "unsupported_media_type", "The body must be sent with one"
                    + " 'Content-Type: application/json' header; got " + got);
        }
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json");
    }

    private JsonNode parse(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidParameterException("body", "The body is not valid UTF-8; " + EXAMPLE);
        }
        if (text.isBlank()) {
            throw new InvalidParameterException("body", "The body is empty; " + EXAMPLE);
        }
        JsonNode tree;
        try {
            tree = reader.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidParameterException("body", "The body is not valid JSON: "
                    + e.getOriginalMessage() + "; " + EXAMPLE);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidParameterException("body", "The body must be a JSON object; " + EXAMPLE);
        }
        return tree;
    }

    /**
     * Returns a field's value as text. Every field may be a JSON string, as the {@code dead-letters} command sends
     * them; status and limit may also be whole numbers, and all a boolean.
     */
    private static String text(String name, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (NUMBER_FIELDS.contains(name) && value.isIntegralNumber()) {
            return value.asText();
        }
        if (name.equals("all") && value.isBoolean()) {
            return value.asText();
        }
        String expected = NUMBER_FIELDS.contains(name) ? "a whole number or a string"
                : name.equals("all") ? "true or false" : "a string";
        throw new InvalidParameterException(name, "Field '" + InvalidParameterException.clip(name) + "' must be "
                + expected + "; got " + value.getNodeType().name().toLowerCase(Locale.ROOT));
    }
}
