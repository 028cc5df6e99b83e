package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

/**
 * Handlers of the note endpoints under {@code /contacts/{contactId}/notes}, with GHL's {@code note} and
 * {@code notes} wrappers. A note is {@code {id, body, userId, dateAdded, contactId, title, color, pinned}}, without
 * {@code userId}, {@code title} or {@code color} when they are not set, and {@code pinned} is false by default.
 */
final class NoteHandlers {

    private static final ContactRecords.Kind NOTE = ContactRecords.Kind.NOTE;

    private final SandboxState state;
    private final HttpResponses responses;

    NoteHandlers(SandboxState state, HttpResponses responses) {
        this.state = state;
        this.responses = responses;
    }

    /** Handles {@code GET /contacts/{contactId}/notes}: 200 {@code {"notes"}} in creation order. */
    void list(RoutingContext context) {
        String contactId = ContactsGuard.requireContact(state, context).id();
        ArrayNode notes = GhlErrors.JSON.arrayNode();
        state.contacts.records().list(contactId, NOTE).forEach(notes::add);
        responses.wrapped(context, 200, "notes", notes);
    }

    /** Handles {@code POST /contacts/{contactId}/notes}: 201 {@code {"note"}}. */
    void create(RoutingContext context) {
        ObjectNode body = validatedBody(context, RecordDtoValidator.Dto.CREATE_NOTE);
        String contactId = ContactsGuard.requireContact(state, context).id();
        String dateAdded = ContactWriter.formatInstant(state.clock.instant());
        ObjectNode note = state.contacts.records().add(contactId, NOTE, id -> {
            ObjectNode created = GhlErrors.JSON.objectNode();
            created.put("id", id);
            RecordDtoValidator.copyFields(created, body);
            created.put("dateAdded", dateAdded);
            created.put("contactId", contactId);
            if (!created.has("pinned")) {
                created.put("pinned", false);
            }
            return created;
        });
        responses.wrapped(context, 201, "note", note);
    }

    void get(RoutingContext context) {
        String contactId = ContactsGuard.requireContact(state, context).id();
        ObjectNode note = state.contacts.records().get(contactId, NOTE, context.pathParam("id"));
        responses.wrapped(context, 200, "note", note);
    }

    /** Handles {@code PUT /contacts/{contactId}/notes/{id}}: 200 {@code {"note"}}; dateAdded never changes. */
    void update(RoutingContext context) {
        ObjectNode body = validatedBody(context, RecordDtoValidator.Dto.UPDATE_NOTE);
        String contactId = ContactsGuard.requireContact(state, context).id();
        ObjectNode note = state.contacts.records().update(contactId, NOTE, context.pathParam("id"), current -> {
            RecordDtoValidator.copyFields(current, body);
            return current;
        });
        responses.wrapped(context, 200, "note", note);
    }

    /** Handles {@code DELETE /contacts/{contactId}/notes/{id}}: 200 {@code {"succeded": true}}. */
    void delete(RoutingContext context) {
        String contactId = ContactsGuard.requireContact(state, context).id();
        state.contacts.records().remove(contactId, NOTE, context.pathParam("id"));
        responses.succeded(context);
    }

    private ObjectNode validatedBody(RoutingContext context, RecordDtoValidator.Dto dto) {
        return RecordDtoValidator.validate(JsonBodies.parse(state, context), dto);
    }
}
