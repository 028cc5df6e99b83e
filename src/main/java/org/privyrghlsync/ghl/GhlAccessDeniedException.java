package org.privyrghlsync.ghl;

/**
 * GHL denied a location's token, so no call of the location is sent until its next try (see {@link LocationAccess}).
 * It is a {@link TokenRefreshException} of kind {@code PAUSED}: like a location without a token, nothing reached GHL
 * for the failed call, and its event stays pending without counting an attempt.
 */
public final class GhlAccessDeniedException extends TokenRefreshException {

    public GhlAccessDeniedException(String message, Throwable cause) {
        super(Kind.PAUSED, message, cause);
    }
}
