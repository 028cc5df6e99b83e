package org.privyrghlsync.testing.fuzz;

/**
 * The response a fuzz case must get.
 *
 * @param status the exact HTTP status
 * @param error the {@code error} code of the JSON body, or {@code null} when the status has no JSON body
 * @param field the {@code field} of the JSON body, or {@code null} when the case cannot predict it
 */
public record Expectation(int status, String error, String field) {

    /** Returns whether the response must carry a JSON error body. */
    public boolean json() {
        return error != null;
    }
}
