package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

/**
 * Handlers of the task endpoints under {@code /contacts/{contactId}/tasks}, with GHL's {@code task} and
 * {@code tasks} wrappers. A task is {@code {id, title, body, assignedTo, dueDate, completed, contactId}}, without
 * {@code body} or {@code assignedTo} when they are not set.
 */
final class TaskHandlers extends ContactRecordHandlers {

    TaskHandlers(SandboxState state, HttpResponses responses) {
        super(state, responses, ContactRecords.Kind.TASK, "task", "tasks", "taskId");
    }

    /** Handles {@code POST /contacts/{contactId}/tasks}: 201 {@code {"task"}}. */
    void create(RoutingContext context) {
        create(context, RecordDtoValidator.Dto.CREATE_TASK, (id, contactId, body) -> {
            ObjectNode task = GhlErrors.JSON.objectNode();
            task.put("id", id);
            RecordDtoValidator.copyFields(task, body);
            task.put("contactId", contactId);
            return task;
        });
    }

    /**
     * Handles {@code PUT /contacts/{contactId}/tasks/{taskId}}: 200 {@code {"task"}}. A dueDate with a fractional
     * second part gets 422, which models what GHL is reported to do when a client echoes its own dueDate back.
     */
    void update(RoutingContext context) {
        update(context, RecordDtoValidator.Dto.UPDATE_TASK);
    }

    /** Handles {@code PUT /contacts/{contactId}/tasks/{taskId}/completed}: 200 {@code {"task"}}. */
    void updateCompleted(RoutingContext context) {
        update(context, RecordDtoValidator.Dto.UPDATE_TASK_STATUS);
    }

    /** Returns the validated body with {@code dueDate} already in the UTC millisecond form that GHL reads back. */
    @Override
    protected ObjectNode validatedBody(RoutingContext context, RecordDtoValidator.Dto dto) {
        ObjectNode body = super.validatedBody(context, dto);
        if (body.hasNonNull("dueDate")) {
            body.put("dueDate", RecordDtoValidator.normalizeDueDate(body.get("dueDate").asText()));
        }
        return body;
    }
}
