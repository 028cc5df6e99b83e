package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Base of the handlers of one kind of contact record (tasks, notes, appointments) under
 * {@code /contacts/{contactId}/...}, with GHL's wrappers: the list in {@code {"<plural>": [...]}} and one record in
 * {@code {"<singular>": {...}}}. Every route first resolves the contact, so an unknown contact gets 400.
 */
class ContactRecordHandlers {

    protected final SandboxState state;
    private final HttpResponses responses;
    private final ContactRecords.Kind kind;
    private final String singularKey;
    private final String pluralKey;
    private final String idParameter;

    /**
     * @param singularKey wrapper of one record, such as {@code task}
     * @param pluralKey wrapper of the list, such as {@code tasks}
     * @param idParameter name of the path parameter with the record id
     */
    ContactRecordHandlers(SandboxState state, HttpResponses responses, ContactRecords.Kind kind, String singularKey,
                          String pluralKey, String idParameter) {
        this.state = state;
        this.responses = responses;
        this.kind = kind;
        this.singularKey = singularKey;
        this.pluralKey = pluralKey;
        this.idParameter = idParameter;
    }

    /** Handles the list route: 200 with the contact's records in creation order. */
    void list(RoutingContext context) {
        String contactId = ContactsGuard.requireContact(state, context).id();
        ArrayNode records = GhlErrors.JSON.arrayNode();
        state.contacts.records().list(contactId, kind).forEach(records::add);
        responses.wrapped(context, 200, pluralKey, records);
    }

    /** Handles the read route: 200 with the record, or 404 when the contact has no record with that id. */
    void get(RoutingContext context) {
        String contactId = ContactsGuard.requireContact(state, context).id();
        ObjectNode record = state.contacts.records().get(contactId, kind, context.pathParam(idParameter));
        responses.wrapped(context, 200, singularKey, record);
    }

    /** Handles the delete route: 200 {@code {"succeded": true}}, or 404 when the contact has no such record. */
    void delete(RoutingContext context) {
        String contactId = ContactsGuard.requireContact(state, context).id();
        state.contacts.records().remove(contactId, kind, context.pathParam(idParameter));
        responses.succeded(context);
    }

    /**
     * Validates the body, stores the record that {@code build} makes from the new id, the contact id and the body,
     * and sends 201 with it.
     */
    protected void create(RoutingContext context, RecordDtoValidator.Dto dto, RecordBuilder build) {
        ObjectNode body = validatedBody(context, dto);
        String contactId = ContactsGuard.requireContact(state, context).id();
        ObjectNode record = state.contacts.records().add(contactId, kind, id -> build.build(id, contactId, body));
        responses.wrapped(context, 201, singularKey, record);
    }

    /** Validates the body, copies its properties onto the record and sends 200 with the new version. */
    protected void update(RoutingContext context, RecordDtoValidator.Dto dto) {
        ObjectNode body = validatedBody(context, dto);
        String contactId = ContactsGuard.requireContact(state, context).id();
        ObjectNode record = state.contacts.records().update(contactId, kind, context.pathParam(idParameter),
                current -> {
                    RecordDtoValidator.copyFields(current, body);
                    return current;
                });
        responses.wrapped(context, 200, singularKey, record);
    }

    /** Returns the validated request body. Subclasses may also normalize values, such as a task's dueDate. */
    protected ObjectNode validatedBody(RoutingContext context, RecordDtoValidator.Dto dto) {
        return RecordDtoValidator.validate(JsonBodies.parse(state, context), dto);
    }

    /** Builder of a new record document from its id, its contact's id and the validated request body. */
    @FunctionalInterface
    protected interface RecordBuilder {
        ObjectNode build(String id, String contactId, ObjectNode body);
    }
}
