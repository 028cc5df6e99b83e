package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * Handlers of the contact write and read-by-id endpoints, with GHL's response wrappers and misspellings.
 */
final class ContactHandlers {

    private final SandboxState state;
    private final HttpResponses responses;

    ContactHandlers(SandboxState state, HttpResponses responses) {
        this.state = state;
        this.responses = responses;
    }

    /** Handles {@code POST /contacts/}: 201 {@code {"contact"}} or the duplicate 400 error. */
    void create(RoutingContext context) {
        ObjectNode body = validatedBody(context, ContactDtoValidator.Dto.CREATE);
        LocationContacts location = ownLocation(context, body);
        StoredContact contact = location.create(body, state.contacts.allowDuplicates(), now());
        ObjectNode answer = GhlErrors.JSON.objectNode();
        answer.set("contact", contact.document());
        responses.json(context, 201, answer);
    }

    /** Handles {@code POST /contacts/upsert}: 200 {@code {"new", "contact", "traceId"}} whether created or not. */
    void upsert(RoutingContext context) {
        ObjectNode body = validatedBody(context, ContactDtoValidator.Dto.UPSERT);
        LocationContacts location = ownLocation(context, body);
        LocationContacts.UpsertResult result = location.upsert(body, state.contacts.allowDuplicates(), now());
        ObjectNode answer = GhlErrors.JSON.objectNode();
        answer.put("new", result.created());
        answer.set("contact", result.contact().document());
        answer.put("traceId", SandboxIds.traceId());
        responses.json(context, 200, answer);
    }

    void get(RoutingContext context) {
        StoredContact contact = ContactsGuard.requireContact(state, context);
        ObjectNode answer = GhlErrors.JSON.objectNode();
        answer.set("contact", contact.document());
        responses.json(context, 200, answer);
    }

    /** Handles {@code PUT /contacts/{id}}: 200 {@code {"succeded": true, "contact"}}, spelled as GHL does. */
    void update(RoutingContext context) {
        ObjectNode body = validatedBody(context, ContactDtoValidator.Dto.UPDATE);
        StoredContact current = ContactsGuard.requireContact(state, context);
        StoredContact updated = state.contacts.location(current.locationId())
                .update(current.id(), body, state.contacts.allowDuplicates(), now());
        ObjectNode answer = GhlErrors.JSON.objectNode();
        answer.put("succeded", true);
        answer.set("contact", updated.document());
        responses.json(context, 200, answer);
    }

    void delete(RoutingContext context) {
        StoredContact current = ContactsGuard.requireContact(state, context);
        state.contacts.location(current.locationId()).delete(current.id());
        ObjectNode answer = GhlErrors.JSON.objectNode();
        answer.put("succeded", true);
        responses.json(context, 200, answer);
    }

    /** Handles {@code POST /contacts/{id}/tags}: 201 with the contact's full tag list after the addition. */
    void addTags(RoutingContext context) {
        changeTags(context, true, 201);
    }

    /** Handles {@code DELETE /contacts/{id}/tags}, whose tags arrive in a JSON body: 200 with the remaining tags. */
    void removeTags(RoutingContext context) {
        changeTags(context, false, 200);
    }

    private void changeTags(RoutingContext context, boolean add, int status) {
        JsonNode body = JsonBodies.parse(state, context);
        ContactDtoValidator.validateTags(body);
        StoredContact current = ContactsGuard.requireContact(state, context);
        StoredContact updated = state.contacts.location(current.locationId())
                .changeTags(current.id(), body.get("tags"), add, now());
        ObjectNode answer = GhlErrors.JSON.objectNode();
        answer.set("tags", updated.document().get("tags"));
        responses.json(context, status, answer);
    }

    private ObjectNode validatedBody(RoutingContext context, ContactDtoValidator.Dto dto) {
        JsonNode body = JsonBodies.parse(state, context);
        ContactDtoValidator.validate(body, dto);
        return (ObjectNode) body;
    }

    private LocationContacts ownLocation(RoutingContext context, ObjectNode body) {
        AccessGrant grant = context.get(ContactsGuard.GRANT);
        String locationId = body.get("locationId").asText();
        ContactsGuard.requireLocation(grant, locationId);
        return state.contacts.location(locationId);
    }

    private Instant now() {
        return state.clock.instant();
    }
}
