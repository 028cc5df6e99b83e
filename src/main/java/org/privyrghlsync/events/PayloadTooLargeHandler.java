package org.privyrghlsync.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x failure handler that gives the HTTP server's own 413 response the receiver's JSON error body.
 *
 * <p>The platform-http server stops reading a body at {@code camel.server.max-body-size} and fails the request
 * with 413 before any Camel route runs, and Vert.x would send that 413 with a plain-text body. This handler writes
 * {@code {"error":"payload_too_large","reason":...}} instead, and passes every other failure on unchanged.
 */
public final class PayloadTooLargeHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadTooLargeHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxBodyBytes;

    /** Creates the handler for a server whose body limit is {@code maxBodyBytes}, which the error body names. */
    public PayloadTooLargeHandler(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(RoutingContext context) {
        if (context.statusCode() != 413 || context.response().headWritten()) {
            context.next();
            return;
        }
        String reason = "the body is " + declaredSize(context) + "; the limit is " + maxBodyBytes
                + " bytes (camel.server.max-body-size, which defaults to privyr.max-body-size)";
        LOG.info("Rejected a request to {} with 413 payload_too_large: {}", context.request().path(), reason);
        ObjectNode body = JSON.createObjectNode();
        body.put("error", EventReceiver.PAYLOAD_TOO_LARGE);
        body.put("reason", reason);
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body.toString());
    }

    /** Returns the size the client declared in Content-Length, or a phrase for a body sent in chunks. */
    private static String declaredSize(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return declared == null ? "larger than the limit" : Long.parseLong(declared) + " bytes";
        } catch (NumberFormatException e) {
            return "larger than the limit";
        }
    }
}
