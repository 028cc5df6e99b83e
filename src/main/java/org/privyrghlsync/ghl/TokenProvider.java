package org.privyrghlsync.ghl;

/** Supplies the bearer token for calls to one GHL location. */
public interface TokenProvider {

    /** Returns a token that is valid now, refreshing it first when it expires soon. */
    String accessToken(String locationId);

    /**
     * Drops {@code rejectedToken} after GHL rejected it, so the next {@link #accessToken} call obtains a new one.
     * Returns false when no new token can be obtained (a private integration token cannot be refreshed).
     */
    boolean invalidate(String locationId, String rejectedToken);
}
