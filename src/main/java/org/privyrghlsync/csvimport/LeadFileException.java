package org.privyrghlsync.csvimport;

/** A CSV file that cannot be imported at all: missing, unreadable, not UTF-8, not valid CSV, or without a header. */
public final class LeadFileException extends RuntimeException {

    public LeadFileException(String message) {
        super(message);
    }

    public LeadFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
