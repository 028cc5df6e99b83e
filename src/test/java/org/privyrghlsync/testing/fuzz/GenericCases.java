package org.privyrghlsync.testing.fuzz;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Invalid requests that any JSON endpoint must reject, whatever its schema: broken JSON syntax and encoding, deep
 * nesting, duplicate keys, wrong media types and methods, oversized bodies and headers, and broken authentication.
 * Weights are per 10,000 cases.
 */
public final class GenericCases {

    /** Largest total size of request headers that Vert.x 4 reads by default (HttpServerOptions.maxHeaderSize). */
    public static final int VERTX_MAX_HEADER_BYTES = 8192;

    // None of these can join the value that follows it into valid JSON.
    private static final String[] JUNK_TOKENS = {"NaN", "Infinity", "-Infinity", "'single'", "undefined", "0x1F",
        "01", "+1", ".5", "1.e", "tru", "nul", "/*c*/", "//c\n", "#c\n", ",", ":", "]", "[", "}", "{", "\"", "\\",
        "\"a\" \"b\"", "True", "None"};

    private static final String[] TRAILING = {" {}", "x", ",", "\u0000", "]", " null", "{\"a\":1}", "\n\n{",
        "}", " 1", "\"tail\""};

    private static final String[] NON_OBJECT_ROOTS = {"[]", "[{}]", "\"text\"", "42", "-0.5", "null", "true",
        "false", "[1,2,3]"};

    private static final String[] BLANK_BODIES = {"", " ", "\n", "\t\r\n ", "\u00a0"};

    private static final int[][] INVALID_UTF8 = {
        {0xFF}, {0xFE}, {0x80}, {0xBF}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x80, 0xAF}, {0xF0, 0x80, 0x80, 0xAF},
        {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF8, 0x88, 0x80, 0x80, 0x80},
        {0xFC, 0x84, 0x80, 0x80, 0x80, 0x80}, {0xE2, 0x82}, {0xC3}, {0xF0, 0x9F, 0x98}};

    // Each escape stays invalid whatever characters follow it, so the body can never turn valid by accident.
    private static final String[] INVALID_ESCAPES = {"\\x41", "\\u12G4", "\\uZZZZ", "\\uD8Q", "\\a", "\\'", "\\0",
        "\\U0041"};

    private static final String[] WRONG_CONTENT_TYPES = {"text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=fuzz", "application/xml", "text/json", "application/jsonp",
        "application/json-patch", "application/ json", "application", "*/*", "", "json", "application/x-json",
        "application/javascript", "application/octet-stream", "text/html; charset=utf-8", "application/json5"};

    private static final String[] OTHER_METHODS = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS"};

    private final FuzzTarget target;

    public GenericCases(FuzzTarget target) {
        this.target = target;
    }

    /** Returns every generic case with its weight. */
    public List<WeightedCase> all() {
        return List.of(
                new WeightedCase("json-malformed", 500, this::malformed),
                new WeightedCase("json-truncated", 400, this::truncated),
                new WeightedCase("json-trailing-content", 200, this::trailingContent),
                new WeightedCase("json-not-an-object", 150, this::notAnObject),
                new WeightedCase("body-empty", 100, this::blankBody),
                new WeightedCase("json-deep-nesting", 250, this::deepNesting),
                new WeightedCase("utf8-invalid", 400, this::invalidUtf8),
                new WeightedCase("utf8-other-encoding", 100, this::otherEncoding),
                new WeightedCase("json-raw-control-character", 250, this::rawControlCharacter),
                new WeightedCase("json-invalid-escape", 150, this::invalidEscape),
                new WeightedCase("json-duplicate-key", 350, this::duplicateKey),
                new WeightedCase("content-type-wrong", 450, this::wrongContentType),
                new WeightedCase("method-wrong", 100, this::wrongMethod),
                new WeightedCase("body-oversized", 120, this::oversizedBody),
                new WeightedCase("auth-broken", 1500, this::brokenAuthentication),
                new WeightedCase("header-injection", 300, this::headerInjection),
                new WeightedCase("header-oversized", 150, this::oversizedHeaders),
                new WeightedCase("header-over-server-limit", 30, this::headersOverServerLimit));
    }

    private void expect400(FuzzRequest request, String field) {
        request.expect(400, target.errorCode(400), field);
    }

    /** Inserts a token that JSON does not allow right after a colon, comma or opening bracket. */
    public void malformed(FuzzRequest request, Random random) {
        String json = new String(request.body(), StandardCharsets.UTF_8);
        List<Integer> positions = JsonText.structural(json, ":,{[");
        int at = positions.get(random.nextInt(positions.size())) + 1;
        String junk = JUNK_TOKENS[random.nextInt(JUNK_TOKENS.length)];
        request.bodyText(json.substring(0, at) + junk + json.substring(at));
        expect400(request, null);
    }

    /** Cuts the body anywhere before its last byte, sometimes inside a multi-byte character. */
    public void truncated(FuzzRequest request, Random random) {
        byte[] body = request.body();
        request.body(Arrays.copyOf(body, 1 + random.nextInt(body.length - 1)));
        expect400(request, null);
    }

    public void trailingContent(FuzzRequest request, Random random) {
        String json = new String(request.body(), StandardCharsets.UTF_8);
        request.bodyText(json + TRAILING[random.nextInt(TRAILING.length)]);
        expect400(request, target.wholeBodyField());
    }

    public void notAnObject(FuzzRequest request, Random random) {
        request.bodyText(NON_OBJECT_ROOTS[random.nextInt(NON_OBJECT_ROOTS.length)]);
        expect400(request, target.wholeBodyField());
    }

    public void blankBody(FuzzRequest request, Random random) {
        String blank = BLANK_BODIES[random.nextInt(BLANK_BODIES.length)];
        request.bodyText(blank);
        // U+00A0 is not JSON white space, so the parser stops at it rather than finding the body empty.
        expect400(request, blank.equals("\u00a0") ? null : target.wholeBodyField());
    }

    /** Nests arrays or objects one level deeper than allowed, or thousands of levels, under an unknown key. */
    public void deepNesting(FuzzRequest request, Random random) {
        // At most 21,000 levels, so that the body stays under the size limit and the depth check is what rejects it.
        int levels = random.nextInt(4) == 0 ? 1_000 + random.nextInt(20_000)
                : target.maxNestingDepth() + random.nextInt(8);
        boolean arrays = random.nextBoolean();
        StringBuilder nested = new StringBuilder(levels * 7);
        for (int i = 0; i < levels; i++) {
            nested.append(arrays ? "[" : "{\"n\":");
        }
        nested.append("0");
        for (int i = 0; i < levels; i++) {
            nested.append(arrays ? "]" : "}");
        }
        String json = new String(request.body(), StandardCharsets.UTF_8);
        request.bodyText("{\"fuzz_nesting\":" + nested + "," + json.substring(1));
        request.category(request.category() + (arrays ? "/arrays" : "/objects"));
        expect400(request, null);
    }

    /** Puts an invalid or overlong UTF-8 sequence, or an encoded surrogate, inside a string value. */
    public void invalidUtf8(FuzzRequest request, Random random) {
        String json = new String(request.body(), StandardCharsets.UTF_8);
        int offset = JsonText.byteOffset(json, JsonText.insideStringValue(json, random));
        int[] sequence = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
        byte[] bad = new byte[sequence.length];
        for (int i = 0; i < sequence.length; i++) {
            bad[i] = (byte) sequence[i];
        }
        request.body(JsonText.insert(request.body(), offset, bad));
        expect400(request, target.wholeBodyField());
    }

    /** Sends the JSON as UTF-16 or UTF-32, or as UTF-8 behind a byte order mark. */
    public void otherEncoding(FuzzRequest request, Random random) {
        String json = new String(request.body(), StandardCharsets.UTF_8);
        switch (random.nextInt(4)) {
            case 0 -> request.body(json.getBytes(StandardCharsets.UTF_16LE));
            case 1 -> request.body(json.getBytes(StandardCharsets.UTF_16BE));
            case 2 -> request.body(json.getBytes(java.nio.charset.Charset.forName("UTF-32")));
            default -> request.body(JsonText.insert(request.body(), 0, new byte[] {(byte) 0xEF, (byte) 0xBB,
                (byte) 0xBF}));
        }
        expect400(request, null);
    }

    /** Puts an unescaped control character, NUL included, inside a string literal. */
    public void rawControlCharacter(FuzzRequest request, Random random) {
        String json = new String(request.body(), StandardCharsets.UTF_8);
        int at = JsonText.insideStringValue(json, random);
        char control = (char) random.nextInt(0x20);
        request.bodyText(json.substring(0, at) + control + json.substring(at));
        expect400(request, null);
    }

    public void invalidEscape(FuzzRequest request, Random random) {
        String json = new String(request.body(), StandardCharsets.UTF_8);
        int at = JsonText.insideStringValue(json, random);
        String escape = INVALID_ESCAPES[random.nextInt(INVALID_ESCAPES.length)];
        request.bodyText(json.substring(0, at) + escape + json.substring(at));
        expect400(request, null);
    }

    /**
     * Repeats the first key of a random object at the start of that object, spelled as sent or with one letter
     * written as a {@code \\u} escape, which names the same key.
     */
    public void duplicateKey(FuzzRequest request, Random random) {
        String json = new String(request.body(), StandardCharsets.UTF_8);
        List<Integer> objects = JsonText.structural(json, "{").stream()
                .filter(at -> json.charAt(at + 1) == '"')
                .toList();
        int open = objects.get(random.nextInt(objects.size()));
        int keyEnd = json.indexOf("\":", open + 2);
        String key = json.substring(open + 2, keyEnd);
        boolean escapable = !key.isEmpty() && key.charAt(0) < 0x80 && Character.isLetter(key.charAt(0));
        String spelled = escapable && random.nextBoolean()
                ? String.format("\\u%04x", (int) key.charAt(0)) + key.substring(1) : key;
        String[] values = {"1", "\"duplicate\"", "null", "{}", "[]", "true"};
        String repeated = "\"" + spelled + "\":" + values[random.nextInt(values.length)] + ",";
        request.bodyText(json.substring(0, open + 1) + repeated + json.substring(open + 1));
        expect400(request, null);
    }

    public void wrongContentType(FuzzRequest request, Random random) {
        int choice = random.nextInt(WRONG_CONTENT_TYPES.length + 1);
        if (choice == WRONG_CONTENT_TYPES.length) {
            request.removeHeader("Content-Type");
        } else {
            request.setHeader("Content-Type", WRONG_CONTENT_TYPES[choice]);
        }
        request.expect(415, target.errorCode(415), null);
    }

    public void wrongMethod(FuzzRequest request, Random random) {
        String method = OTHER_METHODS[random.nextInt(OTHER_METHODS.length)];
        request.method(method);
        if (method.equals("GET") || method.equals("OPTIONS")) {
            request.body(new byte[0]);
        }
        request.category(request.category() + "/" + method);
        request.expect(405, target.errorCode(405), null);
    }

    /**
     * Sends a body over the target's limit: just over it, or over 1 MiB, the HTTP server's former limit, as one
     * block or in chunks, signed as valid.
     */
    public void oversizedBody(FuzzRequest request, Random random) {
        int draw = random.nextInt(20);
        int size;
        if (draw < 8) {
            size = target.maxBodyBytes() + 1;
        } else if (draw < 14) {
            size = target.maxBodyBytes() + 1 + random.nextInt(64 * 1024);
        } else if (draw < 19) {
            size = 1024 * 1024 + 1 + random.nextInt(100 * 1024);
        } else {
            size = 2 * 1024 * 1024 + random.nextInt(1024 * 1024);
        }
        String json = new String(request.body(), StandardCharsets.UTF_8);
        String prefix = "{\"fuzz_padding\":\"";
        String suffix = "\"," + json.substring(1);
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'p');
        System.arraycopy(prefix.getBytes(StandardCharsets.UTF_8), 0, body, 0, prefix.length());
        byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tail, 0, body, size - tail.length, tail.length);
        request.body(body);
        if (random.nextBoolean()) {
            request.chunked(true).version(HttpClient.Version.HTTP_1_1);
            request.category(request.category() + "/chunked");
        }
        request.expect(413, target.errorCode(413), null);
    }

    public void brokenAuthentication(FuzzRequest request, Random random) {
        String way = target.auth().breakAuthentication(request, random);
        request.category(request.category() + "/" + way);
        request.expect(401, target.errorCode(401), null);
    }

    /**
     * Tries to smuggle a second header through a header value: line breaks (which the JDK client refuses to send),
     * tabs, obs-text bytes and a "Name: value" text. Authentication is broken too, so 401 is expected whether or
     * not the client sent the injected header.
     */
    public void headerInjection(FuzzRequest request, Random random) {
        String[] injections = {"\r\nX-Injected: 1", "\nX-Signature: t=1,v1=00", "\rX-Injected: 1",
            "\tX-Injected: 1", " X-Injected: 1", "\u00e9\u00ff", "\u0000", "\u007f",
            "\r\n\r\n{\"event_id\":\"smuggled\"}"};
        String injection = injections[random.nextInt(injections.length)];
        if (random.nextBoolean()) {
            // Every injection text leaves the media type something other than application/json.
            request.setHeader("Content-Type", "application/json" + injection);
            request.expect(415, target.errorCode(415), null);
            request.category(request.category() + "/content-type");
            return;
        }
        target.auth().breakAuthentication(request, random);
        request.addHeader(random.nextBoolean() ? "X-Forwarded-For" : "X-Request-Id", "10.0.0.1" + injection);
        request.expect(401, target.errorCode(401), null);
        request.category(request.category() + "/other-header");
    }

    /** Sends headers that are large but within the server's limit, with broken authentication. */
    public void oversizedHeaders(FuzzRequest request, Random random) {
        target.auth().breakAuthentication(request, random);
        int room = VERTX_MAX_HEADER_BYTES - 1_024 - headerBytes(request);
        int budget = Math.max(0, Math.min(2_000 + random.nextInt(4_500), room));
        if (random.nextBoolean()) {
            request.addHeader("X-Padding", "p".repeat(budget));
        } else {
            for (int i = 0; i < budget / 40; i++) {
                request.addHeader("X-Fuzz-" + i, "v".repeat(30));
            }
        }
        request.version(HttpClient.Version.HTTP_1_1);
        request.expect(401, target.errorCode(401), null);
    }

    /** Returns the size of the request's header lines as sent, an estimate that ignores the client's own headers. */
    static int headerBytes(FuzzRequest request) {
        int bytes = 0;
        for (var header : request.headers()) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    /**
     * Sends headers over the HTTP server's limit. Vert.x's HTTP decoder returns 431 with an empty body before any
     * application code runs, so no JSON body is expected. It then closes the connection without a
     * {@code Connection: close} header, so the case needs a connection of its own.
     */
    public void headersOverServerLimit(FuzzRequest request, Random random) {
        request.addHeader("X-Padding", "p".repeat(VERTX_MAX_HEADER_BYTES + 1 + random.nextInt(20_000)));
        request.version(HttpClient.Version.HTTP_1_1).useOwnConnection();
        request.expect(431, null, null);
    }
}
