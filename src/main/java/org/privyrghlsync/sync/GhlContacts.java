package org.privyrghlsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.privyrghlsync.ghl.CustomFieldDirectory;
import org.privyrghlsync.ghl.GhlClient;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.ghl.GhlResponse;
import org.privyrghlsync.mapping.ContactBodies;
import org.privyrghlsync.mapping.ContactChange;
import org.privyrghlsync.mapping.MappedContact;
import org.privyrghlsync.store.ContactLink;
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

    /** The contact a client is now linked to, the values last pushed to it, and how the link was made. */
    public record Written(String contactId, boolean created, MappedContact pushed, String detail) {
    }

    private final GhlClient ghl;
    private final CustomFieldDirectory customFields;
    private final MissingContactPolicy missingContact;
    private final boolean allowDuplicateContacts;

    /**
     * @param allowDuplicateContacts {@code ghl.allow-duplicate-contacts}: whether the GHL location's "Allow Duplicate
     *     Contact" setting is on. When it is off, GHL's default, a new client is created with one
     *     {@code POST /contacts/} that carries its tags, and GHL returns 400 naming the existing contact when the
     *     email or phone is taken. When it is on, that call would make a second contact, so a new client is upserted,
     *     which matches by the location's duplicate rule, and its tags follow in a second call.
     */
    public GhlContacts(GhlClient ghl, CustomFieldDirectory customFields, MissingContactPolicy missingContact,
            boolean allowDuplicateContacts) {
        this.ghl = ghl;
        this.customFields = customFields;
        this.missingContact = missingContact;
        this.allowDuplicateContacts = allowDuplicateContacts;
    }

    public MissingContactPolicy missingContactPolicy() {
        return missingContact;
    }

    /**
     * Creates the contact of a client that has no link yet, with its tags. When the location does not allow duplicates
     * and GHL returns 400 naming an existing contact in {@code meta.contactId}, that contact is updated with every
     * value instead.
     */
    public Written create(String locationId, String clientId, MappedContact desired) {
        // NOTE: a create whose response is lost (a crash before the commit, or a connection error after GHL stored it)
        // is found again only through GHL's duplicate rule, which matches email and phone. A client with neither
        // gets a second contact on the next attempt.
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
                ? relink(locationId, clientId, values)
                : recreate(locationId, clientId, values);
        LOG.warn("GHL contact {} of client {} in location {} no longer exists; {}", goneContactId, clientId,
                locationId, replacement.detail());
        return new Written(replacement.contactId(), replacement.created(), replacement.pushed(), "contact "
                + goneContactId + " no longer exists in GHL; " + replacement.detail());
    }

    private Written relink(String locationId, String clientId, MappedContact values) {
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
        Written created = create(locationId, clientId, values);
        return new Written(created.contactId(), created.created(), created.pushed(),
                "no contact matches its email or phone; " + created.detail());
    }

    private Written recreate(String locationId, String clientId, MappedContact values) {
        return createOrLink(locationId, clientId, values, "re-created as contact ");
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
     * Returns true when GHL's error response means the contact of the call does not exist: 400 or 404 with a message such as
     * "Contact with id ... not found", or a bare 404 from a call on the contact itself.
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
