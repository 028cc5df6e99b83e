package org.privyrghlsync.ghl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redaction of tokens and secrets in text that GHL sent back, such as an error message or body, before it is logged
 * or stored with a dead letter. A server may echo part of the request in its error, and the request carried the
 * token.
 */
public final class SecretRedaction {

    /** Text that replaces each secret. */
    public static final String REDACTED = "[redacted]";

    /** Secrets shorter than this are not searched for, because they would match ordinary words. */
    private static final int MIN_SECRET_LENGTH = 8;

    // A Bearer credential, a JSON Web Token (three base64url parts, the first one a JSON object), and a private
    // integration token (pit- and a UUID), whatever request they came from.
    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]+");
    // No word boundary before a JWT: a percent escape such as %3D can come right before it.
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Pattern PRIVATE_TOKEN = Pattern.compile("\\bpit-[0-9A-Fa-f-]{8,}");

    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretRedaction() {
    }

    /**
     * Returns a response body with the secrets of {@link #redact} removed. A JSON body is redacted value by value after
     * its escapes are decoded, because an escaped token such as {@code pit\u002d...} would pass a search of the raw
     * text and decode back to the token. Such a body is written again in compact JSON.
     */
    public static String redactBody(String body, String... secrets) {
        if (body == null || body.isBlank()) {
            return body;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return redact(body, secrets);
        }
        // A JSON string on its own can carry escapes as well; numbers, booleans and null carry no token.
        if (tree == null || !(tree.isContainerNode() || tree.isTextual())) {
            return redact(body, secrets);
        }
        return redact(redactValues(tree, secrets).toString(), secrets);
    }

    private static JsonNode redactValues(JsonNode node, String[] secrets) {
        if (node.isTextual()) {
            return TextNode.valueOf(redact(node.asText(), secrets));
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JSON.createObjectNode();
            object.fields().forEachRemaining(field -> copy.set(redact(field.getKey(), secrets),
                    redactValues(field.getValue(), secrets)));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JSON.createArrayNode();
            array.forEach(item -> copy.add(redactValues(item, secrets)));
            return copy;
        }
        return node;
    }

    /**
     * Returns {@code text} with each of {@code secrets} and every Bearer credential, JSON Web Token and private
     * integration token replaced by {@value #REDACTED}. Null stays null.
     */
    public static String redact(String text, String... secrets) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String redacted = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
                redacted = redacted.replace(secret, REDACTED);
            }
        }
        redacted = BEARER.matcher(redacted).replaceAll(Matcher.quoteReplacement("Bearer " + REDACTED));
        redacted = JWT.matcher(redacted).replaceAll(Matcher.quoteReplacement(REDACTED));
        return PRIVATE_TOKEN.matcher(redacted).replaceAll(Matcher.quoteReplacement(REDACTED));
    }
}
