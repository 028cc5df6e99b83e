package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Writer of JSON responses that applies the configured latency before each response.
 */
final class HttpResponses {

    private final SandboxState state;

    HttpResponses(SandboxState state) {
        this.state = state;
    }

    void json(RoutingContext context, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = state.mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Failed to serialize a response body", e);
        }
        raw(context, status, Buffer.buffer(bytes));
    }

    /** Sends {@code {"<key>": value}}, the wrapper that GHL puts around most single objects and lists. */
    void wrapped(RoutingContext context, int status, String key, JsonNode value) {
        json(context, status, GhlErrors.JSON.objectNode().set(key, value));
    }

    /** Sends 200 {@code {"succeded": true}}, spelled as GHL's delete endpoints spell it. */
    void succeded(RoutingContext context) {
        json(context, 200, GhlErrors.JSON.objectNode().put("succeded", true));
    }

    void error(RoutingContext context, GhlApiException error) {
        json(context, error.status(), error.body());
    }

    /** Sends bytes that are already JSON, such as the body of an injected fault. */
    void raw(RoutingContext context, int status, Buffer body) {
        HttpServerResponse response = context.response();
        response.setStatusCode(status);
        response.putHeader("Content-Type", "application/json; charset=utf-8");
        if (state.latencyMillis > 0) {
            context.vertx().setTimer(state.latencyMillis, timer -> endIfOpen(response, body));
        } else {
            response.end(body);
        }
    }

    private static void endIfOpen(HttpServerResponse response, Buffer body) {
        if (!response.ended() && !response.closed()) {
            response.end(body);
        }
    }
}
