package org.privyrghlsync.events;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.privyrghlsync.mapping.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x failure handler that gives the 400 response to a query string with a broken {@code %} escape, such as
 * {@code ?x=%ZZ}, the product's JSON error body.
 *
 * <p>platform-http reads the query parameters of every request before any Camel route runs, and Vert.x Web fails the
 * request with 400 when Netty's decoder rejects the query string. The management server's health check reads the
 * query itself, and fails with the decoder's exception. Vert.x would send a plain-text 400 or 500 and log it as an
 * unhandled error with a stack trace. This handler writes
 * {@code {"error":"invalid_request","field":"query","reason":...}} and logs at most one line a minute, and passes
 * every other failure on unchanged.
 */
public final class InvalidQueryHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidQueryHandler.class);
    // Netty's decoder rejects only a '%' that is cut short or not followed by hex digits. It replaces bytes that are
    // not UTF-8, so those reach the routes, and the admin API rejects them with the same error code.
    private static final String REASON = "The query string is invalid: '%' must be followed by two hexadecimal"
            + " digits; percent-encode each name and value as UTF-8";

    private final LogLimiter logLimiter = new LogLimiter(Duration.ofMinutes(1));

    @Override
    public void handle(RoutingContext context) {
        boolean queryFailure = context.statusCode() == 400 || context.failure() instanceof IllegalArgumentException;
        if (!queryFailure || context.response().headWritten() || !hasInvalidQuery(context.request())) {
            context.next();
            return;
        }
        long heldBack = logLimiter.tryLog();
        if (heldBack >= 0) {
            LOG.info("Rejected a request to {} with 400 invalid_request: its query string has a '%' that is not"
                    + " followed by two hexadecimal digits{}", Masking.maskPersonalData(context.request().path()),
                    LogLimiter.heldBackNote(heldBack));
        }
        InvalidRequestResponse.send(context, "query", REASON);
    }

    /** Returns true when Netty's decoder, which Vert.x Web uses for query parameters, rejects the query string. */
    private static boolean hasInvalidQuery(HttpServerRequest request) {
        if (request.query() == null) {
            return false;
        }
        try {
            new QueryStringDecoder(request.uri()).parameters();
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
