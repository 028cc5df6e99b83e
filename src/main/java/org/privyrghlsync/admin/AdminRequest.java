package org.privyrghlsync.admin;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an admin API request that the handlers read, taken from the HTTP request before {@link AdminAuth}
 * removes every request header. The Authorization header is not kept.
 *
 * @param path the request path as received, without the query
 * @param pathId the {@code {id}} path parameter, or null on paths without one
 * @param rawQuery the query string as received, or null
 * @param contentTypes every Content-Type header of the request, in order
 * @param body the request body as received, empty when there is none
 */
public record AdminRequest(String method, String path, String pathId, String rawQuery, List<String> contentTypes,
        byte[] body) {

    /** Name of the exchange property that contains the request. */
    public static final String PROPERTY = "PrivyrGhlSyncAdminRequest";

    /**
     * Returns the decoded query parameters in request order.
     *
     * @throws InvalidParameterException if a name is repeated, or the query string is not valid percent-encoded
     *     UTF-8
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
            String name = decodeQueryPart(parts[0]);
            String value = parts.length == 2 ? decodeQueryPart(parts[1]) : "";
            if (parameters.put(name, value) != null) {
                throw new InvalidParameterException(name, "Parameter '" + InvalidParameterException.clip(name)
                        + "' is given more than once; give each parameter once");
            }
        }
        return parameters;
    }

    /**
     * Returns the {@code {id}} path parameter as a dead letter id.
     *
     * @throws InvalidParameterException if it is not a positive whole number
     */
    public long deadLetterId() {
        return parseDeadLetterId(pathId);
    }

    /**
     * Parses a dead letter id as the admin API and the {@code dead-letters} command accept it.
     *
     * @throws InvalidParameterException if {@code text} is not a positive whole number
     */
    public static long parseDeadLetterId(String text) {
        // Long.parseLong alone would also take "+1" and digits of other scripts, such as a full-width 1.
        boolean asciiDigits = text != null && !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
        try {
            long id = asciiDigits ? Long.parseLong(text) : 0;
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Reported below with the expected form.
        }
        throw new InvalidParameterException("id", "Invalid dead letter id '"
                + InvalidParameterException.clip(String.valueOf(text)) + "'; expected a whole number from 1 to "
                + Long.MAX_VALUE + ", such as 12");
    }

    /**
     * Decodes one name or value of a query string. Unlike {@link java.net.URLDecoder}, it rejects a {@code %} escape
     * that is cut short and bytes that are not UTF-8, instead of passing them on or replacing them.
     */
    private static String decodeQueryPart(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(encoded.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    throw invalidQuery("'%' must be followed by two hexadecimal digits");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                byte[] encodedChar = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encodedChar, 0, encodedChar.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw invalidQuery("a percent-encoded value is not UTF-8");
        }
    }

    private static InvalidParameterException invalidQuery(String problem) {
        return new InvalidParameterException("query", "The query string is invalid: " + problem
                + "; percent-encode each name and value as UTF-8");
    }
}
