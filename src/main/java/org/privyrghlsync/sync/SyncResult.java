package org.privyrghlsync.sync;

import org.privyrghlsync.store.ContactLink;
import org.privyrghlsync.store.Outcome;

/**
 * Result of applying one event, set by the processors of the {@code contact-sync} route as exchange property
 * {@link #PROPERTY}. A non-null {@code link} replaces the client's id map row and last pushed values.
 */
public record SyncResult(Outcome outcome, ContactLink link, String detail) {

    public static final String PROPERTY = "PrivyrSyncResult";
    /** Exchange property with the {@link org.privyrghlsync.store.InboxEntry} being applied. */
    public static final String INBOX_ENTRY = "PrivyrInboxEntry";
}
