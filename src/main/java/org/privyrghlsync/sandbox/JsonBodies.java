package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import io.vertx.ext.web.RoutingContext;

/**
 * Parser of JSON request bodies that reports malformed JSON as GHL's 400 error.
 */
final class JsonBodies {

    private JsonBodies() {
    }

    /** Returns the parsed body, or null when the request has no body. */
    static JsonNode parse(SandboxState state, RoutingContext context) {
        Buffer buffer = context.body().buffer();
        if (buffer == null || buffer.length() == 0) {
            return null;
        }
        try {
            return state.mapper.readTree(buffer.getBytes());
        } catch (JsonProcessingException e) {
            throw invalidJson(e.getOriginalMessage());
        } catch (IOException e) {
            throw invalidJson(e.getMessage());
        }
    }

    private static GhlApiException invalidJson(String detail) {
        ObjectNode body = GhlErrors.statusBody(400, "Invalid JSON in request body: " + detail);
        body.put("error", "Bad Request");
        return new GhlApiException(400, body);
    }
}
