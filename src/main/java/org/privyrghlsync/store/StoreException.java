package org.privyrghlsync.store;

/** A failure to read or write the product's store. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
