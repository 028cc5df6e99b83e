package org.privyrghlsync.store;

import java.time.Instant;

/**
 * The GHL task or note that a Privyr task or note maps to in one location, with the values last pushed to GHL and the
 * {@code occurred_at} of the last event applied to it. For a task, {@code lastPushedJson} is the mapped task as JSON;
 * for a note, it is the note text. A {@link #CONTACT_CREATE} row records a contact create instead, with the mapped
 * contact as JSON.
 *
 * @param kind {@link #TASK}, {@link #NOTE}, {@link #CLIENT_NOTE} or {@link #CONTACT_CREATE}
 * @param itemId the Privyr task or note id; for {@link #CLIENT_NOTE} and {@link #CONTACT_CREATE}, the client id
 * @param contactId the GHL contact the item belongs to; empty for {@link #CONTACT_CREATE}
 * @param ghlId the GHL task or note id; empty for {@link #CONTACT_CREATE} and while a create's response is missing
 * @param deleted true once the item was deleted in GHL; the row stays so that late events for it are skipped
 */
public record ItemLink(
        String locationId,
        String kind,
        String itemId,
        String clientId,
        String contactId,
        String ghlId,
        boolean deleted,
        String lastPushedJson,
        Instant lastOccurredAt,
        String lastEventId) {

    public static final String TASK = "task";
    public static final String NOTE = "note";
    /** The note made from a client's {@code notes} and unmapped fields on its first sync. */
    public static final String CLIENT_NOTE = "client-note";
    /**
     * A contact create that GHL's duplicate rule cannot find again (a client without email and phone, or a re-create
     * in a location that allows duplicates), keyed by the client id, with the values sent, empty GHL ids and, as
     * {@code lastOccurredAt}, the time the create was sent or failed. An attempt that finds this row searches for
     * the contact by the client's id before creating one.
     */
    public static final String CONTACT_CREATE = "contact-create";

}
