package org.privyrghlsync.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.mapping.ContactBodies;
import org.privyrghlsync.mapping.ContactChange;
import org.privyrghlsync.mapping.MappedContact;
import org.privyrghlsync.mapping.NoteMapping;
import org.privyrghlsync.mapping.ReloadableMappings;
import org.privyrghlsync.store.ItemLink;
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
 * tags through the add-tags and remove-tags calls, never through {@code tags} in a contact body. A linked contact
 * that no longer exists in GHL is replaced per {@link MissingContactPolicy}. An event older than the last one applied to
 * the client is skipped.
 */
public final class ContactSyncProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ContactSyncProcessor.class);

    private final ReloadableMappings mappings;
    private final GhlContacts contacts;
    private final SyncLedger ledger;
    private final NoteSyncProcessor notes;

    /**
     * @param notes makes the first-sync note of a newly linked client while {@code notes.first-sync-note} in
     *     mappings/task.yaml is true
     */
    public ContactSyncProcessor(ReloadableMappings mappings, GhlContacts contacts, SyncLedger ledger,
            NoteSyncProcessor notes) {
        this.mappings = mappings;
        this.contacts = contacts;
        this.ledger = ledger;
        this.notes = notes;
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
        // One read of both mappings, so that a reload during this event cannot mix two versions.
        ReloadableMappings.Loaded loaded = mappings.current();
        MappedContact desired = loaded.contact().map(event.client());
        for (String warning : desired.warnings()) {
            LOG.warn("Event {} of client {}: {}", event.eventId(), event.client().id(), warning);
        }
        SyncResult result = link.isPresent()
                ? update(event, link.get(), desired)
                : create(event, locationId, loaded, desired);
        exchange.setProperty(SyncResult.PROPERTY, result);
    }

    private SyncResult create(EventEnvelope event, String locationId, ReloadableMappings.Loaded loaded,
            MappedContact desired) {
        GhlContacts.Written written = contacts.create(locationId, event.client().id(), desired);
        ContactLink link = new ContactLink(locationId, event.client().id(), written.contactId(),
                written.pushed().toJson(), event.occurredAt(), event.eventId());
        Outcome outcome = written.created() ? Outcome.CREATED : Outcome.UPDATED;
        if (!loaded.task().notes().firstSyncNote()) {
            return new SyncResult(outcome, link, written.detail());
        }
        String text = NoteMapping.firstSyncNoteText(event.client().notes(),
                loaded.contact().unmappedOtherFields(event.client()));
        ItemLink stored = ledger.findItem(locationId, ItemLink.CLIENT_NOTE, event.client().id()).orElse(null);
        if (text.isEmpty() || (stored != null && !stored.ghlId().isEmpty())) {
            return new SyncResult(outcome, link, written.detail());
        }
        String noteId = notes.createNote(NoteSyncProcessor.intent(locationId, event, event.client().id(),
                ItemLink.CLIENT_NOTE, written.contactId(), text), stored);
        ItemLink note = new ItemLink(locationId, ItemLink.CLIENT_NOTE, event.client().id(), event.client().id(),
                written.contactId(), noteId, false, text, event.occurredAt(), event.eventId());
        return SyncResult.ofItem(outcome, link, note, written.detail() + "; added note " + noteId
                + " with the client's notes and other fields");
    }

    private SyncResult update(EventEnvelope event, ContactLink link, MappedContact desired) {
        if (link.contactMissingAt() != null) {
            return replaceMissing(event, link, desired, GhlContacts.foundMissingByReconciliation(link));
        }
        MappedContact last = MappedContact.fromJson(link.lastPushedJson());
        ContactChange change = ContactBodies.diff(desired, last);
        for (String warning : change.warnings()) {
            LOG.warn("Event {} of client {}: {}", event.eventId(), event.client().id(), warning);
        }
        // A change of a field GHL does not take on update (companyName) leaves an empty body: nothing to send.
        if (change.updateBody().isEmpty() && change.tagsToAdd().isEmpty() && change.tagsToRemove().isEmpty()) {
            ContactLink next = new ContactLink(link.locationId(), link.clientId(), link.contactId(),
                    link.lastPushedJson(), event.occurredAt(), event.eventId());
            return new SyncResult(Outcome.UNCHANGED, next, "no field changed; no GHL call made");
        }
        MappedContact pushed;
        try {
            pushed = contacts.push(link.locationId(), link.contactId(), change, last);
        } catch (GhlException e) {
            if (!GhlContacts.isMissingContact(e, true)) {
                throw e;
            }
            return replaceMissing(event, link, desired, e);
        }
        ContactLink next = new ContactLink(link.locationId(), link.clientId(), link.contactId(), pushed.toJson(),
                event.occurredAt(), event.eventId());
        List<String> parts = new ArrayList<>();
        Set<String> names = changedNames(change);
        if (!names.isEmpty()) {
            parts.add("updated " + String.join(", ", names));
        }
        if (!change.tagsToAdd().isEmpty()) {
            parts.add("added tags " + String.join(", ", change.tagsToAdd()));
        }
        if (!change.tagsToRemove().isEmpty()) {
            parts.add("removed tags " + String.join(", ", change.tagsToRemove()));
        }
        return new SyncResult(Outcome.UPDATED, next, String.join("; ", parts));
    }

    /** Replaces the missing contact of {@code link} per {@code sync.missing-contact}, with the event's values. */
    private SyncResult replaceMissing(EventEnvelope event, ContactLink link, MappedContact desired,
            GhlException cause) {
        GhlContacts.Written replacement = contacts.replaceMissing(link.locationId(), link.clientId(),
                link.contactId(), desired, cause);
        ContactLink next = new ContactLink(link.locationId(), link.clientId(), replacement.contactId(),
                replacement.pushed().toJson(), event.occurredAt(), event.eventId());
        return new SyncResult(replacement.created() ? Outcome.CREATED : Outcome.UPDATED, next,
                replacement.detail());
    }

    private static Set<String> changedNames(ContactChange change) {
        Set<String> names = new LinkedHashSet<>(change.fields().keySet());
        names.addAll(change.customFields().keySet());
        names.removeAll(change.notUpdatable());
        return names;
    }
}
