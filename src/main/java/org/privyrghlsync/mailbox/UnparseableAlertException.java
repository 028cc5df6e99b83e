package org.privyrghlsync.mailbox;

/**
 * Thrown when a message that passed the sender and subject checks is not a lead alert that can be read. The message
 * is safe to log: it names what is missing and never quotes the email's content.
 */
public final class UnparseableAlertException extends Exception {

    public UnparseableAlertException(String message) {
        super(message);
    }
}
