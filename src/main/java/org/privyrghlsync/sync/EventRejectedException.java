package org.privyrghlsync.sync;

/**
 * An event that passed the contract's checks but cannot be applied as it is, such as a task whose due date cannot be
 * read or a note update for a note that was never synced and carries no text. The event becomes a dead letter with
 * this message; retrying it would fail the same way.
 */
public final class EventRejectedException extends RuntimeException {

    public EventRejectedException(String message, Throwable cause) {
        super(message, cause);
    }

    public EventRejectedException(String message) {
        super(message);
    }
}
