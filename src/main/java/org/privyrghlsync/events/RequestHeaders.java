package org.privyrghlsync.events;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The request method and the request headers that the receiver checks, each header with every value it was sent
 * with.
 *
 * <p>On the platform-http server the values come from the Vert.x request itself. Camel's message headers are not
 * used there, because platform-http also copies query parameters into them, so that {@code ?X-Signature=...} would
 * pose as a header and a query {@code Content-Type} would join the real one.
 */
record RequestHeaders(String method, List<String> contentTypes, List<String> contentEncodings,
        List<String> signatures) {

    static final String CONTENT_TYPE = "Content-Type";
    static final String CONTENT_ENCODING = "Content-Encoding";

    /** Reads the method and headers of the request behind {@code message}. */
    static RequestHeaders of(Message message) {
        if (message instanceof HttpMessage http && http.getRequest() != null) {
            HttpServerRequest request = http.getRequest();
            MultiMap headers = request.headers();
            return new RequestHeaders(request.method().name(), headers.getAll(CONTENT_TYPE),
                    headers.getAll(CONTENT_ENCODING), headers.getAll(WebhookSignature.HEADER_NAME));
        }
        return new RequestHeaders(message.getHeader(Exchange.HTTP_METHOD, "POST", String.class),
                camelHeader(message, CONTENT_TYPE), camelHeader(message, CONTENT_ENCODING),
                camelHeader(message, WebhookSignature.HEADER_NAME));
    }

    /** Returns a Camel message header as a list: empty when absent, one entry per value when repeated. */
    private static List<String> camelHeader(Message message, String name) {
        Object value = message.getHeader(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return List.of(value.toString());
    }
}
