package org.privyrghlsync.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request served by the sandbox, with the status it received.
 *
 * @param method HTTP method, upper case
 * @param path request path without the query string
 * @param query raw query string, or null when the URL has none
 * @param status HTTP status of the response, or 0 when a fault closed the connection before any response
 * @param time when the request arrived
 * @param body request body as UTF-8 text, empty when there was none
 * @param headers request headers keyed by lower-case name, including {@code authorization}
 */
public record RecordedRequest(String method, String path, String query, int status, Instant time, String body,
                              Map<String, List<String>> headers) {

    /** Returns the first value of a request header, matched case-insensitively, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
