package org.privyrghlsync.testing.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * An HTTP endpoint under fuzzing: its path, how requests to it are authenticated, what a valid body looks like,
 * which invalid requests are specific to it, and the JSON error codes it returns.
 *
 * @param name a short name for reports
 * @param path the request path, such as {@code /privyr/events}
 * @param method the one method the endpoint accepts; every other method must get 405
 * @param auth how requests are authenticated
 * @param bodies makes a valid body for a request index; each index gets its own ids. A factory that returns null
 *     makes requests without a body or Content-Type, for GET endpoints
 * @param cases the target's own invalid requests, such as a field of the wrong type, next to the generic ones
 * @param errorCodes the {@code error} code of the JSON body for each 4xx status the endpoint returns
 * @param acceptedStatus the status of an accepted valid request
 * @param wholeBodyField the {@code field} named when the body as a whole is invalid (not UTF-8, not an object),
 *     or {@code null} when the endpoint names none
 * @param maxBodyBytes the largest body the endpoint accepts
 * @param maxNestingDepth the deepest nesting of objects and arrays the endpoint accepts
 * @param storedCount counts what the endpoint has stored, to check that no rejected request stored anything
 */
public record FuzzTarget(String name, String path, String method, RequestAuth auth, BodyFactory bodies,
        List<WeightedCase> cases, Map<Integer, String> errorCodes, int acceptedStatus, String wholeBodyField,
        int maxBodyBytes, int maxNestingDepth, LongSupplier storedCount) {

    /** Maker of valid request bodies. */
    @FunctionalInterface
    public interface BodyFactory {
        ObjectNode validBody(Random random, String uniqueId);
    }

    /** Returns the {@code error} code for a status, or fails when the target declared none. */
    public String errorCode(int status) {
        String code = errorCodes.get(status);
        if (code == null) {
            throw new IllegalStateException("target " + name + " declares no error code for status " + status);
        }
        return code;
    }
}
