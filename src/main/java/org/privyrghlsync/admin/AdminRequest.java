package org.privyrghlsync.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of an admin API request that the handlers read, taken from the message before {@link AdminAuth} removes
 * every request header.
 *
 * @param pathId the {@code {id}} path parameter, or null on paths without one
 * @param rawQuery the query string as received, or null
 */
public record AdminRequest(String method, String path, String pathId, String rawQuery, String body) {

    /** Name of the exchange property that contains the request. */
    public static final String PROPERTY = "PrivyrGhlSyncAdminRequest";

    /**
     * Returns the decoded query parameters in request order; a repeated name keeps its last value.
     *
     * @throws IllegalArgumentException if the query string is not valid percent-encoding
     */
    public Map<String, String> queryParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }

    /**
     * Returns the {@code {id}} path parameter as a dead letter id.
     *
     * @throws IllegalArgumentException if it is not a positive whole number
     */
    public long deadLetterId() {
        try {
            long id = Long.parseLong(pathId);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Reported below with the expected form.
        }
        throw new IllegalArgumentException("Invalid dead letter id '" + pathId + "'; expected a whole number such as"
                + " 12");
    }
}
