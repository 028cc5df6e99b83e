package org.privyrghlsync.ghl;

/**
 * No call of a location could be sent with its credentials: obtaining an access token failed, or GHL denied the
 * location's token ({@link GhlAccessDeniedException}). The message names the location and GHL's error, never a token.
 */
public class TokenRefreshException extends RuntimeException {

    /** Effect of a failure on the location. */
    public enum Kind {
        /** GHL rejected the refresh for good (invalid_grant, invalid_client, location not active). */
        PERMANENT,
        /** A timeout, connection error, 429 or 5xx: retried later with backoff. */
        TEMPORARY,
        /** The location needs to be authorized again, or GHL denied its token, so nothing was sent. */
        PAUSED
    }

    private final Kind kind;

    public TokenRefreshException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
