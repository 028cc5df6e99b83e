package org.privyrghlsync.sync;

import java.time.Instant;
import java.util.List;
import org.privyrghlsync.store.ContactLink;
import org.privyrghlsync.store.ItemLink;
import org.privyrghlsync.store.Outcome;

/**
 * Result of applying one event, set by the processors of the {@code contact-sync} route as exchange property
 * {@link #PROPERTY}. A non-null {@code link} replaces the client's id map row and last pushed values; {@code items}
 * replace the task and note links they name. A {@code waiting} result parks the event until its client has a GHL
 * contact.
 */
public record SyncResult(Outcome outcome, ContactLink link, List<ItemLink> items, String detail, boolean waiting) {

    public static final String PROPERTY = "PrivyrSyncResult";
    /** Exchange property with the {@link org.privyrghlsync.store.InboxEntry} being applied. */
    public static final String INBOX_ENTRY = "PrivyrInboxEntry";

    public SyncResult {
        items = List.copyOf(items);
    }

    public SyncResult(Outcome outcome, ContactLink link, String detail) {
        this(outcome, link, List.of(), detail, false);
    }

    /** Returns a result that stores one task or note link, and the client's link when it changed (else null). */
    public static SyncResult ofItem(Outcome outcome, ContactLink link, ItemLink item, String detail) {
        return new SyncResult(outcome, link, List.of(item), detail, false);
    }

    /** Returns a result that parks a task or note event until its client has a GHL contact. */
    public static SyncResult waitingForContact(String clientId, String kind, String itemId) {
        return new SyncResult(null, null, List.of(), "client " + clientId + " has no GHL contact yet; " + kind + " "
                + itemId + " waits for the client's contact sync", true);
    }

    /** Returns a result that skips an event older than the last one applied to its task or note. */
    public static SyncResult staleItem(Instant occurredAt, ItemLink item) {
        return new SyncResult(Outcome.STALE, null, "occurred_at " + occurredAt + " is older than "
                + item.lastOccurredAt() + " of event " + item.lastEventId() + " of " + item.kind() + " "
                + item.itemId() + ", already applied; skipped");
    }
}
