package org.privyrghlsync.admin;

import java.util.List;

/**
 * A rejected admin request or dead-letter operation, with the HTTP status and error code that the admin API sends
 * and a reason that includes the next step for the caller.
 */
public class AdminException extends RuntimeException {

    private final int status;
    private final String error;
    private final String allow;

    public AdminException(int status, String error, String reason) {
        this(status, error, reason, null);
    }

    private AdminException(int status, String error, String reason, String allow) {
        super(reason);
        this.status = status;
        this.error = error;
        this.allow = allow;
    }

    /** Returns a 405 for a request whose method is not one of {@code allowed}, which the Allow header lists. */
    static AdminException methodNotAllowed(String method, List<String> allowed) {
        String allow = String.join(", ", allowed);
        return new AdminException(405, "method_not_allowed", "Method " + InvalidParameterException.clip(method)
                + " is not allowed on this path; use " + allow, allow);
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

    /** Returns the value of the Allow header of a 405, or null for other statuses. */
    public String allow() {
        return allow;
    }

    /** Returns the error code of the JSON body, such as {@code not_found}. */
    public String error() {
        return error;
    }
}
