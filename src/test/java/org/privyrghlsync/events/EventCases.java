package org.privyrghlsync.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.privyrghlsync.events.EventBodies.Field;
import org.privyrghlsync.events.EventBodies.Kind;
import org.privyrghlsync.events.EventBodies.Text;
import org.privyrghlsync.testing.fuzz.FuzzRequest;
import org.privyrghlsync.testing.fuzz.FuzzTarget;
import org.privyrghlsync.testing.fuzz.GenericCases;
import org.privyrghlsync.testing.fuzz.RequestAuth;
import org.privyrghlsync.testing.fuzz.WeightedCase;

/**
 * Invalid requests that only the Privyr receiver's contract defines: each breaks one field of a valid event, so
 * the 400 must name exactly that field. Also requests that break several rules at once, whose status shows the
 * order of the receiver's checks. Weights are per 10,000 cases.
 */
final class EventCases {

    private static final String[] UNKNOWN_TYPES = {"client.deleted", "note.deleted", "CLIENT.CREATED",
        "client.created ", "task.*", "", "client", "appointment.created", "client.created\u0000"};
    private static final String[] BAD_INSTANTS = {"yesterday", "2025-03-14", "2025-03-14T09:26:53",
        "2025-13-01T00:00:00Z", "2025-02-30T10:00:00Z", "1741944420", "2025-03-14 09:26:53Z", "",
        "2025-03-14T25:00:00Z", "14/03/2025 18:45", "2025-03-14T09:26:53+25:00"};
    private static final String[] BAD_DUE_DATES = {"tomorrow", "2025-03-15", "15/03/2025 10:30", "",
        "2025-03-15T10:30:00+19:00", "2025-03-15T24:30:00"};
    private static final String[] BAD_EVENT_IDS = {"", "evt 1", "evt/1", "évt-1", "evt\u00001", "a".repeat(129),
        "evt#1", "evt,1"};
    private static final String[] BAD_SCHEMA_VERSIONS = {"2", "1.0", " 1", "01", "", "v1", "1 "};
    private static final String[] BAD_STATUSES = {"pending", "DONE", "Completed", "", "PENDING ", "OPEN"};
    private static final String[] CONTENT_ENCODINGS = {"gzip", "deflate", "br", "compress", "gzip, identity",
        "x-gzip", "zstd"};
    private static final String LONE_SURROGATE_MARKER = "fuzz-lone-surrogate-marker";
    private static final String HUGE_NUMBER_MARKER = "fuzz-huge-number-marker";

    private final RequestAuth auth;
    private final GenericCases generic;

    EventCases(RequestAuth auth, GenericCases generic) {
        this.auth = auth;
        this.generic = generic;
    }

    List<WeightedCase> all() {
        return List.of(
                new WeightedCase("field-wrong-type", 1300, this::wrongType),
                new WeightedCase("field-missing", 300, this::missingField),
                new WeightedCase("field-invalid-text", 1000, this::invalidText),
                new WeightedCase("field-control-character", 450, this::controlCharacter),
                new WeightedCase("field-huge-string", 250, this::hugeString),
                new WeightedCase("field-huge-array", 200, this::hugeArray),
                new WeightedCase("field-unpaired-surrogate", 150, this::unpairedSurrogate),
                new WeightedCase("field-huge-exponent", 100, this::hugeExponent),
                new WeightedCase("event-type-unknown", 250, this::unknownEventType),
                new WeightedCase("content-encoding", 80, this::contentEncoding),
                new WeightedCase("content-type-repeated", 80, this::repeatedContentType),
                new WeightedCase("check-order", 300, this::checkOrder));
    }

    private static void expect400(FuzzRequest request, String field) {
        request.expect(400, "invalid_event", field);
    }

    /** Gives one field a JSON type the contract does not accept for it, null included for required fields. */
    void wrongType(FuzzRequest request, Random random) {
        List<Field> fields = EventBodies.fields(request.json());
        Field field = fields.get(random.nextInt(fields.size()));
        List<Kind> wrong = new ArrayList<>(EnumSet.complementOf(EnumSet.copyOf(field.rule().accepted())));
        Kind kind = wrong.get(random.nextInt(wrong.size()));
        EventBodies.set(request.json(), field.path(), EventBodies.sample(kind, random));
        request.category(request.category() + "/" + kind.name().toLowerCase(java.util.Locale.ROOT));
        expect400(request, field.path());
    }

    void missingField(FuzzRequest request, Random random) {
        List<Field> required = EventBodies.fields(request.json()).stream()
                .filter(field -> field.rule().required() && !field.path().endsWith("]"))
                .toList();
        Field field = required.get(random.nextInt(required.size()));
        EventBodies.remove(request.json(), field.path());
        expect400(request, field.path());
    }

    /** Gives one string field text that breaks its rule: a bad instant, id, version, status or blank value. */
    void invalidText(FuzzRequest request, Random random) {
        List<Field> fields = EventBodies.fields(request.json()).stream()
                .filter(field -> field.rule().text() != Text.NONE && field.rule().text() != Text.EVENT_TYPE)
                .filter(field -> invalidTextFor(field, random) != null)
                .toList();
        Field field = fields.get(random.nextInt(fields.size()));
        EventBodies.set(request.json(), field.path(), EventBodies.NODES.textNode(invalidTextFor(field, random)));
        request.category(request.category() + "/" + field.rule().text().name().toLowerCase(java.util.Locale.ROOT));
        expect400(request, field.path());
    }

    /** Returns text that breaks the field's rule, or {@code null} when any string is valid there. */
    private static String invalidTextFor(Field field, Random random) {
        switch (field.rule().text()) {
            case ID:
                return pick(random, "", "   ", "i".repeat(129 + random.nextInt(1_000)));
            case EVENT_ID:
                return pick(random, BAD_EVENT_IDS);
            case SCHEMA_VERSION:
                return pick(random, BAD_SCHEMA_VERSIONS);
            case INSTANT:
                if (field.path().equals("occurred_at") && random.nextBoolean()) {
                    return Instant.now().plus(25 + random.nextInt(100_000), ChronoUnit.HOURS).toString();
                }
                return pick(random, BAD_INSTANTS);
            case DATE_TIME:
                return pick(random, BAD_DUE_DATES);
            case STATUS:
                return pick(random, BAD_STATUSES);
            case SINGLE_LINE, MULTI_LINE:
                boolean blankIsInvalid = field.rule().required() || field.path().endsWith("]");
                return blankIsInvalid ? pick(random, "", " ", "   ") : null;
            default:
                return null;
        }
    }

    /**
     * Puts a control character into a string field: any control character into a single-line field or an id,
     * and one other than tab, line feed and carriage return into a multi-line field.
     */
    void controlCharacter(FuzzRequest request, Random random) {
        List<Field> fields = EventBodies.fields(request.json()).stream()
                .filter(field -> isFreeText(field) || field.rule().text() == Text.ID)
                .filter(field -> request.json().at(pointer(field.path())).isTextual())
                .toList();
        Field field = fields.get(random.nextInt(fields.size()));
        char control = controlFor(field, random);
        String text = request.json().at(pointer(field.path())).textValue();
        int at = random.nextInt(text.length() + 1);
        EventBodies.set(request.json(), field.path(),
                EventBodies.NODES.textNode(text.substring(0, at) + control + text.substring(at)));
        expect400(request, field.path());
    }

    private static char controlFor(Field field, Random random) {
        while (true) {
            char candidate = random.nextInt(4) == 0 ? (char) (0x7F + random.nextInt(0x21))
                    : (char) random.nextInt(0x20);
            boolean lineBreak = candidate == '\t' || candidate == '\n' || candidate == '\r';
            if (field.rule().text() != Text.MULTI_LINE || !lineBreak) {
                return candidate;
            }
        }
    }

    /** Makes a free-text field longer than 10,000 characters, while the body stays under the size limit. */
    void hugeString(FuzzRequest request, Random random) {
        List<Field> fields = EventBodies.fields(request.json()).stream().filter(EventCases::isFreeText).toList();
        Field field = fields.get(random.nextInt(fields.size()));
        int length = JsonFields.MAX_STRING_CHARS + 1 + random.nextInt(60_000);
        String text = ("a".repeat(48) + "ü").repeat(length / 49 + 1).substring(0, length);
        EventBodies.set(request.json(), field.path(), EventBodies.NODES.textNode(text));
        expect400(request, field.path());
    }

    /** Sends more groups, changes or other_fields entries than allowed, up to tens of thousands. */
    void hugeArray(FuzzRequest request, Random random) {
        ObjectNode client = (ObjectNode) request.json().path("data").path("client");
        int extra = random.nextInt(4) == 0 ? random.nextInt(20_000) : random.nextInt(10);
        switch (random.nextInt(3)) {
            case 0 -> {
                ArrayNode groups = client.putArray("groups");
                for (int i = 0; i <= PayloadReader.MAX_GROUPS + extra; i++) {
                    groups.add("g");
                }
                expect400(request, "data.client.groups");
            }
            case 1 -> {
                ArrayNode changes = request.json().putArray("changes");
                for (int i = 0; i <= EnvelopeParser.MAX_CHANGES + extra; i++) {
                    changes.add("c");
                }
                expect400(request, "changes");
            }
            default -> {
                ObjectNode otherFields = client.putObject("other_fields");
                for (int i = 0; i <= PayloadReader.MAX_OTHER_FIELDS + Math.min(extra, 12_000); i++) {
                    otherFields.put("k" + i, i);
                }
                expect400(request, "data.client.other_fields");
            }
        }
    }

    /**
     * Writes a {@code \\ud800}-style escape without its pair into a string value or an other_fields key. Jackson
     * itself rejects such a key, so the 400 then names the object that contains it.
     */
    void unpairedSurrogate(FuzzRequest request, Random random) {
        String escape = random.nextBoolean() ? "\\ud800" : "\\udfff";
        String field;
        if (random.nextInt(4) == 0) {
            ObjectNode client = (ObjectNode) request.json().path("data").path("client");
            client.putObject("other_fields").put(LONE_SURROGATE_MARKER, "x");
            field = "data.client.other_fields";
        } else {
            List<Field> fields = EventBodies.fields(request.json()).stream().filter(EventCases::isFreeText).toList();
            field = fields.get(random.nextInt(fields.size())).path();
            EventBodies.set(request.json(), field, EventBodies.NODES.textNode(LONE_SURROGATE_MARKER));
        }
        request.bodyText(request.json().toString().replace(LONE_SURROGATE_MARKER, "ab" + escape + "cd"));
        expect400(request, field);
    }

    /** Puts a number whose exponent would make it millions of digits long into other_fields. */
    void hugeExponent(FuzzRequest request, Random random) {
        ObjectNode client = (ObjectNode) request.json().path("data").path("client");
        JsonNode otherFields = client.get("other_fields");
        ObjectNode target = otherFields != null && otherFields.isObject() ? (ObjectNode) otherFields
                : client.putObject("other_fields");
        target.put("Budget", HUGE_NUMBER_MARKER);
        String[] numbers = {"1e1000000000", "-1E+999999999", "1e-1000000000", "9.99e201", "1e-201"};
        String number = numbers[random.nextInt(numbers.length)];
        request.bodyText(request.json().toString().replace("\"" + HUGE_NUMBER_MARKER + "\"", number));
        expect400(request, "data.client.other_fields.Budget");
    }

    void unknownEventType(FuzzRequest request, Random random) {
        request.json().put("event_type", pick(random, UNKNOWN_TYPES));
        expect400(request, "event_type");
    }

    void contentEncoding(FuzzRequest request, Random random) {
        request.addHeader("Content-Encoding", pick(random, CONTENT_ENCODINGS));
        request.expect(415, "unsupported_media_type", null);
    }

    void repeatedContentType(FuzzRequest request, Random random) {
        request.addHeader(random.nextBoolean() ? "Content-Type" : "content-type",
                random.nextBoolean() ? "application/json" : "text/plain");
        request.expect(415, "unsupported_media_type", null);
    }

    /**
     * Breaks several rules at once, so that the status shows which check runs first: 405 before everything,
     * 413 for an oversized body before the media type, then 415, 401 and 400.
     */
    void checkOrder(FuzzRequest request, Random random) {
        switch (random.nextInt(4)) {
            case 0 -> {
                generic.truncated(request, random);
                auth.breakAuthentication(request, random);
                request.setHeader("Content-Type", "text/plain");
                request.expect(415, "unsupported_media_type", null);
                request.category(request.category() + "/415-before-401-and-400");
            }
            case 1 -> {
                generic.malformed(request, random);
                auth.breakAuthentication(request, random);
                request.expect(401, "invalid_signature", null);
                request.category(request.category() + "/401-before-400");
            }
            case 2 -> {
                generic.oversizedBody(request, random);
                request.setHeader("Content-Type", "text/plain");
                request.skipAuthorization();
                request.expect(413, "payload_too_large", null);
                request.category(request.category() + "/413-before-415-and-401");
            }
            default -> {
                generic.truncated(request, random);
                request.setHeader("Content-Type", "text/plain");
                generic.wrongMethod(request, random);
                request.category(request.category() + "/405-before-all");
            }
        }
    }

    private static boolean isFreeText(Field field) {
        Text text = field.rule().text();
        return text == Text.SINGLE_LINE || text == Text.MULTI_LINE;
    }

    /** Returns the JSON pointer of a dotted path, for reading the current value. */
    private static String pointer(String path) {
        StringBuilder pointer = new StringBuilder();
        for (String step : path.replace("[", ".").replace("]", "").split("\\.")) {
            pointer.append('/').append(step.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Builds the receiver's fuzz target on top of the generic cases. */
    static FuzzTarget target(RequestAuth auth, java.util.function.LongSupplier storedCount, int maxBodyBytes) {
        FuzzTarget base = new FuzzTarget("privyr-events", "/privyr/events", "POST", auth,
                EventBodies::validEvent, List.of(), java.util.Map.of(400, "invalid_event", 401,
                "invalid_signature", 405, "method_not_allowed", 413, "payload_too_large", 415,
                "unsupported_media_type"), 202, "body", maxBodyBytes, EnvelopeParser.MAX_NESTING_DEPTH,
                storedCount);
        GenericCases generic = new GenericCases(base);
        List<WeightedCase> cases = new ArrayList<>(generic.all());
        cases.addAll(new EventCases(auth, generic).all());
        return new FuzzTarget(base.name(), base.path(), base.method(), auth, base.bodies(), cases,
                base.errorCodes(), base.acceptedStatus(), base.wholeBodyField(), maxBodyBytes,
                base.maxNestingDepth(), storedCount);
    }
}
