package org.privyrghlsync.sync;

import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.ghl.GhlClient;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.ghl.GhlResponse;
import org.privyrghlsync.mapping.NoteBodies;
import org.privyrghlsync.mapping.NoteMapping;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.ItemLink;
import org.privyrghlsync.store.Outcome;
import org.privyrghlsync.store.SyncLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code note.created} and {@code note.updated} events to the notes of the client's GHL contact, keeping the
 * Privyr note id to GHL note id map, so a repeated {@code note.created} never makes a second note. An event older than
 * the last one applied to the note is skipped.
 */
public final class NoteSyncProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(NoteSyncProcessor.class);

    private final GhlClient ghl;
    private final SyncLedger ledger;
    private final ClientContacts clientContacts;
    private final OnceCreation once;

    public NoteSyncProcessor(GhlClient ghl, SyncLedger ledger, ClientContacts clientContacts) {
        this.ghl = ghl;
        this.ledger = ledger;
        this.clientContacts = clientContacts;
        this.once = new OnceCreation(ledger);
    }

    @Override
    public void process(Exchange exchange) {
        EventEnvelope event = exchange.getMessage().getBody(EventEnvelope.class);
        InboxEntry entry = exchange.getProperty(SyncResult.INBOX_ENTRY, InboxEntry.class);
        exchange.setProperty(SyncResult.PROPERTY, apply(entry, event));
    }

    private SyncResult apply(InboxEntry entry, EventEnvelope event) {
        String noteId = event.note().path("id").asText();
        Optional<ItemLink> item = ledger.findItem(entry.locationId(), ItemLink.NOTE, noteId);
        if (item.isPresent() && event.occurredAt().isBefore(item.get().lastOccurredAt())) {
            return SyncResult.staleItem(event.occurredAt(), item.get());
        }
        ClientContacts.Resolved contact = clientContacts.resolve(entry, event);
        if (contact == null) {
            return SyncResult.waitingForContact(event.client().id(), ItemLink.NOTE, noteId);
        }
        ItemLink stored = item.orElse(null);
        boolean unfinished = OnceCreation.isUnfinished(stored);
        // An unfinished create stored the text it sent, which a note.updated without a body keeps.
        String text = NoteMapping.text(event.note()) != null || !unfinished ? NoteMapping.text(event.note())
                : stored.lastPushedJson();
        if (stored == null || unfinished) {
            if (text == null) {
                throw new EventRejectedException("Note " + noteId + " was never synced to GHL and this "
                        + event.eventType() + " event has no body to create it from; send its note.created event");
            }
            ClientContacts.Called<String> created = clientContacts.onContact(contact,
                    contactId -> createNote(intent(entry.locationId(), event, noteId, ItemLink.NOTE, contactId, text), stored));
            ItemLink link = new ItemLink(entry.locationId(), ItemLink.NOTE, noteId, event.client().id(),
                    created.contact().link().contactId(), created.value(), false, text, event.occurredAt(),
                    event.eventId());
            return created.contact().result(Outcome.CREATED, link, "created note " + created.value()
                    + " on contact " + created.contact().link().contactId());
        }
        return update(entry, event, stored, contact, text);
    }

    private SyncResult update(InboxEntry entry, EventEnvelope event, ItemLink item, ClientContacts.Resolved contact,
            String text) {
        Map<String, Object> body = NoteBodies.diff(text, item.lastPushedJson());
        String pushed = body.isEmpty() ? item.lastPushedJson() : text;
        if (body.isEmpty() && item.contactId().equals(contact.link().contactId())) {
            return contact.result(Outcome.UNCHANGED, applied(item, item.contactId(), item.ghlId(), pushed, event),
                    "note text unchanged; no GHL call made");
        }
        ClientContacts.Called<String> called = clientContacts.onContact(contact, contactId -> {
            if (!contactId.equals(item.contactId())) {
                // The note belonged to a contact that is gone; it is made again on the client's current contact.
                return createNote(intent(entry.locationId(), event, item.itemId(), ItemLink.NOTE, contactId, pushed), item);
            }
            try {
                ghl.send(entry.locationId(), "PUT", "/contacts/" + contactId + "/notes/" + item.ghlId(), null, body);
                return item.ghlId();
            } catch (GhlException e) {
                if (e.status() != 404 || GhlContacts.isMissingContact(e, false)) {
                    throw e;
                }
                LOG.warn("GHL note {} of note {} no longer exists; creating it again", item.ghlId(), item.itemId());
                return createNote(intent(entry.locationId(), event, item.itemId(), ItemLink.NOTE, contactId, pushed), item);
            }
        });
        String contactId = called.contact().link().contactId();
        String detail = called.value().equals(item.ghlId()) ? "updated note " + item.ghlId()
                : "GHL note " + item.ghlId() + " was gone; created note " + called.value() + " on contact "
                        + contactId;
        return called.contact().result(Outcome.UPDATED, applied(item, contactId, called.value(), pushed, event),
                detail);
    }

    /** Returns the link to store before creating a note: its text and an empty GHL id. */
    static ItemLink intent(String locationId, EventEnvelope event, String itemId, String kind, String contactId,
            String text) {
        return new ItemLink(locationId, kind, itemId, event.client().id(), contactId, "", false, text,
                event.occurredAt(), event.eventId());
    }

    /**
     * Creates the GHL note that {@code intent} describes once, recording the attempt first (see
     * {@link OnceCreation}), and returns its id.
     *
     * @param stored the note's stored link, or null
     */
    String createNote(ItemLink intent, ItemLink stored) {
        String locationId = intent.locationId();
        String contactId = intent.contactId();
        String text = intent.lastPushedJson();
        String sentEarlier = OnceCreation.isUnfinished(stored) ? stored.lastPushedJson() : null;
        OnceCreation.Created created = once.create(intent, stored,
                () -> ghl.send(locationId, "GET", "/contacts/" + contactId + "/notes", null, null).body().path("notes"),
                note -> sentEarlier != null && sentEarlier.equals(note.path("body").asText(null)),
                () -> {
                    GhlResponse answer = ghl.sendOnce(locationId, "POST", "/contacts/" + contactId + "/notes", null,
                            NoteBodies.createBody(text));
                    String id = answer.body().path("note").path("id").asText(null);
                    if (id == null || id.isBlank()) {
                        throw new GhlException("GHL's create-note response has no note.id", answer.status(), null,
                                answer.body().toString(), null);
                    }
                    return id;
                });
        if (created.adopted() && !text.equals(sentEarlier)) {
            // The note has the text the earlier attempt sent. Update it to this event's text.
            ghl.send(locationId, "PUT", "/contacts/" + contactId + "/notes/" + created.ghlId(), null,
                    NoteBodies.createBody(text));
        }
        return created.ghlId();
    }

    private static ItemLink applied(ItemLink item, String contactId, String ghlId, String text,
            EventEnvelope event) {
        return new ItemLink(item.locationId(), item.kind(), item.itemId(), item.clientId(), contactId, ghlId, false,
                text, event.occurredAt(), event.eventId());
    }
}
