package org.privyrghlsync.sync;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.privyrghlsync.events.ClientData;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.mapping.MappedContact;
import org.privyrghlsync.mapping.ReloadableMappings;
import org.privyrghlsync.store.ContactLink;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.ItemLink;
import org.privyrghlsync.store.Outcome;
import org.privyrghlsync.store.SyncLedger;

/**
 * Finds the GHL contact that a task or note event belongs to, and runs calls on it that survive the contact being
 * deleted or merged in GHL.
 */
public final class ClientContacts {

    /**
     * The client's contact link. {@code changed} is true when this event made or replaced the link, which must then
     * be stored with the event's result.
     */
    public record Resolved(ContactLink link, boolean changed, String detail) {

        /** Returns the result of an event that wrote {@code item}, with this link when the event changed it. */
        public SyncResult result(Outcome outcome, ItemLink item, String itemDetail) {
            return SyncResult.ofItem(outcome, changed ? link : null, item,
                    changed ? detail + "; " + itemDetail : itemDetail);
        }
    }

    /** The value a call on the contact returned, and the contact it ran on. */
    public record Called<T>(T value, Resolved contact) {
    }

    private final SyncLedger ledger;
    private final GhlContacts contacts;
    private final ReloadableMappings mappings;

    public ClientContacts(SyncLedger ledger, GhlContacts contacts, ReloadableMappings mappings) {
        this.ledger = ledger;
        this.contacts = contacts;
        this.mappings = mappings;
    }

    /**
     * Returns the contact of the event's client, or null when the client has none yet and the event carries no
     * client name to create one from: the event then waits for the client's contact sync.
     *
     * <p>A contact made from a task or note event's client gets {@link Instant#EPOCH} as its last applied time, so the
     * client's own {@code client.created} still applies over it, whatever its {@code occurred_at}.
     */
    public Resolved resolve(InboxEntry entry, EventEnvelope event) {
        Optional<ContactLink> link = ledger.findLink(entry.locationId(), event.client().id());
        if (link.isPresent() && link.get().contactMissingAt() != null) {
            return replaceMissing(link.get(), GhlContacts.foundMissingByReconciliation(link.get()));
        }
        if (link.isPresent()) {
            return new Resolved(link.get(), false, null);
        }
        ClientData client = event.client();
        if (client.name() == null || client.name().isBlank()) {
            return null;
        }
        MappedContact desired = mappings.contact().map(client);
        GhlContacts.Written written = contacts.create(entry.locationId(), client.id(), desired);
        ContactLink created = new ContactLink(entry.locationId(), client.id(), written.contactId(),
                written.pushed().toJson(), Instant.EPOCH, event.eventId());
        return new Resolved(created, true, written.detail() + " from the event's client");
    }

    /**
     * Runs {@code call} with the contact id. When GHL reports that the contact no longer exists, the contact is
     * replaced per {@code sync.missing-contact} with the values last pushed, and {@code call} runs once more with the
     * new id.
     */
    public <T> Called<T> onContact(Resolved contact, Function<String, T> call) {
        ContactLink link = contact.link();
        try {
            return new Called<>(call.apply(link.contactId()), contact);
        } catch (GhlException e) {
            if (!GhlContacts.isMissingContact(e, false)) {
                throw e;
            }
            Resolved next = replaceMissing(link, e);
            return new Called<>(call.apply(next.link().contactId()), next);
        }
    }

    /** Replaces the missing contact of {@code link} per {@code sync.missing-contact}, with the values last pushed. */
    private Resolved replaceMissing(ContactLink link, GhlException cause) {
        MappedContact last = MappedContact.fromJson(link.lastPushedJson());
        GhlContacts.Written replacement = contacts.replaceMissing(link.locationId(), link.clientId(),
                link.contactId(), last, cause);
        ContactLink replaced = new ContactLink(link.locationId(), link.clientId(), replacement.contactId(),
                replacement.pushed().toJson(), link.lastOccurredAt(), link.lastEventId());
        return new Resolved(replaced, true, replacement.detail());
    }
}
