package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.privyrghlsync.ghl.SecretRedaction;
import org.privyrghlsync.mapping.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /_sandbox/faults} (GET lists, POST adds, DELETE clears) and applies a fault to the request it
 * matched.
 */
final class FaultHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(FaultHandlers.class);

    private final SandboxState state;
    private final HttpResponses responses;

    FaultHandlers(SandboxState state, HttpResponses responses) {
        this.state = state;
        this.responses = responses;
    }

    void list(RoutingContext context) {
        ArrayNode entries = GhlErrors.JSON.arrayNode();
        for (FaultInjector.Fault fault : state.faults.list()) {
            entries.add(describe(fault));
        }
        responses.json(context, 200, entries);
    }

    void add(RoutingContext context) {
        FaultSpec spec;
        try {
            JsonNode body = state.mapper.readTree(context.body().asString());
            spec = FaultSpec.fromJson(body);
        } catch (JsonProcessingException e) {
            responses.json(context, 400, GhlErrors.statusBody(400, "The body is not valid JSON: "
                    + e.getOriginalMessage()));
            return;
        } catch (IllegalArgumentException | NullPointerException e) {
            responses.json(context, 400, GhlErrors.statusBody(400, "Invalid fault: " + e.getMessage()));
            return;
        }
        FaultInjector.Fault fault = state.faults.add(spec);
        LOG.info("GHL sandbox injects fault {}: {}", fault.id(),
                Masking.maskPersonalData(SecretRedaction.redact(spec.toJson().toString())));
        responses.json(context, 201, describe(fault));
    }

    void clear(RoutingContext context) {
        state.faults.clear();
        context.response().setStatusCode(204).end();
    }

    void remove(RoutingContext context) {
        long id;
        try {
            id = Long.parseLong(context.pathParam("id"));
        } catch (NumberFormatException e) {
            responses.json(context, 404, GhlErrors.statusBody(404, "Fault " + context.pathParam("id")
                    + " not found"));
            return;
        }
        if (state.faults.remove(id)) {
            context.response().setStatusCode(204).end();
        } else {
            responses.json(context, 404, GhlErrors.statusBody(404, "Fault " + id + " not found"));
        }
    }

    /**
     * Applies the fault to the request. A fault of kind delay or disconnect-after passes the request on to its
     * handler; every other kind ends the request here.
     */
    void apply(RoutingContext context, FaultInjector.Fault fault, Runnable recordWithoutResponse) {
        FaultSpec spec = fault.spec();
        HttpServerResponse response = context.response();
        switch (spec.kind()) {
            case STATUS -> {
                putRetryAfter(response, spec);
                String body = spec.body() != null ? spec.body()
                        : GhlErrors.statusBody(spec.status(), HttpResponseStatus.valueOf(spec.status())
                                .reasonPhrase()).toString();
                responses.raw(context, spec.status(), Buffer.buffer(body));
            }
            case RATE_LIMITED -> {
                putRetryAfter(response, spec);
                SandboxConfig config = state.config;
                response.putHeader("X-RateLimit-Max", Integer.toString(config.rateLimitMax()));
                response.putHeader("X-RateLimit-Remaining", "0");
                response.putHeader("X-RateLimit-Interval-Milliseconds",
                        Long.toString(config.rateLimitWindow().toMillis()));
                responses.json(context, 429, GhlErrors.tooManyRequests());
            }
            case DELAY -> context.vertx().setTimer(spec.delayMillis(), timer -> context.next());
            case TIMEOUT -> context.vertx().setTimer(spec.delayMillis(), timer -> responses.json(context, 504,
                    GhlErrors.statusBody(504, "Gateway Timeout")));
            case DISCONNECT_BEFORE -> {
                recordWithoutResponse.run();
                context.request().connection().close();
            }
            case DISCONNECT_AFTER -> {
                context.addHeadersEndHandler(unused -> context.request().connection().close());
                context.next();
            }
            default -> throw new IllegalStateException("Unknown fault kind " + spec.kind());
        }
    }

    private static void putRetryAfter(HttpServerResponse response, FaultSpec spec) {
        if (spec.retryAfterSeconds() != null) {
            response.putHeader("Retry-After", Integer.toString(spec.retryAfterSeconds()));
        }
    }

    private static ObjectNode describe(FaultInjector.Fault fault) {
        ObjectNode json = GhlErrors.JSON.objectNode();
        json.put("id", fault.id());
        json.setAll(fault.spec().toJson());
        json.put("matched", fault.matched());
        json.put("used", fault.used());
        return json;
    }
}
