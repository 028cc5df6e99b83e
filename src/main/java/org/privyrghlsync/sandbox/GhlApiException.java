package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Error raised by a sandbox handler, carrying the HTTP status and the GHL-shaped JSON body to send.
 */
final class GhlApiException extends RuntimeException {

    private final int status;
    private final transient ObjectNode body;

    GhlApiException(int status, ObjectNode body) {
        super(status + " " + body, null, false, false);
        this.status = status;
        this.body = body;
    }

    int status() {
        return status;
    }

    ObjectNode body() {
        return body;
    }
}
