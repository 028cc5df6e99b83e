package org.privyrghlsync.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.privyrghlsync.mapping.Masking;
import org.privyrghlsync.mapping.MappingException;
import org.privyrghlsync.mapping.ReloadableMappings;
import org.privyrghlsync.store.JobRunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handlers of the admin API routes in {@code routes/admin-api.yaml}. Each reads the {@link AdminRequest} that
 * {@link AdminAuth} kept, calls {@link DeadLetterService} or the mappings, and sets a JSON response. {@link #failure}
 * turns every exception into a JSON error with its HTTP status.
 */
public final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    private final DeadLetterService deadLetters;
    private final ReloadableMappings mappings;
    private final ObjectMapper json;
    private final JobRunStore jobRuns;
    private final DeadLetterJson bodies;
    private final JobsJson jobBodies;
    private final ReplayBody replayBody;

    public AdminApi(DeadLetterService deadLetters, ReloadableMappings mappings, JobRunStore jobRuns,
            ObjectMapper json) {
        this.deadLetters = deadLetters;
        this.mappings = mappings;
        this.jobRuns = jobRuns;
        this.json = json;
        this.bodies = new DeadLetterJson(json);
        this.jobBodies = new JobsJson(json);
        this.replayBody = new ReplayBody(json);
    }

    /** GET /admin/dead-letters with the filters as query parameters. */
    public void listDeadLetters(Exchange exchange) {
        AdminRequest request = request(exchange, "GET");
        respond(exchange, 200, bodies.listing(deadLetters.list(FilterParameters.forList(request.queryParameters()))));
    }

    /** GET /admin/dead-letters/{id} shows the dead letter, and DELETE discards it. */
    public void deadLetter(Exchange exchange) {
        AdminRequest request = request(exchange, "GET", "DELETE");
        long id = request.deadLetterId();
        if (request.method().equals("GET")) {
            respond(exchange, 200, bodies.detail(deadLetters.show(id)));
        } else {
            respond(exchange, 200, bodies.detail(deadLetters.discard(id)));
        }
    }

    /** POST /admin/dead-letters/{id}/replay. */
    public void replayDeadLetter(Exchange exchange) {
        respond(exchange, 202, bodies.replay(deadLetters.replay(request(exchange, "POST").deadLetterId())));
    }

    /** POST /admin/dead-letters/replay with a JSON object of filters, or {@code {"all": true}}. */
    public void replayDeadLetters(Exchange exchange) {
        Map<String, String> values = replayBody.fields(request(exchange, "POST"));
        respond(exchange, 202, bodies.replay(deadLetters.replayMatching(FilterParameters.forReplay(values))));
    }

    /** POST /admin/dead-letters/{id}/discard. */
    public void discardDeadLetter(Exchange exchange) {
        respond(exchange, 200, bodies.detail(deadLetters.discard(request(exchange, "POST").deadLetterId())));
    }

    /** POST /admin/mappings/reload: reads mappings/contact.yaml and mappings/task.yaml again. */
    public void reloadMappings(Exchange exchange) {
        request(exchange, "POST");
        ReloadableMappings.Loaded loaded;
        try {
            loaded = mappings.reload();
        } catch (MappingException e) {
            throw new AdminException(422, "invalid_mapping", "The mappings were not reloaded and the ones in use"
                    + " stay: " + e.getMessage());
        }
        ObjectNode body = json.createObjectNode();
        body.put("contact_mapping", loaded.contact().source());
        body.put("task_mapping", loaded.task().source());
        body.put("loaded_at", loaded.loadedAt().toString());
        respond(exchange, 200, body);
    }

    /** GET /admin/jobs: each scheduled job's schedule and latest run, and the nodes of the job cluster. */
    public void listJobs(Exchange exchange) {
        AdminRequest request = request(exchange, "GET");
        if (!request.queryParameters().isEmpty()) {
            String name = request.queryParameters().keySet().iterator().next();
            throw new InvalidParameterException(name, "GET /admin/jobs takes no query parameters; remove '"
                    + InvalidParameterException.clip(name) + "'");
        }
        respond(exchange, 200, jobBodies.listing(jobRuns));
    }

    /** Any other path under /admin/. */
    public void unknownPath(Exchange exchange) {
        AdminRequest request = request(exchange, "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD");
        throw AdminException.notFound("No admin endpoint has the path '" + InvalidParameterException.clip(
                String.valueOf(request.path())) + "'; the endpoints are under /admin/dead-letters,"
                + " /admin/jobs and /admin/mappings/reload");
    }

    /** Sets the JSON error response for the exception that the route caught. */
    public void failure(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        AdminRequest request = exchange.getProperty(AdminRequest.PROPERTY, AdminRequest.class);
        exchange.getMessage().removeHeaders("*");
        AdminException rejected = find(caught, AdminException.class);
        if (rejected != null) {
            respond(exchange, rejected.status(), bodies.error(rejected.error(), rejected.getMessage()));
            if (rejected.status() == 401) {
                exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            }
            if (rejected.allow() != null) {
                exchange.getMessage().setHeader("Allow", rejected.allow());
            }
            return;
        }
        InvalidParameterException invalidParameter = find(caught, InvalidParameterException.class);
        if (invalidParameter != null) {
            ObjectNode body = bodies.error("invalid_request", invalidParameter.getMessage());
            body.put("field", invalidParameter.field());
            respond(exchange, 400, body);
            return;
        }
        IllegalArgumentException invalid = find(caught, IllegalArgumentException.class);
        if (invalid != null) {
            respond(exchange, 400, bodies.error("invalid_request", invalid.getMessage()));
            return;
        }
        String target = request == null ? "an admin request" : request.method() + " " + request.path();
        LOG.error("Handling {} failed: {}", target, Masking.maskPersonalData(String.valueOf(caught)));
        respond(exchange, 500, bodies.error("internal_error", "Handling the request failed inside the runtime; the"
                + " runtime log has the error"));
    }

    /** Returns the request that {@link AdminAuth} kept, after checking that its method is one of {@code allowed}. */
    private static AdminRequest request(Exchange exchange, String... allowed) {
        AdminRequest request = exchange.getProperty(AdminRequest.PROPERTY, AdminRequest.class);
        if (request == null) {
            throw new IllegalStateException("The route has no adminAuth step before this handler");
        }
        if (!List.of(allowed).contains(request.method())) {
            throw AdminException.methodNotAllowed(request.method(), List.of(allowed));
        }
        return request;
    }

    private static void respond(Exchange exchange, int status, ObjectNode body) {
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body.toString());
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
