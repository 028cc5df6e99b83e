package org.privyrghlsync.testing.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One generated request, built in steps: it starts as a valid request of the target, a case generator breaks it and
 * states the {@link Expectation}, and the target's {@link RequestAuth} then signs the final body unless the
 * generator broke the authentication itself.
 */
public final class FuzzRequest {

    private final int index;
    private final ObjectNode json;
    private String category = "valid";
    private String method = "POST";
    private String path;
    private String query = "";
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private byte[] body;
    private boolean chunked;
    private boolean authorize = true;
    private boolean ownConnection;
    private HttpClient.Version version = HttpClient.Version.HTTP_1_1;
    private Expectation expectation;

    /** Starts a request with {@code validBody}, or without a body and Content-Type when it is null. */
    FuzzRequest(int index, ObjectNode validBody, String contentType) {
        this.index = index;
        this.json = validBody;
        if (validBody == null) {
            body = new byte[0];
        } else {
            headers.add(Map.entry("Content-Type", contentType));
        }
    }

    public int index() {
        return index;
    }

    /** Returns the valid JSON body, for generators that change one part of it before it is serialised. */
    public ObjectNode json() {
        return json;
    }

    /** Returns the body as it will be sent: the bytes set by a generator, else the JSON tree as UTF-8. */
    public byte[] body() {
        return body != null ? body : json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces the body with raw bytes, which need not be JSON or UTF-8. */
    public FuzzRequest body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    /** Replaces the body with text sent as UTF-8. */
    public FuzzRequest bodyText(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    public String category() {
        return category;
    }

    public FuzzRequest category(String name) {
        this.category = name;
        return this;
    }

    public String method() {
        return method;
    }

    public FuzzRequest method(String name) {
        this.method = name;
        return this;
    }

    /** Returns the request path, or null for the target's path. */
    public String path() {
        return path;
    }

    /** Sends the request to {@code rawPath}, which must be valid URI text, instead of the target's path. */
    public FuzzRequest path(String rawPath) {
        this.path = rawPath;
        return this;
    }

    public String query() {
        return query;
    }

    /** Sets the query string, starting with {@code ?}, or empty for none. */
    public FuzzRequest query(String text) {
        this.query = text;
        return this;
    }

    /** Returns the headers in sending order; a name may repeat. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** Adds a header line, keeping any earlier line of the same name. */
    public FuzzRequest addHeader(String name, String value) {
        headers.add(Map.entry(name, value));
        return this;
    }

    /** Removes every line of the header, compared without case. */
    public FuzzRequest removeHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        headers.removeIf(header -> header.getKey().toLowerCase(Locale.ROOT).equals(lower));
        return this;
    }

    /** Replaces every line of the header with one line. */
    public FuzzRequest setHeader(String name, String value) {
        return removeHeader(name).addHeader(name, value);
    }

    public boolean chunked() {
        return chunked;
    }

    /** Sends the body without a Content-Length, in HTTP/1.1 chunks. */
    public FuzzRequest chunked(boolean enabled) {
        this.chunked = enabled;
        return this;
    }

    public boolean authorize() {
        return authorize;
    }

    /** Leaves the target's authentication out, for generators that set or break it themselves. */
    public FuzzRequest skipAuthorization() {
        this.authorize = false;
        return this;
    }

    public boolean ownConnection() {
        return ownConnection;
    }

    /**
     * Sends the request on a connection of its own, for a response after which the server closes the connection
     * without saying so: a pooled connection would then fail the next request that picks it up.
     */
    public FuzzRequest useOwnConnection() {
        this.ownConnection = true;
        return this;
    }

    public HttpClient.Version version() {
        return version;
    }

    public FuzzRequest version(HttpClient.Version httpVersion) {
        this.version = httpVersion;
        return this;
    }

    public Expectation expectation() {
        return expectation;
    }

    /** States the status, error code and, when known, the field the target must return. */
    public FuzzRequest expect(int status, String error, String field) {
        this.expectation = new Expectation(status, error, field);
        return this;
    }
}
