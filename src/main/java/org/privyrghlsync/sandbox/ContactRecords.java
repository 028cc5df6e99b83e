package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Thread-safe store of the tasks, notes and appointments of each contact, each kind in creation order.
 *
 * <p>Every operation runs inside {@link ConcurrentHashMap#compute} on the contact's entry, so operations on one
 * contact are serialized, and the check that the contact exists happens under the same lock as the write. A contact
 * delete removes the contact first and then calls {@link #drop}, so a record can never be added to a deleted contact.
 * Stored documents are never changed after they are stored, so callers may serialize them without a lock.
 */
final class ContactRecords {

    /** Kind of record, with the name that GHL's not-found message uses. */
    enum Kind {
        TASK("Task"), NOTE("Note"), APPOINTMENT("Appointment");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Length of task, note and appointment ids, the same as GHL's 20-character ids. */
    private static final int RECORD_ID_LENGTH = 20;

    private final Map<String, Map<Kind, Map<String, ObjectNode>>> byContact = new ConcurrentHashMap<>();
    private final Predicate<String> contactExists;

    ContactRecords(Predicate<String> contactExists) {
        this.contactExists = contactExists;
    }

    /** Returns the contact's records of one kind in creation order, raising 400 when the contact does not exist. */
    List<ObjectNode> list(String contactId, Kind kind) {
        return withRecords(contactId, kind, records -> new ArrayList<>(records.values()));
    }

    /** Returns one record, raising 400 when the contact does not exist and 404 when it has no such record. */
    ObjectNode get(String contactId, Kind kind, String id) {
        return withRecords(contactId, kind, records -> require(records, kind, id));
    }

    /**
     * Stores the document that {@code build} makes from a new record id and returns it.
     *
     * @param build makes the record document from its new id. It runs while the contact's entry is locked.
     */
    ObjectNode add(String contactId, Kind kind, Function<String, ObjectNode> build) {
        return withRecords(contactId, kind, records -> {
            String id = SandboxIds.random(RECORD_ID_LENGTH);
            ObjectNode document = build.apply(id);
            records.put(id, document);
            return document;
        });
    }

    /**
     * Replaces a record with what {@code change} makes of a copy of it and returns the new version.
     *
     * @param change edits the copy in place or raises a {@link GhlApiException}, which leaves the record as it was
     */
    ObjectNode update(String contactId, Kind kind, String id, UnaryOperator<ObjectNode> change) {
        return withRecords(contactId, kind, records -> {
            ObjectNode next = change.apply(require(records, kind, id).deepCopy());
            records.put(id, next);
            return next;
        });
    }

    void remove(String contactId, Kind kind, String id) {
        withRecords(contactId, kind, records -> {
            require(records, kind, id);
            return records.remove(id);
        });
    }

    /** Removes every record of a contact. The caller must already have removed the contact itself. */
    void drop(String contactId) {
        byContact.remove(contactId);
    }

    private <T> T withRecords(String contactId, Kind kind, Function<Map<String, ObjectNode>, T> action) {
        List<T> result = new ArrayList<>(1);
        byContact.compute(contactId, (id, current) -> {
            if (!contactExists.test(id)) {
                throw GhlErrors.contactNotFound(id);
            }
            Map<Kind, Map<String, ObjectNode>> records = current == null ? new EnumMap<>(Kind.class) : current;
            result.add(action.apply(records.computeIfAbsent(kind, unused -> new LinkedHashMap<>())));
            return records;
        });
        return result.get(0);
    }

    private static ObjectNode require(Map<String, ObjectNode> records, Kind kind, String id) {
        ObjectNode record = records.get(id);
        if (record == null) {
            throw GhlErrors.recordNotFound(kind.label, id);
        }
        return record;
    }
}
