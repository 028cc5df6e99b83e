package org.privyrghlsync.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import org.privyrghlsync.testing.fuzz.BearerAuth;
import org.privyrghlsync.testing.fuzz.FuzzRequest;
import org.privyrghlsync.testing.fuzz.FuzzTarget;
import org.privyrghlsync.testing.fuzz.GenericCases;
import org.privyrghlsync.testing.fuzz.WeightedCase;

/**
 * Fuzz targets and invalid requests of the admin API: the bulk replay body, and the list endpoint with the paths
 * that carry a dead letter id. Weights are per 10,000 cases.
 */
final class AdminCases {

    static final String REPLAY_PATH = "/admin/dead-letters/replay";
    static final String LIST_PATH = "/admin/dead-letters";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Integer, String> ERROR_CODES = Map.of(400, "invalid_request", 401, "unauthorized",
            404, "not_found", 405, "method_not_allowed", 413, "payload_too_large", 415, "unsupported_media_type");
    /** Longest request line that Vert.x 4 reads by default (HttpServerOptions.maxInitialLineLength). */
    private static final int VERTX_MAX_INITIAL_LINE = 4096;
    /** First dead letter id that the fuzz test never creates, so that a DELETE of it can change nothing. */
    private static final long UNUSED_ID = 1_000_000L;

    private static final String[] STRING_FIELDS = {"location", "type", "since", "until"};
    private static final String[] NUMBER_FIELDS = {"status", "limit"};
    private static final String[] WRONG_TYPED_VALUES = {"1", "0", "-7", "2.5", "1e40", "true", "false", "null",
        "[]", "[\"client.created\"]", "{}", "{\"value\":\"client.created\"}"};
    private static final String[] BAD_TIMES = {"yesterday", "2025-13-01", "2025-02-30", "2025-03-14T25:00:00Z",
        "0000-00-00", "+999999999-12-31", "2025-03-14T09:00:00", "14/03/2025", "2025-03-14Z", "1741944413",
        "2025-03-14T09:00:00+25:00", "9999999999-01-01", "now", "2025-03-14 09:00:00Z"};
    private static final String[] BAD_LIMITS = {"0", "-1", "2147483648", "99999999999999999999", "1.5", "abc",
        "1e3", "0x10", "--1", "1 0"};
    private static final String[] BAD_STATUSES = {"99", "600", "-1", "abc", "4xx", "422.0", "99999999999", "NONE!",
        "0"};
    private static final String[] ODD_IDS = {"-1", "0", "-0", "9223372036854775808", "99999999999999999999", "abc",
        "1.5", "1e3", "0x10", "+1", "%2B1", "%20", "1%20", "%00", "1%00", "%2F", "1%2F2", "%2e%2e", "%2E%2E%2Fmappings",
        "..%2F..%2Fmappings%2Freload", "%5C..%5C", "%C0%AE%C0%AE", "%FF", "%D9%A1%D9%A2", "%EF%BC%91", "1;2",
        "1,2", "%E2%80%AE1", "null", "undefined", "NaN", "1_000", "%0D%0AX-Injected:%201", "1%3Fx=1", "%23"};
    private static final String[] OTHER_METHODS = {"PUT", "PATCH", "POST", "DELETE", "GET", "OPTIONS"};
    private static final String[] UNKNOWN_NAMES = {"kind", "id", "Authorization", "all", "include", "LIMIT",
        "type%20", "status%5B%5D", "%00", "__proto__", "constructor", "a.b"};

    private final BearerAuth auth;

    AdminCases(BearerAuth auth) {
        this.auth = auth;
    }

    /**
     * Returns the target POST /admin/dead-letters/replay. Its invalid bodies select the open dead letters that the
     * test seeds, so that a request accepted in error would replay them. Its valid controls select a location that
     * has no dead letter, and get the documented 404 {@code not_found}.
     */
    FuzzTarget replayTarget(LongSupplier changeCount, int maxBodyBytes) {
        FuzzTarget base = new FuzzTarget("admin-bulk-replay", REPLAY_PATH, "POST", auth, AdminCases::replayBody,
                List.of(), ERROR_CODES, 404, "body", maxBodyBytes, 2, changeCount);
        GenericCases generic = new GenericCases(base);
        List<WeightedCase> cases = new ArrayList<>(generic.all());
        cases.add(new WeightedCase("field-wrong-type", 900, this::wrongType));
        cases.add(new WeightedCase("field-huge-string", 200, this::hugeString));
        cases.add(new WeightedCase("field-huge-array", 150, this::hugeArray));
        cases.add(new WeightedCase("field-control-character", 250, this::controlCharacterField));
        cases.add(new WeightedCase("field-unknown", 250, this::unknownField));
        cases.add(new WeightedCase("filter-bad-time", 300, this::badTimeField));
        cases.add(new WeightedCase("filter-bad-number", 300, this::badNumberField));
        cases.add(new WeightedCase("filter-selection-invalid", 200, this::invalidSelection));
        cases.add(new WeightedCase("auth-token-altered", 400, this::alteredToken));
        cases.add(new WeightedCase("auth-in-query", 100, this::authorizationInQuery));
        return new FuzzTarget(base.name(), base.path(), base.method(), auth, base.bodies(), cases, ERROR_CODES, 404,
                "body", maxBodyBytes, 2, changeCount);
    }

    /**
     * Returns the target GET /admin/dead-letters, whose cases also send odd ids and wrong methods to the paths
     * under /admin/dead-letters/{id}. Its valid controls list the dead letters.
     */
    FuzzTarget listTarget(LongSupplier changeCount) {
        List<WeightedCase> cases = List.of(
                new WeightedCase("auth-broken", 1500, this::brokenAuthentication),
                new WeightedCase("auth-token-altered", 700, this::alteredToken),
                new WeightedCase("auth-in-query", 300, this::authorizationInQuery),
                new WeightedCase("query-bad-value", 1500, this::badQueryValue),
                new WeightedCase("query-repeated-key", 500, this::repeatedQueryKey),
                new WeightedCase("query-unknown-key", 400, this::unknownQueryKey),
                new WeightedCase("query-bad-encoding", 500, this::badQueryEncoding),
                new WeightedCase("query-huge-value", 200, this::hugeQueryValue),
                new WeightedCase("path-odd-id", 2000, this::oddId),
                new WeightedCase("path-unknown-id", 300, this::unknownId),
                new WeightedCase("method-wrong", 1200, this::wrongMethod),
                new WeightedCase("header-injection", 500, this::headerInjection),
                new WeightedCase("request-line-over-server-limit", 20, this::requestLineOverServerLimit));
        return new FuzzTarget("admin-dead-letters", LIST_PATH, "GET", auth, (random, id) -> null, cases,
                ERROR_CODES, 200, null, 0, 0, changeCount);
    }

    /** Returns a bulk replay body that selects the seeded dead letters, or for a control, no dead letter. */
    static ObjectNode replayBody(Random random, String uniqueId) {
        ObjectNode body = JSON.createObjectNode();
        if (uniqueId.startsWith("fuzz-control-")) {
            return body.put("location", uniqueId).put("type", "client.created");
        }
        body.put("type", "client.created");
        if (random.nextBoolean()) {
            body.put("location", "sandbox-location");
        }
        if (random.nextBoolean()) {
            if (random.nextBoolean()) {
                body.put("status", 422);
            } else {
                body.put("status", "422");
            }
        }
        if (random.nextBoolean()) {
            body.put("since", "2020-01-01").put("until", "2100-01-01T00:00:00Z");
        }
        if (random.nextBoolean()) {
            body.put("limit", 1 + random.nextInt(50));
        }
        return body;
    }

    private static void expect400(FuzzRequest request, String field) {
        request.expect(400, "invalid_request", field);
    }

    /** Gives one filter field a JSON type it does not take, such as a number for type or an array for status. */
    private void wrongType(FuzzRequest request, Random random) {
        String[] fields = {"location", "type", "since", "until", "status", "limit", "all"};
        String field = fields[random.nextInt(fields.length)];
        String value = WRONG_TYPED_VALUES[random.nextInt(WRONG_TYPED_VALUES.length)];
        boolean numberField = field.equals("status") || field.equals("limit");
        if (numberField && value.matches("-?\\d+")) {
            value = "2.5";
        }
        if (field.equals("all") && (value.equals("true") || value.equals("false"))) {
            value = "1";
        }
        setRawField(request, field, value);
        request.category(request.category() + "/" + field);
        expect400(request, field);
    }

    private void hugeString(FuzzRequest request, Random random) {
        String field = STRING_FIELDS[random.nextInt(STRING_FIELDS.length)];
        int length = random.nextInt(3) == 0 ? 201 + random.nextInt(100) : 10_000 + random.nextInt(200_000);
        request.json().put(field, "x".repeat(length));
        expect400(request, field);
    }

    private void hugeArray(FuzzRequest request, Random random) {
        String[] fields = {"location", "type", "status", "limit", "all"};
        String field = fields[random.nextInt(fields.length)];
        ArrayNode values = request.json().putArray(field);
        // At most 10,000 elements of up to 17 bytes each, so that the body stays under the size limit.
        int length = 1 + random.nextInt(10_000);
        for (int i = 0; i < length; i++) {
            values.add(i % 2 == 0 ? "client.created" : "422");
        }
        expect400(request, field);
    }

    /** Puts a control character, escaped so that the JSON stays valid, inside a text filter. */
    private void controlCharacterField(FuzzRequest request, Random random) {
        String field = random.nextBoolean() ? "location" : "type";
        char control = random.nextInt(10) == 0 ? '\u007f' : (char) random.nextInt(0x20);
        String value = random.nextBoolean() ? "sandbox-location" : "client.created";
        int at = random.nextInt(value.length() + 1);
        request.json().put(field, value.substring(0, at) + control + value.substring(at));
        expect400(request, field);
    }

    private void unknownField(FuzzRequest request, Random random) {
        String name = UNKNOWN_NAMES[random.nextInt(UNKNOWN_NAMES.length)];
        if (name.equals("all")) {
            name = "include_discarded";
        }
        request.json().put(name, "true");
        expect400(request, name);
    }

    private void badTimeField(FuzzRequest request, Random random) {
        String field = random.nextBoolean() ? "since" : "until";
        if (random.nextInt(5) == 0) {
            // A range that ends where or before it starts.
            request.json().put("since", "2025-03-14T09:00:00Z").put("until", random.nextBoolean()
                    ? "2025-03-14T09:00:00Z" : "2025-03-13");
            request.category(request.category() + "/empty-range");
            expect400(request, "since");
            return;
        }
        request.json().put(field, BAD_TIMES[random.nextInt(BAD_TIMES.length)]);
        expect400(request, field);
    }

    private void badNumberField(FuzzRequest request, Random random) {
        boolean limit = random.nextBoolean();
        String field = limit ? "limit" : "status";
        String value = limit ? BAD_LIMITS[random.nextInt(BAD_LIMITS.length)]
                : BAD_STATUSES[random.nextInt(BAD_STATUSES.length)];
        if (random.nextBoolean() && value.matches("-?\\d+")) {
            setRawField(request, field, value);
        } else {
            request.json().put(field, value);
        }
        expect400(request, field);
    }

    /** Sends {@code all} with filters, {@code all: false} alone, or no filter at all. */
    private void invalidSelection(FuzzRequest request, Random random) {
        switch (random.nextInt(3)) {
            case 0 -> request.json().put("all", random.nextBoolean() ? "true" : "TRUE");
            case 1 -> request.json().removeAll().put("all", "false");
            default -> request.json().removeAll().put("location", "  ");
        }
        expect400(request, "all");
    }

    /** Sends the valid token with its case or white space changed, which must not authenticate. */
    private void alteredToken(FuzzRequest request, Random random) {
        String token = AdminHttp.TOKEN;
        // From 1, so that inserted white space is inside the token rather than after the scheme, where it is allowed.
        int at = 1 + random.nextInt(token.length() - 1);
        String altered = switch (random.nextInt(6)) {
            case 0 -> token.toUpperCase(java.util.Locale.ROOT);
            case 1 -> token.substring(0, at) + Character.toUpperCase(token.charAt(at)) + token.substring(at + 1);
            case 2 -> token.substring(0, at) + " " + token.substring(at);
            case 3 -> token.substring(0, at) + "\t" + token.substring(at);
            case 4 -> token + " " + token;
            default -> "\"" + token + "\"";
        };
        if (altered.equals(token)) {
            altered = token.toUpperCase(java.util.Locale.ROOT) + "X";
        }
        String scheme = random.nextBoolean() ? "Bearer " : "Bearer\t";
        request.skipAuthorization().setHeader("Authorization", scheme + altered);
        request.expect(401, "unauthorized", null);
    }

    /** Sends the token as a query parameter named like the header, with no Authorization header. */
    private void authorizationInQuery(FuzzRequest request, Random random) {
        request.skipAuthorization().removeHeader("Authorization");
        String name = random.nextBoolean() ? "Authorization" : "authorization";
        request.query("?" + name + "=Bearer%20" + AdminHttp.TOKEN);
        request.expect(401, "unauthorized", null);
    }

    private void brokenAuthentication(FuzzRequest request, Random random) {
        request.category(request.category() + "/" + auth.breakAuthentication(request, random));
        request.expect(401, "unauthorized", null);
    }

    private void badQueryValue(FuzzRequest request, Random random) {
        String field;
        String value;
        switch (random.nextInt(5)) {
            case 0 -> {
                field = random.nextBoolean() ? "since" : "until";
                value = BAD_TIMES[random.nextInt(BAD_TIMES.length)];
            }
            case 1 -> {
                field = "limit";
                value = random.nextBoolean() ? BAD_LIMITS[random.nextInt(BAD_LIMITS.length)]
                        : Long.toString(1001 + (long) random.nextInt(Integer.MAX_VALUE));
            }
            case 2 -> {
                field = "status";
                value = BAD_STATUSES[random.nextInt(BAD_STATUSES.length)];
            }
            case 3 -> {
                field = "include_discarded";
                value = random.nextBoolean() ? "yes" : "1";
            }
            default -> {
                field = "type";
                value = random.nextBoolean() ? "client.create" : "CLIENT.CREATED";
            }
        }
        request.query("?" + field + "=" + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        request.category(request.category() + "/" + field);
        expect400(request, field);
    }

    private void repeatedQueryKey(FuzzRequest request, Random random) {
        String[][] pairs = {{"status", "422"}, {"type", "client.created"}, {"limit", "10"},
            {"location", "sandbox-location"}, {"since", "2025-03-14"}, {"include_discarded", "true"}};
        String[] pair = pairs[random.nextInt(pairs.length)];
        String second = random.nextBoolean() ? pair[1] : "";
        request.query("?" + pair[0] + "=" + pair[1] + "&" + (random.nextBoolean() ? "limit=5&" : "") + pair[0]
                + "=" + second);
        expect400(request, pair[0]);
    }

    private void unknownQueryKey(FuzzRequest request, Random random) {
        String name = UNKNOWN_NAMES[random.nextInt(UNKNOWN_NAMES.length)];
        request.query("?" + name + "=1");
        expect400(request, null);
    }

    private void badQueryEncoding(FuzzRequest request, Random random) {
        // The JDK client rejects a cut-short escape such as %Z1 in the URI, so only escapes of bytes that are not
        // UTF-8 are sent.
        String[] encodings = {"%FF", "%C0%80", "%ED%A0%80", "%F8%88%80%80%80", "abc%E2%82", "%C3", "%FE%FF",
            "%80"};
        String encoded = encodings[random.nextInt(encodings.length)];
        request.query(random.nextBoolean() ? "?location=" + encoded : "?" + encoded + "=1");
        expect400(request, "query");
    }

    /** Sends a filter value with control characters or over the length limit, within the server's line limit. */
    private void hugeQueryValue(FuzzRequest request, Random random) {
        String field = STRING_FIELDS[random.nextInt(STRING_FIELDS.length)];
        String value = random.nextBoolean() ? "a%00b" : random.nextBoolean() ? "x%0D%0AX-Injected:%201"
                : "x".repeat(201 + random.nextInt(3_000));
        request.query("?" + field + "=" + value);
        expect400(request, field);
    }

    /** Sends an id that is not a positive whole number, encoded or not, to each path that carries one. */
    private void oddId(FuzzRequest request, Random random) {
        String id = ODD_IDS[random.nextInt(ODD_IDS.length)];
        idPath(request, random, id);
        request.category(request.category() + "/" + id);
        if (id.equalsIgnoreCase("%2e%2e")) {
            // A dot segment, plain or percent-encoded, is rejected before any route or the token check.
            request.expect(400, "invalid_request", "path");
        } else {
            expect400(request, "id");
        }
    }

    private void unknownId(FuzzRequest request, Random random) {
        idPath(request, random, Long.toString(UNUSED_ID + random.nextInt(1_000_000)));
        request.expect(404, "not_found", null);
    }

    /** Aims the request at one of the paths with an id, with a method that the path allows. */
    private static void idPath(FuzzRequest request, Random random, String id) {
        switch (random.nextInt(4)) {
            case 0 -> request.path(LIST_PATH + "/" + id);
            case 1 -> request.path(LIST_PATH + "/" + id).method("DELETE");
            case 2 -> request.path(LIST_PATH + "/" + id + "/replay").method("POST");
            default -> request.path(LIST_PATH + "/" + id + "/discard").method("POST");
        }
    }

    /** Sends a method that the path does not allow; the 405 must name the allowed ones in Allow. */
    private void wrongMethod(FuzzRequest request, Random random) {
        String id = Long.toString(UNUSED_ID + random.nextInt(1000));
        String[][] paths = {{LIST_PATH, "GET"}, {REPLAY_PATH, "POST"}, {LIST_PATH + "/" + id, "GET DELETE"},
            {LIST_PATH + "/" + id + "/replay", "POST"}, {LIST_PATH + "/" + id + "/discard", "POST"},
            {"/admin/mappings/reload", "POST"}};
        String[] path = paths[random.nextInt(paths.length)];
        String method;
        do {
            method = OTHER_METHODS[random.nextInt(OTHER_METHODS.length)];
        } while (List.of(path[1].split(" ")).contains(method));
        request.path(path[0]).method(method);
        request.category(request.category() + "/" + method);
        request.expect(405, "method_not_allowed", null);
    }

    /** Tries to smuggle a header through another header's value, with broken authentication. */
    private void headerInjection(FuzzRequest request, Random random) {
        String[] injections = {"\r\nX-Injected: 1", "\nAuthorization: Bearer " + AdminHttp.TOKEN,
            "\tX-Injected: 1", " X-Injected: 1", "\u00e9\u00ff", "\u0000", "\u007f"};
        auth.breakAuthentication(request, random);
        String name = random.nextBoolean() ? "X-Request-Id" : "X-Forwarded-For";
        request.addHeader(name, "10.0.0.1" + injections[random.nextInt(injections.length)]);
        request.expect(401, "unauthorized", null);
    }

    /**
     * Sends a request line over the HTTP server's limit. Vert.x's HTTP decoder returns 414 with an empty body
     * before any application code runs, and then closes the connection, so the case needs a connection of its own.
     */
    private void requestLineOverServerLimit(FuzzRequest request, Random random) {
        request.query("?location=" + "x".repeat(VERTX_MAX_INITIAL_LINE + random.nextInt(4_000)));
        request.version(HttpClient.Version.HTTP_1_1).useOwnConnection();
        request.expect(414, null, null);
    }

    /** Replaces a field's value with raw JSON text, such as {@code 2.5} or {@code [1]}. */
    private static void setRawField(FuzzRequest request, String field, String rawJson) {
        try {
            request.json().set(field, JSON.readTree(rawJson));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("test value is not JSON: " + rawJson, e);
        }
    }
}
