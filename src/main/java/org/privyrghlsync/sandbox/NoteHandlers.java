package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

/**
 * Handlers of the note endpoints under {@code /contacts/{contactId}/notes}, with GHL's {@code note} and
 * {@code notes} wrappers. A note is {@code {id, body, userId, dateAdded, contactId, title, color, pinned}}, without
 * {@code userId}, {@code title} or {@code color} when they are not set, and {@code pinned} is false by default.
 */
final class NoteHandlers extends ContactRecordHandlers {

    NoteHandlers(SandboxState state, HttpResponses responses) {
        super(state, responses, ContactRecords.Kind.NOTE, "note", "notes", "id");
    }

    /** Handles {@code POST /contacts/{contactId}/notes}: 201 {@code {"note"}}. */
    void create(RoutingContext context) {
        String dateAdded = ContactWriter.formatInstant(state.clock.instant());
        create(context, RecordDtoValidator.Dto.CREATE_NOTE, (id, contactId, body) -> {
            ObjectNode note = GhlErrors.JSON.objectNode();
            note.put("id", id);
            RecordDtoValidator.copyFields(note, body);
            note.put("dateAdded", dateAdded);
            note.put("contactId", contactId);
            if (!note.has("pinned")) {
                note.put("pinned", false);
            }
            return note;
        });
    }

    /** Handles {@code PUT /contacts/{contactId}/notes/{id}}: 200 {@code {"note"}}. dateAdded never changes. */
    void update(RoutingContext context) {
        update(context, RecordDtoValidator.Dto.UPDATE_NOTE);
    }
}
