package org.privyrghlsync.mailbox;

/**
 * Thrown when the event of a lead alert could not be stored in the inbox. It fails the exchange, so camel-mail does
 * not flag the message and the next poll reads it again.
 */
public final class MailboxStoreException extends Exception {

    public MailboxStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
