package org.privyrghlsync.events;

import static org.privyrghlsync.events.JsonFields.invalid;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parser that turns a request body into a validated {@link EventEnvelope} or throws {@link InvalidEventException}.
 *
 * <p>The body must be UTF-8 JSON holding exactly one object, with no duplicate keys and at most
 * {@value #MAX_NESTING_DEPTH} levels of nesting. Unknown keys are ignored. The parser does not limit the body size,
 * because the receiver responds with 413 to a large body before it parses. Instances are thread-safe and share one
 * configured {@link ObjectMapper}.
 */
public final class EnvelopeParser {

    /** The only envelope version this parser accepts, as a string. */
    public static final String SCHEMA_VERSION = "1";

    /** Maximum nesting depth of objects and arrays; the envelope object itself is level 1. */
    public static final int MAX_NESTING_DEPTH = 32;

    /** Maximum distance that {@code occurred_at} may lie ahead of the receiver clock. */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofHours(24);

    /** Maximum number of entries in the optional {@code changes} array. */
    static final int MAX_CHANGES = 100;

    static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    // Backstops for content the field checks never see, such as unknown keys. Field checks are stricter.
    private static final int MAX_TOKEN_STRING_CHARS = 1 << 20;
    private static final int MAX_NAME_CHARS = 10_000;
    private static final int MAX_NUMBER_CHARS = 200;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxStringLength(MAX_TOKEN_STRING_CHARS)
                            .maxNameLength(MAX_NAME_CHARS)
                            .maxNumberLength(MAX_NUMBER_CHARS)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final String ACCEPTED_TYPES = Arrays.stream(EventType.values())
            .map(EventType::wireName)
            .collect(Collectors.joining(", "));

    private final Clock clock;

    /** Creates a parser that checks {@code occurred_at} against the system clock. */
    public EnvelopeParser() {
        this(Clock.systemUTC());
    }

    /** Creates a parser that checks {@code occurred_at} against {@code clock}. */
    public EnvelopeParser(Clock clock) {
        this.clock = clock;
    }

    /**
     * Parses and validates one event.
     *
     * @param body the request body exactly as received
     * @return the envelope, whose {@code rawJson} is the body decoded as UTF-8
     * @throws InvalidEventException naming the field and the rule it breaks
     */
    public EventEnvelope parse(byte[] body) {
        String rawJson = decodeUtf8(body);
        ObjectNode envelope = readObject(rawJson);

        String schemaVersion = readSchemaVersion(envelope);
        String eventId = readEventId(envelope);
        EventType type = readEventType(envelope);
        Instant occurredAt = readOccurredAt(envelope);
        String accountId = JsonFields.requiredId(envelope, "account_id", "");
        JsonFields.optionalString(envelope, "source", "", false);
        PayloadReader.checkActor(envelope);
        JsonFields.stringArray(envelope, "changes", "", MAX_CHANGES);

        ObjectNode data = JsonFields.requiredObject(envelope, "data", "");
        ClientData client = PayloadReader.readClient(data, type);
        JsonNode task = type.isTaskEvent() ? PayloadReader.readTask(data, type, client.id()) : null;
        JsonNode note = type.isNoteEvent() ? PayloadReader.readNote(data, type, client.id()) : null;
        return new EventEnvelope(schemaVersion, eventId, type, occurredAt, accountId, client, task, note, rawJson);
    }

    private static String decodeUtf8(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidEventException("body", "must be a JSON object, but the body is empty", null);
        }
        // The String constructor replaces each malformed sequence with U+FFFD, so a result without U+FFFD is valid
        // UTF-8. Otherwise the strict decoder below checks whether it came from the body or from malformed bytes.
        String decoded = new String(body, StandardCharsets.UTF_8);
        if (decoded.indexOf('\uFFFD') < 0) {
            return decoded;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(body);
        try {
            CharBuffer chars = decoder.decode(input);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException("body",
                    "must be encoded as UTF-8, but has an invalid byte sequence at byte offset " + input.position(),
                    null);
        }
    }

    private static ObjectNode readObject(String rawJson) {
        JsonNode root;
        // Read through a parser created here, so its position is known even for exceptions that carry no parser.
        try (JsonParser parser = MAPPER.createParser(rawJson)) {
            try {
                root = MAPPER.readTree(parser);
            } catch (JsonProcessingException e) {
                throw describeSyntaxError(e, parser);
            }
        } catch (IOException e) {
            // Reading from a String does no I/O, so this means a Jackson bug.
            throw new IllegalStateException("Reading JSON from memory failed", e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidEventException("body", "must be a JSON object, but contains only whitespace", null);
        }
        if (!root.isObject()) {
            throw invalid("body", "must be a JSON object", root);
        }
        return (ObjectNode) root;
    }

    private static InvalidEventException describeSyntaxError(JsonProcessingException e, JsonParser parser) {
        String field = locate(parser);
        String message = String.valueOf(e.getOriginalMessage());
        String reason;
        if (e instanceof StreamConstraintsException && message.contains("nesting depth")) {
            reason = "must not nest objects and arrays more than " + MAX_NESTING_DEPTH + " levels deep";
        } else if (e instanceof StreamConstraintsException) {
            reason = "exceeds a JSON parser limit: " + message;
        } else if (e instanceof JsonEOFException) {
            reason = "is truncated: the body ends before the JSON document is complete";
        } else if (message.startsWith("Duplicate field")) {
            reason = "must appear only once in its object, but the key is duplicated";
        } else if (message.startsWith("Trailing token")) {
            reason = "must contain exactly one JSON object, but has more content after it";
        } else {
            reason = "is not valid JSON: " + message;
        }
        return new InvalidEventException(field, reason, null);
    }

    /** Returns the dotted path where the JSON reader stopped, or {@code body} at the top level. */
    private static String locate(JsonParser parser) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext context = parser.getParsingContext(); context != null; context = context.getParent()) {
            String step;
            if (context.inObject() && context.getCurrentName() != null) {
                step = context.getCurrentName();
            } else if (context.inArray() && context.getCurrentIndex() >= 0) {
                step = "[" + context.getCurrentIndex() + "]";
            } else {
                continue;
            }
            if (path.length() > 0 && path.charAt(0) != '[') {
                path.insert(0, '.');
            }
            path.insert(0, step);
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    private static String readSchemaVersion(ObjectNode envelope) {
        JsonNode node = envelope.get("schema_version");
        String reason = "must be the string \"" + SCHEMA_VERSION + "\", the only supported schema version";
        if (node == null || node.isNull()) {
            throw invalid("schema_version", "is required and " + reason, null);
        }
        if (!node.isTextual() || !node.textValue().equals(SCHEMA_VERSION)) {
            throw invalid("schema_version", reason, node);
        }
        return SCHEMA_VERSION;
    }

    private static String readEventId(ObjectNode envelope) {
        JsonNode node = envelope.get("event_id");
        String rule = "1 to 128 characters from A-Z, a-z, 0-9 and . _ : -";
        if (node == null || node.isNull()) {
            throw invalid("event_id", "is required and must be a string of " + rule, null);
        }
        if (!node.isTextual() || !EVENT_ID.matcher(node.textValue()).matches()) {
            throw invalid("event_id", "must be a string of " + rule, node);
        }
        return node.textValue();
    }

    private static EventType readEventType(ObjectNode envelope) {
        JsonNode node = envelope.get("event_type");
        if (node == null || node.isNull()) {
            throw invalid("event_type", "is required and must be one of " + ACCEPTED_TYPES, null);
        }
        return EventType.fromWireName(node.isTextual() ? node.textValue() : null)
                .orElseThrow(() -> invalid("event_type", "must be one of " + ACCEPTED_TYPES, node));
    }

    private Instant readOccurredAt(ObjectNode envelope) {
        Instant occurredAt = JsonFields.requiredInstant(envelope, "occurred_at", "");
        if (occurredAt.isAfter(clock.instant().plus(MAX_FUTURE_SKEW))) {
            throw invalid("occurred_at", "must not be more than 24 hours ahead of the receiver clock;"
                    + " check the producer's clock", envelope.get("occurred_at"));
        }
        return occurredAt;
    }
}
