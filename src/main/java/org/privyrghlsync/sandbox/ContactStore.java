package org.privyrghlsync.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe in-memory store of contacts, split by location so that locations never share a lock, with the
 * tasks, notes and appointments of each contact.
 */
final class ContactStore {

    private final Map<String, LocationContacts> locations = new ConcurrentHashMap<>();
    private final Map<String, LocationContacts> locationOfContact = new ConcurrentHashMap<>();
    private final java.util.List<String> customFieldKeys;
    private final ContactRecords records = new ContactRecords(contactId -> find(contactId) != null);
    private volatile boolean allowDuplicates;

    ContactStore(boolean allowDuplicates, java.util.List<String> customFieldKeys) {
        this.allowDuplicates = allowDuplicates;
        this.customFieldKeys = java.util.List.copyOf(customFieldKeys);
    }

    LocationContacts location(String locationId) {
        return locations.computeIfAbsent(locationId, id -> {
            LocationContacts location = new LocationContacts(id, this);
            customFieldKeys.forEach(location::customFieldId);
            return location;
        });
    }

    /** Returns the contact with this id in any location, or null. */
    StoredContact find(String contactId) {
        LocationContacts location = locationOfContact.get(contactId);
        return location == null ? null : location.get(contactId);
    }

    boolean allowDuplicates() {
        return allowDuplicates;
    }

    void setAllowDuplicates(boolean allowDuplicates) {
        this.allowDuplicates = allowDuplicates;
    }

    ContactRecords records() {
        return records;
    }

    void remember(String contactId, LocationContacts location) {
        locationOfContact.put(contactId, location);
    }

    /** Forgets a contact that its location has removed, with its tasks, notes and appointments. */
    void forget(String contactId) {
        locationOfContact.remove(contactId);
        records.drop(contactId);
    }
}
