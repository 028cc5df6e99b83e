package org.privyrghlsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.privyrghlsync.ghl.CustomFieldDirectory;
import org.privyrghlsync.ghl.GhlClient;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.ghl.GhlResponse;
import org.privyrghlsync.mapping.ContactBodies;
import org.privyrghlsync.mapping.ContactChange;
import org.privyrghlsync.mapping.ContactMapping;
import org.privyrghlsync.mapping.CustomFieldRef;
import org.privyrghlsync.mapping.MappedContact;
import org.privyrghlsync.mapping.ReloadableMappings;
import org.privyrghlsync.store.ContactLink;
import org.privyrghlsync.store.ItemLink;
import org.privyrghlsync.store.SyncLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes contacts to GHL for the sync processors: create or find a client's contact, push a change, and replace a
 * linked contact that was deleted or merged in GHL according to {@link MissingContactPolicy}.
 */
public final class GhlContacts {

    private static final Logger LOG = LoggerFactory.getLogger(GhlContacts.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** GHL rejects an unknown or deleted contact id with 400 "Contact with id ... not found". */
    private static final Pattern CONTACT_GONE = Pattern.compile(
            "contact(\\s+with\\s+id\\s+\\S+)?\\s+(not found|is deleted|does not exist)", Pattern.CASE_INSENSITIVE);
    /** Contacts per page when searching for a contact that an earlier create made; GHL's search allows 500. */
    private static final int SEARCH_PAGE = 100;
    /** Pages read before giving up the search and creating the contact. */
    private static final int SEARCH_PAGES = 10;
    /** Maximum length of the free-text {@code query} of a contact search. */
    private static final int QUERY_CHARS = 75;

    /** The contact a client is now linked to, the values last pushed to it, and how the link was made. */
    public record Written(String contactId, boolean created, MappedContact pushed, String detail) {
    }

    private final GhlClient ghl;
    private final CustomFieldDirectory customFields;
    private final SyncLedger ledger;
    private final ReloadableMappings mappings;
    private final MissingContactPolicy missingContact;
    private final boolean allowDuplicateContacts;
    /**
     * How long GHL may still store a contact after its create was sent: twice the HTTP response timeout, because a
     * call that timed out can still be completed by GHL.
     */
    private final Duration createSettle;
    private final Clock clock;
    /**
     * For each location warned that a lost create there can leave a second contact, the mapping it was warned about.
     * A reloaded mapping that still lacks the field is warned about again.
     */
    private final Map<String, ContactMapping> warnedWithoutIdField = new ConcurrentHashMap<>();

    /**
     * @param allowDuplicateContacts {@code ghl.allow-duplicate-contacts}: whether the GHL location's "Allow Duplicate
     *     Contact" setting is on. When it is off, GHL's default, a new client is created with one
     *     {@code POST /contacts/} that carries its tags, and GHL returns 400 naming the existing contact when the
     *     email or phone is taken. When it is on, that call would make a second contact, so a new client is upserted,
     *     which matches by the location's duplicate rule, and its tags follow in a second call.
     */
    public GhlContacts(GhlClient ghl, CustomFieldDirectory customFields, SyncLedger ledger,
            ReloadableMappings mappings, MissingContactPolicy missingContact, boolean allowDuplicateContacts,
            Duration responseTimeout, Clock clock) {
        this.createSettle = responseTimeout.multipliedBy(2);
        this.clock = clock;
        this.ghl = ghl;
        this.customFields = customFields;
        this.ledger = ledger;
        this.mappings = mappings;
        this.missingContact = missingContact;
        this.allowDuplicateContacts = allowDuplicateContacts;
    }

    public MissingContactPolicy missingContactPolicy() {
        return missingContact;
    }

    /**
     * Creates the contact of a client that has no link yet, with its tags. When the location does not allow duplicates
     * and GHL returns 400 naming an existing contact in {@code meta.contactId}, that contact is updated with every
     * value instead. A client with neither email nor phone is created by {@link #createOnce}.
     */
    public Written create(String locationId, String clientId, MappedContact desired) {
        return create(locationId, clientId, desired, null);
    }

    /** Creates a client's contact as {@link #create(String, String, MappedContact)} does, skipping a gone contact. */
    private Written create(String locationId, String clientId, MappedContact desired, String goneContactId) {
        if (!findableByDuplicateRule(desired)) {
            return createOnce(locationId, clientId, desired, goneContactId, "created contact ");
        }
        if (!allowDuplicateContacts) {
            return createOrLink(locationId, clientId, desired, "created contact ");
        }
        try {
            GhlResponse answer = ghl.send(locationId, "POST", "/contacts/upsert", null,
                    customFields.resolve(locationId, ContactBodies.upsertBody(desired, locationId)));
            String contactId = contactId(answer);
            boolean created = answer.body().path("new").asBoolean(true);
            addTags(locationId, contactId, desired.tags());
            return new Written(contactId, created, ContactBodies.afterUpsert(desired),
                    (created ? "created contact " : "updated existing contact ") + contactId);
        } catch (GhlException e) {
            return linkDuplicate(locationId, clientId, desired, e);
        }
    }

    /**
     * Sends {@code POST /contacts/} with the tags in the body. A 400 naming an existing contact links that contact and
     * pushes every value to it.
     */
    private Written createOrLink(String locationId, String clientId, MappedContact values, String createdDetail) {
        try {
            GhlResponse answer = ghl.send(locationId, "POST", "/contacts/", null,
                    customFields.resolve(locationId, ContactBodies.createBody(values, locationId)));
            String contactId = contactId(answer);
            return new Written(contactId, true, ContactBodies.afterUpsert(values), createdDetail + contactId);
        } catch (GhlException e) {
            return linkDuplicate(locationId, clientId, values, e);
        }
    }

    private Written linkDuplicate(String locationId, String clientId, MappedContact values, GhlException e) {
        String existing = duplicateContactId(e);
        if (existing == null) {
            throw e;
        }
        LOG.info("Location {} does not allow duplicates; client {} matches existing contact {}, updating it",
                locationId, clientId, existing);
        return new Written(existing, false, pushEverything(locationId, existing, values),
                "updated existing contact " + existing);
    }

    /**
     * Sends a change to a linked contact: a {@code PUT} when any field changed, then the tags to add and to remove.
     * Returns the values the contact has afterwards.
     */
    public MappedContact push(String locationId, String contactId, ContactChange change, MappedContact last) {
        Map<String, Object> body = change.updateBody();
        if (!body.isEmpty()) {
            ghl.send(locationId, "PUT", "/contacts/" + contactId, null, customFields.resolve(locationId, body));
        }
        addTags(locationId, contactId, change.tagsToAdd());
        if (!change.tagsToRemove().isEmpty()) {
            ghl.send(locationId, "DELETE", "/contacts/" + contactId + "/tags", null,
                    Map.of("tags", change.tagsToRemove()));
        }
        return ContactBodies.afterPush(last, change);
    }

    /**
     * Finds or makes the contact that replaces {@code goneContactId}, which no longer exists in GHL, and pushes
     * {@code values} to it.
     *
     * @throws GhlException with the original status when the policy is {@link MissingContactPolicy#DEAD_LETTER}
     */
    public Written replaceMissing(String locationId, String clientId, String goneContactId, MappedContact values,
            GhlException cause) {
        if (missingContact == MissingContactPolicy.DEAD_LETTER) {
            throw new GhlException("GHL contact " + goneContactId + " of client " + clientId
                    + " no longer exists (deleted or merged in GHL). sync.missing-contact is dead-letter, so nothing"
                    + " was changed. Set sync.missing-contact to relink or recreate, then replay the event",
                    cause.status(), cause.ghlMessage(), cause.responseBody(), null);
        }
        Written replacement = missingContact == MissingContactPolicy.RELINK
                ? relink(locationId, clientId, goneContactId, values)
                : recreate(locationId, clientId, goneContactId, values);
        LOG.warn("GHL contact {} of client {} in location {} no longer exists; {}", goneContactId, clientId,
                locationId, replacement.detail());
        return new Written(replacement.contactId(), replacement.created(), replacement.pushed(), "contact "
                + goneContactId + " no longer exists in GHL; " + replacement.detail());
    }

    private Written relink(String locationId, String clientId, String goneContactId, MappedContact values) {
        for (String field : List.of("email", "phone")) {
            Object value = values.fields().get(field);
            if (value == null) {
                continue;
            }
            String query = "locationId=" + encode(locationId) + "&" + (field.equals("email") ? "email" : "number")
                    + "=" + encode(value.toString());
            GhlResponse answer = ghl.send(locationId, "GET", "/contacts/search/duplicate", query, null);
            String found = answer.body().path("contact").path("id").asText(null);
            if (found != null && !found.isBlank()) {
                return new Written(found, false, pushEverything(locationId, found, values),
                        "relinked to contact " + found + " found by " + field);
            }
        }
        Written created = create(locationId, clientId, values, goneContactId);
        return new Written(created.contactId(), created.created(), created.pushed(),
                "no contact matches its email or phone; " + created.detail());
    }

    private Written recreate(String locationId, String clientId, String goneContactId, MappedContact values) {
        // A location that allows duplicates takes a second POST /contacts/ with the same email or phone too.
        return findableByDuplicateRule(values) && !allowDuplicateContacts
                ? createOrLink(locationId, clientId, values, "re-created as contact ")
                : createOnce(locationId, clientId, values, goneContactId, "re-created as contact ");
    }

    /**
     * Returns true when the values have an email or phone, which GHL's duplicate rule matches. The next attempt then
     * finds the contact of a create whose response was lost.
     */
    private static boolean findableByDuplicateRule(MappedContact values) {
        return values.fields().containsKey("email") || values.fields().containsKey("phone");
    }

    /**
     * Creates a contact that GHL's duplicate rule cannot find again (a client with neither email nor phone, or a
     * re-create in a location that allows duplicates) without making a second one after a lost response.
     *
     * <p>An {@link ItemLink#CONTACT_CREATE} row is committed before the call, and the call is not resent. An attempt
     * that finds the row searches for the contact whose client id field (a custom field that the mapping fills from
     * {@code id}) contains the client's id, and links it. The row stays, so a later re-create searches too and skips
     * {@code goneContactId}.
     */
    private Written createOnce(String locationId, String clientId, MappedContact values, String goneContactId,
            String createdDetail) {
        Set<String> idFields = clientIdFieldIds(locationId, clientId, values);
        if (idFields.isEmpty()) {
            ContactMapping mapping = mappings.contact();
            if (warnedWithoutIdField.put(locationId, mapping) != mapping) {
                LOG.warn("The contact of client {} cannot be found again by email or phone, and the contact mapping"
                        + " writes its id to no custom field of GHL location {}, so a lost create can leave a second"
                        + " contact. Map id to a custom field that exists in the location (contact.privyr_client_id"
                        + " in the shipped mapping)", clientId, locationId);
            }
            return createOrLink(locationId, clientId, values, createdDetail);
        }
        Optional<ItemLink> sent = ledger.findItem(locationId, ItemLink.CONTACT_CREATE, clientId);
        if (sent.isPresent()) {
            MappedContact sentValues = ContactBodies.afterUpsert(MappedContact.fromJson(sent.get().lastPushedJson()));
            Search search = findByClientId(locationId, clientId, idFields, sentValues, goneContactId);
            String found = search.contactId();
            if (found != null) {
                LOG.info("An earlier attempt created GHL contact {} for client {} but its response was lost; linking"
                        + " it", found, clientId);
                MappedContact pushed = push(locationId, found, ContactBodies.diff(values, sentValues), sentValues);
                return new Written(found, true, pushed, "linked contact " + found
                        + ", which an earlier attempt created");
            }
            Instant now = clock.instant();
            Instant sentAt = sent.get().lastOccurredAt().isAfter(now) ? now : sent.get().lastOccurredAt();
            if (!search.rejected() && now.isBefore(sentAt.plus(createSettle))) {
                throw new ContactCreatePendingException("GHL does not list a contact of client " + clientId
                        + " from the create sent at " + sentAt + " yet. The create is sent again after "
                        + sentAt.plus(createSettle) + " if GHL still lists none", sentAt.plus(createSettle));
            }
        }
        recordCreate(locationId, clientId, values);
        Map<String, Object> body = customFields.resolve(locationId, ContactBodies.createBody(values, locationId));
        try {
            String contactId = contactId(ghl.sendOnce(locationId, "POST", "/contacts/", null, body));
            return new Written(contactId, true, ContactBodies.afterUpsert(values), createdDetail + contactId);
        } catch (GhlException e) {
            if (e.status() == 0 || e.status() >= 500) {
                // The last try may have started long after the row was written (a wait for a connection, 429s), and
                // GHL may still store it. The wait of the next attempt counts from now.
                recordCreate(locationId, clientId, values);
            }
            return linkDuplicate(locationId, clientId, values, e);
        }
    }

    /** Commits the client's {@link ItemLink#CONTACT_CREATE} row with the values sent and the current time. */
    private void recordCreate(String locationId, String clientId, MappedContact values) {
        ledger.saveItemNow(new ItemLink(locationId, ItemLink.CONTACT_CREATE, clientId, clientId, "", "", false,
                values.withoutWarnings().toJson(), clock.instant(), ""));
    }

    /**
     * Returns the GHL ids of the client id fields that {@code values} fill with the client's id. A field that does
     * not exist in the location has no id and is left out.
     */
    private Set<String> clientIdFieldIds(String locationId, String clientId, MappedContact values) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (String key : mappings.current().contact().clientIdFields()) {
            Object value = values.customFields().get(key);
            if (value != null && clientId.equals(value.toString())) {
                entries.add(CustomFieldRef.fromStableKey(key).writeEntry(clientId));
            }
        }
        Set<String> ids = new HashSet<>();
        if (entries.isEmpty()) {
            return ids;
        }
        Object resolved = customFields.resolve(locationId, Map.of("customFields", entries)).get("customFields");
        if (resolved instanceof List<?> withIds) {
            for (Object entry : withIds) {
                if (entry instanceof Map<?, ?> field && field.get("id") != null) {
                    ids.add(field.get("id").toString());
                }
            }
        }
        return ids;
    }

    /**
     * Searches the location's contacts by the name that the earlier create sent for the first one other than
     * {@code goneContactId} whose field in {@code idFields} contains the client's id. A search that GHL rejects (a
     * 4xx other than 401 and 429) is logged and marked rejected, so the client is not stuck behind a search that
     * cannot succeed.
     *
     * <p>NOTE: the sandbox's {@code query} matches "first last" against the full name. Whether GHL's search does the
     * same for every name, and how soon it lists a contact after its create, was not checked against GHL.
     */
    private Search findByClientId(String locationId, String clientId, Set<String> idFields, MappedContact sent,
            String goneContactId) {
        Map<String, Object> search = new LinkedHashMap<>();
        search.put("locationId", locationId);
        search.put("pageLimit", SEARCH_PAGE);
        String name = searchText(sent);
        if (!name.isEmpty()) {
            search.put("query", name);
        }
        for (int page = 0; page < SEARCH_PAGES; page++) {
            JsonNode contacts;
            try {
                contacts = ghl.send(locationId, "POST", "/contacts/search", null, search).body().path("contacts");
            } catch (GhlException e) {
                if (e.status() < 400 || e.status() >= 500 || e.status() == 401 || e.status() == 429) {
                    throw e;
                }
                LOG.warn("Searching GHL location {} for the contact of client {} that an earlier create may have made"
                        + " failed, so the contact is created again: {}", locationId, clientId, e.getMessage());
                return new Search(null, true);
            }
            for (JsonNode contact : contacts) {
                String id = contact.path("id").asText("");
                if (!id.isEmpty() && !id.equals(goneContactId) && containsClientId(contact, idFields, clientId)) {
                    return new Search(id, false);
                }
            }
            JsonNode after = contacts.size() < SEARCH_PAGE ? null : contacts.get(contacts.size() - 1)
                    .path("searchAfter");
            if (after == null || !after.isArray()) {
                return new Search(null, false);
            }
            search.put("searchAfter", after);
        }
        LOG.warn("Searched {} contacts of GHL location {} for client {} without finding the contact that an earlier"
                + " create may have made; creating it again", SEARCH_PAGE * SEARCH_PAGES, locationId, clientId);
        return new Search(null, false);
    }

    /** The contact that a search found, or null; {@code rejected} is true when GHL rejected the search. */
    private record Search(String contactId, boolean rejected) {
    }

    private static boolean containsClientId(JsonNode contact, Set<String> idFields, String clientId) {
        for (JsonNode field : contact.path("customFields")) {
            JsonNode value = field.path("value");
            String text = value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString() : value.asText();
            if (idFields.contains(field.path("id").asText()) && clientId.equals(text)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the text to search by: the first and last name, else the full name, cut to the 75 characters that GHL's
     * search documentation allows for {@code query}, after a whole word where there is a space.
     */
    private static String searchText(MappedContact sent) {
        String name = (text(sent, "firstName") + " " + text(sent, "lastName")).trim();
        if (name.isEmpty()) {
            name = text(sent, "name").trim();
        }
        if (name.length() <= QUERY_CHARS) {
            return name;
        }
        int cut = name.lastIndexOf(' ', QUERY_CHARS);
        return name.substring(0, cut > 0 ? cut : QUERY_CHARS);
    }

    private static String text(MappedContact values, String field) {
        Object value = values.fields().get(field);
        return value == null ? "" : value.toString();
    }

    /** Pushes every value to a contact whose current values are unknown. */
    private MappedContact pushEverything(String locationId, String contactId, MappedContact values) {
        ContactChange everything = ContactBodies.diff(values, MappedContact.empty());
        return push(locationId, contactId, everything, MappedContact.empty());
    }

    private void addTags(String locationId, String contactId, List<String> tags) {
        if (!tags.isEmpty()) {
            ghl.send(locationId, "POST", "/contacts/" + contactId + "/tags", null, Map.of("tags", tags));
        }
    }

    /**
     * Returns the failure that stands for GHL's "not found" when the contact reconciliation found the contact of
     * {@code link} missing earlier ({@link ContactLink#contactMissingAt()}), for {@link #replaceMissing}.
     */
    public static GhlException foundMissingByReconciliation(ContactLink link) {
        return new GhlException("GHL contact " + link.contactId() + " of client " + link.clientId() + " was found"
                + " missing by the contact reconciliation at " + link.contactMissingAt(), 404, "Contact with id "
                + link.contactId() + " not found (contact reconciliation at " + link.contactMissingAt() + ")", null,
                null);
    }

    /**
     * Returns true when GHL's error response means the contact of the call does not exist: 400 or 404 with a message
     * such as "Contact with id ... not found", or a bare 404 from a call on the contact itself.
     */
    public static boolean isMissingContact(GhlException e, boolean callOnContact) {
        if (e.status() != 400 && e.status() != 404) {
            return false;
        }
        String message = e.ghlMessage();
        if (message != null && CONTACT_GONE.matcher(message).find()) {
            return true;
        }
        return callOnContact && e.status() == 404 && (message == null
                || message.toLowerCase(Locale.ROOT).contains("not found"));
    }

    private static String contactId(GhlResponse answer) {
        String contactId = answer.body().path("contact").path("id").asText(null);
        if (contactId == null) {
            throw new GhlException("GHL's response has no contact.id", answer.status(), null,
                    answer.body().toString(), null);
        }
        return contactId;
    }

    private static String duplicateContactId(GhlException e) {
        if (e.status() != 400 || e.responseBody() == null) {
            return null;
        }
        try {
            JsonNode meta = JSON.readTree(e.responseBody()).path("meta");
            String id = meta.path("contactId").asText(null);
            return id == null || id.isBlank() ? null : id;
        } catch (Exception parseFailure) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
