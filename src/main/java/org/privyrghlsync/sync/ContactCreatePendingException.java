package org.privyrghlsync.sync;

import java.time.Instant;

/**
 * Failure of an attempt whose contact create GHL may still store: an earlier attempt sent it without a response, and
 * GHL's search does not list the contact yet. The event is tried again without counting an attempt until
 * {@link #until()}, and after that the create is sent again.
 */
public final class ContactCreatePendingException extends RuntimeException {

    private final Instant until;

    public ContactCreatePendingException(String message, Instant until) {
        super(message, null, false, false);
        this.until = until;
    }

    /** Returns the time after which the create is sent again if GHL still lists no contact. */
    public Instant until() {
        return until;
    }
}
