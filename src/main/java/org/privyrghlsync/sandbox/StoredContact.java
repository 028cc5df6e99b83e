package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One stored contact version. The document is never changed after it is stored, so readers may serialize it
 * without a lock. Every write stores a new instance.
 *
 * @param document the contact in the read shape of {@code GET /contacts/{id}}
 */
record StoredContact(String id, String locationId, long dateAddedMillis, ObjectNode document) {

    ContactKey key() {
        return new ContactKey(dateAddedMillis, id);
    }

    /** Sort key of the list and search endpoints: {@code dateAdded}, then id. */
    record ContactKey(long dateAddedMillis, String id) implements Comparable<ContactKey> {

        @Override
        public int compareTo(ContactKey other) {
            int byDate = Long.compare(dateAddedMillis, other.dateAddedMillis);
            return byDate != 0 ? byDate : id.compareTo(other.id);
        }
    }
}
