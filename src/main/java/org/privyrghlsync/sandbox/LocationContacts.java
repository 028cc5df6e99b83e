package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Contacts of one location with their email and phone indexes and the location's custom field ids.
 *
 * <p>Writes synchronize on this instance, so the duplicate check and the insert are atomic per location. Reads
 * use concurrent maps and take no lock.
 */
final class LocationContacts {

    private static final Set<String> CREATE_SKIPPED = Set.of("locationId", "createNewIfDuplicateAllowed");
    /** Upsert ignores {@code gender} on an existing contact, as GHL does. */
    private static final Set<String> UPSERT_UPDATE_SKIPPED = Set.of("locationId", "createNewIfDuplicateAllowed",
            "gender");
    private static final Set<String> UPSERT_UPDATE_SKIPPED_WITH_PHONE = Set.of("locationId",
            "createNewIfDuplicateAllowed", "gender", "phone");

    private final String locationId;
    private final ContactStore store;
    private final Map<String, StoredContact> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<StoredContact.ContactKey, StoredContact> ordered =
            new ConcurrentSkipListMap<>();
    private final Map<String, Set<String>> idsByEmail = new HashMap<>();
    private final Map<String, Set<String>> idsByPhone = new HashMap<>();
    private final Map<String, String> customFieldIdsByKey = new ConcurrentHashMap<>();
    private long lastDateAddedMillis;

    LocationContacts(String locationId, ContactStore store) {
        this.locationId = locationId;
        this.store = store;
    }

    StoredContact get(String id) {
        return byId.get(id);
    }

    int size() {
        return byId.size();
    }

    /** Returns the contacts that sort after {@code key} (all contacts when null), in list order. */
    Collection<StoredContact> after(StoredContact.ContactKey key) {
        return key == null ? ordered.values() : ordered.tailMap(key, false).values();
    }

    /** Creates a contact, raising the duplicate 400 error when duplicates are not allowed and one matches. */
    synchronized StoredContact create(ObjectNode body, boolean allowDuplicates, Instant now) {
        if (!allowDuplicates) {
            rejectDuplicate(ContactWriter.text(body, "email"), ContactWriter.text(body, "phone"), null);
        }
        return insert(body, now);
    }

    /**
     * Updates the contact that matches the body's email, else its phone, or creates one. When the email matches
     * one contact and the phone another, the phone is not applied, as GHL does.
     */
    synchronized UpsertResult upsert(ObjectNode body, boolean allowDuplicates, Instant now) {
        if (allowDuplicates && body.path("createNewIfDuplicateAllowed").asBoolean(false)) {
            return new UpsertResult(true, insert(body, now));
        }
        String emailMatch = firstMatch(idsByEmail, emailKey(ContactWriter.text(body, "email")));
        String phoneMatch = firstMatch(idsByPhone, phoneKey(ContactWriter.text(body, "phone")));
        String targetId = emailMatch != null ? emailMatch : phoneMatch;
        if (targetId == null) {
            return new UpsertResult(true, insert(body, now));
        }
        boolean phoneOfOther = emailMatch != null && phoneMatch != null && !phoneMatch.equals(emailMatch);
        Set<String> skipped = phoneOfOther ? UPSERT_UPDATE_SKIPPED_WITH_PHONE : UPSERT_UPDATE_SKIPPED;
        return new UpsertResult(false, replace(byId.get(targetId), body, skipped, now));
    }

    /** Applies a PUT body, raising the duplicate 400 error when the new email or phone belongs to another contact. */
    synchronized StoredContact update(String id, ObjectNode body, boolean allowDuplicates, Instant now) {
        StoredContact current = require(id);
        if (!allowDuplicates) {
            rejectDuplicate(ContactWriter.text(body, "email"), ContactWriter.text(body, "phone"), id);
        }
        return replace(current, body, Set.of(), now);
    }

    synchronized void delete(String id) {
        StoredContact current = require(id);
        byId.remove(id);
        ordered.remove(current.key());
        unindex(current);
        store.forget(id);
    }

    /** Adds or removes tags case-insensitively and returns the stored contact. */
    synchronized StoredContact changeTags(String id, JsonNode tags, boolean add, Instant now) {
        StoredContact current = require(id);
        Set<String> result = ContactWriter.tagSet(current.document().get("tags"));
        Set<String> change = ContactWriter.tagSet(tags);
        if (add) {
            result.addAll(change);
        } else {
            result.removeAll(change);
        }
        ObjectNode document = current.document().deepCopy();
        ArrayNode array = document.putArray("tags");
        result.forEach(array::add);
        document.put("dateUpdated", ContactWriter.formatInstant(now));
        return store(new StoredContact(id, locationId, current.dateAddedMillis(), document), current);
    }

    /** Sets or, when {@code businessId} is null, removes the contact's business and returns the stored contact. */
    synchronized StoredContact setBusiness(String id, String businessId, Instant now) {
        StoredContact current = require(id);
        ObjectNode document = current.document().deepCopy();
        if (businessId == null) {
            document.remove("businessId");
        } else {
            document.put("businessId", businessId);
        }
        document.put("dateUpdated", ContactWriter.formatInstant(now));
        return store(new StoredContact(id, locationId, current.dateAddedMillis(), document), current);
    }

    /** Returns the oldest contact whose email, else phone, matches, with the matching field name; or null. */
    synchronized DuplicateMatch findDuplicate(String email, String phone) {
        String id = firstMatch(idsByEmail, emailKey(email));
        if (id != null) {
            return new DuplicateMatch(byId.get(id), "email");
        }
        id = firstMatch(idsByPhone, phoneKey(phone));
        return id == null ? null : new DuplicateMatch(byId.get(id), "phone");
    }

    /** Returns the custom field definitions of the location as key (without {@code contact.}) to id, in key order. */
    java.util.SortedMap<String, String> customFieldIds() {
        return new java.util.TreeMap<>(customFieldIdsByKey);
    }

    /** Returns the id of the custom field with this key, creating a stable id for a new key. */
    String customFieldId(String key) {
        String normalized = key.startsWith("contact.") ? key.substring("contact.".length()) : key;
        return customFieldIdsByKey.computeIfAbsent(normalized, unused -> SandboxIds.random(20));
    }

    private void rejectDuplicate(String email, String phone, String ignoredId) {
        String emailMatch = firstMatchExcept(idsByEmail, emailKey(email), ignoredId);
        String phoneMatch = firstMatchExcept(idsByPhone, phoneKey(phone), ignoredId);
        String matchId = emailMatch != null ? emailMatch : phoneMatch;
        if (matchId != null) {
            String name = ContactWriter.fullName(byId.get(matchId).document());
            throw GhlErrors.duplicate(matchId, name == null ? "" : name, emailMatch != null ? "email" : "phone");
        }
    }

    private StoredContact insert(ObjectNode body, Instant now) {
        String id = SandboxIds.contactId();
        // Dates of a location never go backwards, so list paging by dateAdded stays stable.
        long dateAdded = Math.max(now.toEpochMilli(), lastDateAddedMillis);
        lastDateAddedMillis = dateAdded;
        Instant added = Instant.ofEpochMilli(dateAdded);
        ObjectNode document = GhlErrors.JSON.objectNode();
        document.put("id", id);
        document.put("locationId", locationId);
        document.put("type", "lead");
        document.put("dateAdded", ContactWriter.formatInstant(added));
        document.putArray("tags");
        document.putArray("customFields");
        ContactWriter.apply(document, body, CREATE_SKIPPED, this::customFieldId, added);
        StoredContact created = new StoredContact(id, locationId, dateAdded, document);
        store.remember(id, this);
        return store(created, null);
    }

    private StoredContact replace(StoredContact current, ObjectNode body, Set<String> skipped, Instant now) {
        ObjectNode document = current.document().deepCopy();
        ContactWriter.apply(document, body, skipped, this::customFieldId, now);
        return store(new StoredContact(current.id(), locationId, current.dateAddedMillis(), document), current);
    }

    private StoredContact store(StoredContact next, StoredContact previous) {
        if (previous != null) {
            unindex(previous);
        }
        byId.put(next.id(), next);
        ordered.put(next.key(), next);
        index(next);
        return next;
    }

    private StoredContact require(String id) {
        StoredContact current = byId.get(id);
        if (current == null) {
            throw GhlErrors.contactNotFound(id);
        }
        return current;
    }

    private void index(StoredContact contact) {
        addIndex(idsByEmail, emailKey(ContactWriter.text(contact.document(), "email")), contact.id());
        addIndex(idsByPhone, phoneKey(ContactWriter.text(contact.document(), "phone")), contact.id());
    }

    private void unindex(StoredContact contact) {
        removeIndex(idsByEmail, emailKey(ContactWriter.text(contact.document(), "email")), contact.id());
        removeIndex(idsByPhone, phoneKey(ContactWriter.text(contact.document(), "phone")), contact.id());
    }

    private static void addIndex(Map<String, Set<String>> index, String key, String id) {
        if (key != null) {
            index.computeIfAbsent(key, unused -> new LinkedHashSet<>()).add(id);
        }
    }

    private static void removeIndex(Map<String, Set<String>> index, String key, String id) {
        if (key == null) {
            return;
        }
        Set<String> ids = index.get(key);
        if (ids != null && ids.remove(id) && ids.isEmpty()) {
            index.remove(key);
        }
    }

    private static String firstMatch(Map<String, Set<String>> index, String key) {
        return firstMatchExcept(index, key, null);
    }

    private static String firstMatchExcept(Map<String, Set<String>> index, String key, String ignoredId) {
        if (key == null) {
            return null;
        }
        Set<String> ids = index.get(key);
        if (ids == null) {
            return null;
        }
        for (String id : ids) {
            if (!id.equals(ignoredId)) {
                return id;
            }
        }
        return null;
    }

    static String emailKey(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** Returns the digits of a phone number, so {@code +1 415-555-0100} and {@code +14155550100} match. */
    static String phoneKey(String phone) {
        if (phone == null) {
            return null;
        }
        StringBuilder digits = new StringBuilder(phone.length());
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.length() == 0 ? null : digits.toString();
    }

    /** Result of an upsert: whether a contact was created, and the stored contact. */
    record UpsertResult(boolean created, StoredContact contact) {
    }

    /** Existing contact that matched a duplicate lookup, and the matching field: {@code email} or {@code phone}. */
    record DuplicateMatch(StoredContact contact, String matchingField) {
    }
}
