package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builder of the sandbox's Vert.x router: request recording, fault injection, the GHL routes and error mapping.
 */
final class SandboxRouter {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxRouter.class);
    private static final long MAX_BODY_BYTES = 1024 * 1024;
    private static final String ADMIN_PREFIX = "/_sandbox/";

    private final SandboxState state;
    private final HttpResponses responses;
    private final FaultHandlers faults;

    SandboxRouter(SandboxState state) {
        this.state = state;
        this.responses = new HttpResponses(state);
        this.faults = new FaultHandlers(state, responses);
    }

    Router create(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.route().handler(this::recordAndInjectFaults);

        OAuthTokenHandler oauth = new OAuthTokenHandler(state, responses);
        router.post("/oauth/token").handler(oauth::handle);
        router.post("/oauth/locationToken").handler(oauth::locationToken);
        router.get("/_sandbox/requests").handler(this::listRequests);
        router.delete("/_sandbox/requests").handler(this::clearRequests);
        router.get("/_sandbox/faults").handler(faults::list);
        router.post("/_sandbox/faults").handler(faults::add);
        router.delete("/_sandbox/faults").handler(faults::clear);
        router.delete("/_sandbox/faults/:id").handler(faults::remove);

        ContactsGuard guard = new ContactsGuard(state, responses);
        ContactHandlers contacts = new ContactHandlers(state, responses);
        ContactQueryHandlers queries = new ContactQueryHandlers(state, responses);
        router.routeWithRegex("/contacts(/.*)?").handler(guard::handle);
        router.routeWithRegex("/locations/.*").handler(guard::handle);
        router.get("/locations/:locationId/customFields").handler(new CustomFieldHandlers(state, responses)::list);
        for (String root : List.of("/contacts", "/contacts/")) {
            router.post(root).handler(contacts::create);
            router.get(root).handler(queries::list);
        }
        router.post("/contacts/search").handler(queries::search);
        router.get("/contacts/search/duplicate").handler(queries::duplicate);
        // Registered before the /contacts/{contactId}/... routes, which would otherwise take "business" as an id.
        router.get("/contacts/business/:businessId").handler(new BusinessContactHandlers(state, responses)::list);
        router.post("/contacts/upsert").handler(contacts::upsert);
        router.get("/contacts/:contactId").handler(contacts::get);
        router.put("/contacts/:contactId").handler(contacts::update);
        router.delete("/contacts/:contactId").handler(contacts::delete);
        router.post("/contacts/:contactId/tags").handler(contacts::addTags);
        router.delete("/contacts/:contactId/tags").handler(contacts::removeTags);
        addContactRecordRoutes(router);

        router.route().last().handler(context -> responses.json(context, 404,
                GhlErrors.routeNotFound(context.request().method().name(), context.request().path())));
        router.route().failureHandler(this::handleFailure);
        return router;
    }

    /** Adds the routes of a contact's tasks, notes and appointments. */
    private void addContactRecordRoutes(Router router) {
        TaskHandlers tasks = new TaskHandlers(state, responses);
        router.get("/contacts/:contactId/tasks").handler(tasks::list);
        router.post("/contacts/:contactId/tasks").handler(tasks::create);
        router.get("/contacts/:contactId/tasks/:taskId").handler(tasks::get);
        router.put("/contacts/:contactId/tasks/:taskId").handler(tasks::update);
        router.put("/contacts/:contactId/tasks/:taskId/completed").handler(tasks::updateCompleted);
        router.delete("/contacts/:contactId/tasks/:taskId").handler(tasks::delete);

        NoteHandlers notes = new NoteHandlers(state, responses);
        router.get("/contacts/:contactId/notes").handler(notes::list);
        router.post("/contacts/:contactId/notes").handler(notes::create);
        router.get("/contacts/:contactId/notes/:id").handler(notes::get);
        router.put("/contacts/:contactId/notes/:id").handler(notes::update);
        router.delete("/contacts/:contactId/notes/:id").handler(notes::delete);

        router.get("/contacts/:contactId/appointments").handler(new AppointmentHandlers(state, responses)::list);
    }

    /**
     * Records the request when its response is sent, and applies the first injected fault that matches it. A
     * request whose connection a fault closes before any response is recorded with status 0.
     */
    private void recordAndInjectFaults(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        if (path.startsWith(ADMIN_PREFIX)) {
            context.next();
            return;
        }
        Instant arrived = state.clock.instant();
        // Recording before the headers are written makes a request visible to a client that has its response.
        context.addHeadersEndHandler(unused -> state.requestLog.add(record(context, arrived,
                context.response().getStatusCode())));
        FaultInjector.Fault fault = state.faults.take(request.method().name(), path);
        if (fault == null) {
            context.next();
            return;
        }
        faults.apply(context, fault, () -> state.requestLog.add(record(context, arrived, 0)));
    }

    private RecordedRequest record(RoutingContext context, Instant arrived, int status) {
        HttpServerRequest request = context.request();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        // Interning the few distinct header names keeps a full log of 200,000 entries smaller.
        request.headers().forEach(header -> headers
                .computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT).intern(), key -> new ArrayList<>(1))
                .add(header.getValue()));
        Buffer body = context.body().buffer();
        return new RecordedRequest(request.method().name(), request.path(), request.query(), status, arrived,
                body == null ? "" : body.toString(), Map.copyOf(headers));
    }

    private void listRequests(RoutingContext context) {
        ArrayNode entries = GhlErrors.JSON.arrayNode();
        for (RecordedRequest request : state.requestLog.snapshot()) {
            ObjectNode entry = entries.addObject();
            entry.put("method", request.method());
            entry.put("path", request.path());
            entry.put("status", request.status());
            entry.put("time", request.time().toString());
        }
        responses.json(context, 200, entries);
    }

    private void clearRequests(RoutingContext context) {
        state.requestLog.clear();
        context.response().setStatusCode(204).end();
    }

    private void handleFailure(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure instanceof GhlApiException error) {
            LOG.debug("Sandbox rejected {} {} with status {}", context.request().method(), context.request().path(),
                    error.status());
            responses.error(context, error);
            return;
        }
        int status = context.statusCode() > 0 ? context.statusCode() : 500;
        if (status == 413) {
            responses.json(context, 413, GhlErrors.statusBody(413, "request entity too large"));
            return;
        }
        LOG.warn("Sandbox handler failed on {} {} with status {}", context.request().method(),
                context.request().path(), status, failure);
        responses.json(context, status, GhlErrors.statusBody(status,
                failure == null ? "Internal server error" : "Internal server error: " + failure.getMessage()));
    }
}
