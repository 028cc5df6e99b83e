package org.privyrghlsync.admin;

/**
 * A rejected admin request or dead-letter operation, with the HTTP status and error code that the admin API sends
 * and a reason that includes the next step for the caller.
 */
public class AdminException extends RuntimeException {

    private final int status;
    private final String error;

    public AdminException(int status, String error, String reason) {
        super(reason);
        this.status = status;
        this.error = error;
    }

    static AdminException notFound(String reason) {
        return new AdminException(404, "not_found", reason);
    }

    static AdminException conflict(String reason) {
        return new AdminException(409, "conflict", reason);
    }

    /** Returns the HTTP status, such as 404. */
    public int status() {
        return status;
    }

    /** Returns the error code of the JSON body, such as {@code not_found}. */
    public String error() {
        return error;
    }
}
