package org.privyrghlsync.store;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/** A failure to read or write the product's store. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Returns why a statement failed. A batch error of the PostgreSQL driver repeats the statement with its values,
     * event payloads included, so for a batch the reason of its first failed entry is returned instead.
     */
    static String reason(SQLException e) {
        if (e instanceof BatchUpdateException && e.getNextException() != null) {
            return e.getNextException().getMessage();
        }
        return e.getMessage();
    }
}
