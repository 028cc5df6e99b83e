package org.privyrghlsync.events;

import static org.privyrghlsync.events.JsonFields.invalid;
import static org.privyrghlsync.events.JsonFields.optionalId;
import static org.privyrghlsync.events.JsonFields.optionalInstant;
import static org.privyrghlsync.events.JsonFields.optionalObject;
import static org.privyrghlsync.events.JsonFields.optionalString;
import static org.privyrghlsync.events.JsonFields.path;
import static org.privyrghlsync.events.JsonFields.requiredId;
import static org.privyrghlsync.events.JsonFields.requiredObject;
import static org.privyrghlsync.events.JsonFields.requiredString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** Validation of the {@code data.client}, {@code data.task} and {@code data.note} objects of an envelope. */
final class PayloadReader {

    /** Maximum number of entries in {@code client.groups}. */
    static final int MAX_GROUPS = 100;

    /** Maximum number of entries in {@code client.other_fields}. */
    static final int MAX_OTHER_FIELDS = 200;

    static final Set<String> TASK_STATUSES = Set.of("PENDING", "COMPLETED", "CANCELLED");

    private static final String CLIENT = "data.client";
    private static final String TASK = "data.task";
    private static final String NOTE = "data.note";

    private PayloadReader() {
    }

    /**
     * Reads {@code data.client}. Every event type requires {@code id}; {@code client.created} and
     * {@code client.updated} also require {@code name}, because their client object is the full client state.
     */
    static ClientData readClient(ObjectNode data, EventType type) {
        ObjectNode client = requiredObject(data, "client", "data");
        String id = requiredId(client, "id", CLIENT);
        String name = type.isClientEvent()
                ? requiredString(client, "name", CLIENT, false)
                : optionalString(client, "name", CLIENT, false);
        return new ClientData(
                id,
                name,
                optionalString(client, "display_name", CLIENT, false),
                optionalString(client, "email", CLIENT, false),
                optionalString(client, "phone", CLIENT, false),
                optionalString(client, "whatsapp_number", CLIENT, false),
                optionalString(client, "source", CLIENT, false),
                JsonFields.stringArray(client, "groups", CLIENT, MAX_GROUPS),
                JsonFields.flatObject(client, "other_fields", CLIENT, MAX_OTHER_FIELDS),
                optionalString(client, "notes", CLIENT, true),
                optionalInstant(client, "created_at", CLIENT),
                optionalInstant(client, "updated_at", CLIENT));
    }

    /**
     * Validates {@code data.task} and returns a copy whose ids are JSON strings. All task events require
     * {@code id}; {@code task.created} also requires {@code title}. Other fields are checked when present.
     */
    static ObjectNode readTask(ObjectNode data, EventType type, String clientId) {
        ObjectNode task = requiredObject(data, "task", "data").deepCopy();
        task.put("id", requiredId(task, "id", TASK));
        normaliseClientId(task, TASK, clientId);
        if (type == EventType.TASK_CREATED) {
            requiredString(task, "title", TASK, false);
        } else {
            optionalString(task, "title", TASK, false);
        }
        JsonFields.checkOptionalDateTime(task, "due_at", TASK);
        String status = optionalString(task, "status", TASK, false);
        if (status != null && !TASK_STATUSES.contains(status)) {
            throw invalid(path(TASK, "status"), "must be one of PENDING, COMPLETED, CANCELLED", task.get("status"));
        }
        optionalInstant(task, "completed_at", TASK);
        ObjectNode assignee = optionalObject(task, "assigned_to", TASK);
        if (assignee != null) {
            String assigneePath = path(TASK, "assigned_to");
            assignee.put("id", requiredId(assignee, "id", assigneePath));
            optionalString(assignee, "name", assigneePath, false);
        }
        return task;
    }

    /**
     * Validates {@code data.note} and returns a copy whose ids are JSON strings. All note events require
     * {@code id}; {@code note.created} also requires {@code body}.
     */
    static ObjectNode readNote(ObjectNode data, EventType type, String clientId) {
        ObjectNode note = requiredObject(data, "note", "data").deepCopy();
        note.put("id", requiredId(note, "id", NOTE));
        normaliseClientId(note, NOTE, clientId);
        if (type == EventType.NOTE_CREATED) {
            requiredString(note, "body", NOTE, true);
        } else {
            optionalString(note, "body", NOTE, true);
        }
        optionalInstant(note, "created_at", NOTE);
        optionalInstant(note, "updated_at", NOTE);
        return note;
    }

    /** Checks the optional {@code actor} object of the envelope: {@code id}, {@code name}, {@code email}. */
    static void checkActor(ObjectNode envelope) {
        ObjectNode actor = optionalObject(envelope, "actor", "");
        if (actor == null) {
            return;
        }
        optionalId(actor, "id", "actor");
        optionalString(actor, "name", "actor", false);
        optionalString(actor, "email", "actor", false);
    }

    /** Requires {@code client_id}, when present, to name the same client as {@code data.client.id}. */
    private static void normaliseClientId(ObjectNode object, String objectPath, String clientId) {
        String ownClientId = optionalId(object, "client_id", objectPath);
        if (ownClientId == null) {
            return;
        }
        if (!ownClientId.equals(clientId)) {
            throw invalid(path(objectPath, "client_id"),
                    "must equal data.client.id (" + clientId + ") or be left out", object.get("client_id"));
        }
        object.put("client_id", ownClientId);
    }
}
