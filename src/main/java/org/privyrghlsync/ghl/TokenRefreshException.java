package org.privyrghlsync.ghl;

/** Obtaining a GHL access token failed; the message names the location and GHL's error, never a token. */
public final class TokenRefreshException extends RuntimeException {
    public TokenRefreshException(String message, Throwable cause) {
        super(message, cause);
    }
}
