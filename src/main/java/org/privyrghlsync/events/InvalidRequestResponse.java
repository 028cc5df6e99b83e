package org.privyrghlsync.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** The JSON 400 {@code invalid_request} response that the Vert.x handlers send before any route runs. */
final class InvalidRequestResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InvalidRequestResponse() {
    }

    /** Ends the request with 400 and {@code {"error":"invalid_request","field":...,"reason":...}}. */
    static void send(RoutingContext context, String field, String reason) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", "invalid_request");
        body.put("field", field);
        body.put("reason", reason);
        context.response()
                .setStatusCode(400)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body.toString());
    }
}
