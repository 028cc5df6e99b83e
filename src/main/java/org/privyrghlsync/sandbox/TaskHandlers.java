package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

/**
 * Handlers of the task endpoints under {@code /contacts/{contactId}/tasks}, with GHL's {@code task} and
 * {@code tasks} wrappers. A task is {@code {id, title, body, assignedTo, dueDate, completed, contactId}}, without
 * {@code body} or {@code assignedTo} when they are not set.
 */
final class TaskHandlers {

    private static final ContactRecords.Kind TASK = ContactRecords.Kind.TASK;

    private final SandboxState state;
    private final HttpResponses responses;

    TaskHandlers(SandboxState state, HttpResponses responses) {
        this.state = state;
        this.responses = responses;
    }

    /** Handles {@code GET /contacts/{contactId}/tasks}: 200 {@code {"tasks"}} in creation order. */
    void list(RoutingContext context) {
        String contactId = ContactsGuard.requireContact(state, context).id();
        ArrayNode tasks = GhlErrors.JSON.arrayNode();
        state.contacts.records().list(contactId, TASK).forEach(tasks::add);
        responses.wrapped(context, 200, "tasks", tasks);
    }

    /** Handles {@code POST /contacts/{contactId}/tasks}: 201 {@code {"task"}}. */
    void create(RoutingContext context) {
        ObjectNode body = validatedBody(context, RecordDtoValidator.Dto.CREATE_TASK);
        String contactId = ContactsGuard.requireContact(state, context).id();
        ObjectNode task = state.contacts.records().add(contactId, TASK, id -> {
            ObjectNode created = GhlErrors.JSON.objectNode();
            created.put("id", id);
            RecordDtoValidator.copyFields(created, body);
            created.put("contactId", contactId);
            return created;
        });
        responses.wrapped(context, 201, "task", task);
    }

    void get(RoutingContext context) {
        String contactId = ContactsGuard.requireContact(state, context).id();
        ObjectNode task = state.contacts.records().get(contactId, TASK, context.pathParam("taskId"));
        responses.wrapped(context, 200, "task", task);
    }

    /**
     * Handles {@code PUT /contacts/{contactId}/tasks/{taskId}}: 200 {@code {"task"}}. A dueDate with a fractional
     * second part gets 422, which models what GHL is reported to do when a client echoes its own dueDate back.
     */
    void update(RoutingContext context) {
        change(context, RecordDtoValidator.Dto.UPDATE_TASK);
    }

    /** Handles {@code PUT /contacts/{contactId}/tasks/{taskId}/completed}: 200 {@code {"task"}}. */
    void updateCompleted(RoutingContext context) {
        change(context, RecordDtoValidator.Dto.UPDATE_TASK_STATUS);
    }

    /** Handles {@code DELETE /contacts/{contactId}/tasks/{taskId}}: 200 {@code {"succeded": true}}. */
    void delete(RoutingContext context) {
        String contactId = ContactsGuard.requireContact(state, context).id();
        state.contacts.records().remove(contactId, TASK, context.pathParam("taskId"));
        responses.succeded(context);
    }

    private void change(RoutingContext context, RecordDtoValidator.Dto dto) {
        ObjectNode body = validatedBody(context, dto);
        String contactId = ContactsGuard.requireContact(state, context).id();
        ObjectNode task = state.contacts.records().update(contactId, TASK, context.pathParam("taskId"), current -> {
            RecordDtoValidator.copyFields(current, body);
            return current;
        });
        responses.wrapped(context, 200, "task", task);
    }

    /** Returns the validated body with {@code dueDate} already in the UTC millisecond form that GHL reads back. */
    private ObjectNode validatedBody(RoutingContext context, RecordDtoValidator.Dto dto) {
        ObjectNode body = RecordDtoValidator.validate(JsonBodies.parse(state, context), dto);
        if (body.hasNonNull("dueDate")) {
            body.put("dueDate", RecordDtoValidator.normalizeDueDate(body.get("dueDate").asText()));
        }
        return body;
    }
}
