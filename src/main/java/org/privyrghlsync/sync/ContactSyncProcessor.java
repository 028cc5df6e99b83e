package org.privyrghlsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.ghl.CustomFieldDirectory;
import org.privyrghlsync.ghl.GhlClient;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.ghl.GhlResponse;
import org.privyrghlsync.mapping.ContactBodies;
import org.privyrghlsync.mapping.ContactChange;
import org.privyrghlsync.mapping.ContactMapping;
import org.privyrghlsync.mapping.MappedContact;
import org.privyrghlsync.store.ContactLink;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.Outcome;
import org.privyrghlsync.store.SyncLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@code client.created} or {@code client.updated} event to GHL.
 *
 * <p>An unmapped client is upserted and its contact id recorded; a 400 naming an existing contact in
 * {@code meta.contactId} (the location does not allow duplicates) links that contact and updates it. A mapped client
 * gets a {@code PUT} with only the fields that differ from the values last pushed, or no call at all. Groups become
 * tags through {@code POST /contacts/{id}/tags}, never through {@code tags} in a contact body. An event older than
 * the last one applied to the client is skipped.
 */
public final class ContactSyncProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ContactSyncProcessor.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final ContactMapping mapping;
    private final GhlClient ghl;
    private final SyncLedger ledger;
    private final CustomFieldDirectory customFields;

    public ContactSyncProcessor(ContactMapping mapping, GhlClient ghl, SyncLedger ledger,
            CustomFieldDirectory customFields) {
        this.mapping = mapping;
        this.ghl = ghl;
        this.ledger = ledger;
        this.customFields = customFields;
    }

    @Override
    public void process(Exchange exchange) {
        EventEnvelope event = exchange.getMessage().getBody(EventEnvelope.class);
        InboxEntry entry = exchange.getProperty(SyncResult.INBOX_ENTRY, InboxEntry.class);
        String locationId = entry.locationId();
        Optional<ContactLink> link = ledger.findLink(locationId, event.client().id());
        if (link.isPresent() && event.occurredAt().isBefore(link.get().lastOccurredAt())) {
            exchange.setProperty(SyncResult.PROPERTY, new SyncResult(Outcome.STALE, null, "occurred_at "
                    + event.occurredAt() + " is older than " + link.get().lastOccurredAt() + " of event "
                    + link.get().lastEventId() + ", already applied; skipped"));
            return;
        }
        MappedContact desired = mapping.map(event.client());
        for (String warning : desired.warnings()) {
            LOG.warn("Event {} of client {}: {}", event.eventId(), event.client().id(), warning);
        }
        SyncResult result = link.isPresent()
                ? update(event, link.get(), desired)
                : create(event, locationId, desired);
        exchange.setProperty(SyncResult.PROPERTY, result);
    }

    private SyncResult create(EventEnvelope event, String locationId, MappedContact desired) {
        String contactId;
        boolean created;
        MappedContact pushed;
        try {
            GhlResponse answer = ghl.send(locationId, "POST", "/contacts/upsert", null,
                    customFields.resolve(locationId,
                            ContactBodies.upsertBody(desired, locationId)));
            contactId = answer.body().path("contact").path("id").asText(null);
            if (contactId == null) {
                throw new GhlException("GHL's upsert response has no contact.id", answer.status(), null,
                        answer.body().toString(), null);
            }
            created = answer.body().path("new").asBoolean(true);
            pushed = ContactBodies.afterUpsert(desired);
        } catch (GhlException e) {
            String existing = duplicateContactId(e);
            if (existing == null) {
                throw e;
            }
            LOG.info("Location {} does not allow duplicates; client {} matches existing contact {}, updating it",
                    locationId, event.client().id(), existing);
            contactId = existing;
            created = false;
            ContactChange everything = ContactBodies.diff(desired, MappedContact.empty());
            pushed = pushChanges(locationId, contactId, everything, everything.updateBody(), MappedContact.empty());
        }
        pushTags(locationId, contactId, desired.tags());
        ContactLink link = new ContactLink(locationId, event.client().id(), contactId, pushed.toJson(),
                event.occurredAt(), event.eventId());
        return new SyncResult(created ? Outcome.CREATED : Outcome.UPDATED, link,
                (created ? "created contact " : "updated existing contact ") + contactId);
    }

    private SyncResult update(EventEnvelope event, ContactLink link, MappedContact desired) {
        MappedContact last = MappedContact.fromJson(link.lastPushedJson());
        ContactChange change = ContactBodies.diff(desired, last);
        for (String warning : change.warnings()) {
            LOG.warn("Event {} of client {}: {}", event.eventId(), event.client().id(), warning);
        }
        ContactLink next;
        // A change of a field GHL does not take on update (companyName) leaves an empty body: nothing to send.
        Map<String, Object> body = change.updateBody();
        if (body.isEmpty() && change.tagsToAdd().isEmpty()) {
            next = new ContactLink(link.locationId(), link.clientId(), link.contactId(), link.lastPushedJson(),
                    event.occurredAt(), event.eventId());
            return new SyncResult(Outcome.UNCHANGED, next, "no field changed; no GHL call made");
        }
        MappedContact pushed = pushChanges(link.locationId(), link.contactId(), change, body, last);
        pushTags(link.locationId(), link.contactId(), change.tagsToAdd());
        next = new ContactLink(link.locationId(), link.clientId(), link.contactId(), pushed.toJson(),
                event.occurredAt(), event.eventId());
        List<String> parts = new java.util.ArrayList<>();
        java.util.Set<String> names = changedNames(change);
        if (!names.isEmpty()) {
            parts.add("updated " + String.join(", ", names));
        }
        if (!change.tagsToAdd().isEmpty()) {
            parts.add("added tags " + String.join(", ", change.tagsToAdd()));
        }
        return new SyncResult(Outcome.UPDATED, next, String.join("; ", parts));
    }

    private MappedContact pushChanges(String locationId, String contactId, ContactChange change,
            Map<String, Object> body, MappedContact last) {
        if (!body.isEmpty()) {
            ghl.send(locationId, "PUT", "/contacts/" + contactId, null, customFields.resolve(locationId, body));
        }
        return ContactBodies.afterPush(last, change);
    }

    private static java.util.Set<String> changedNames(ContactChange change) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(change.fields().keySet());
        names.addAll(change.customFields().keySet());
        names.removeAll(change.notUpdatable());
        return names;
    }

    private void pushTags(String locationId, String contactId, List<String> tags) {
        if (!tags.isEmpty()) {
            ghl.send(locationId, "POST", "/contacts/" + contactId + "/tags", null, Map.of("tags", tags));
        }
    }

    private String duplicateContactId(GhlException e) {
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
}
