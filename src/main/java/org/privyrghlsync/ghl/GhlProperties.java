package org.privyrghlsync.ghl;

/** Names of the exchange properties that carry a GHL call's context between Java code and the GHL routes. */
public final class GhlProperties {

    /** The GHL location (sub-account) a call acts on; keys the rate limiter and the token. */
    public static final String LOCATION_ID = "GhlLocationId";
    /** The access token the last attempt sent, so a 401 can invalidate exactly that token. */
    public static final String ACCESS_TOKEN_USED = "GhlAccessTokenUsed";
    /**
     * True on a call that must not be sent twice, such as creating a task: after a connection error or a 5xx GHL may
     * have stored it, so the redelivery policy leaves the failure to the caller instead of resending.
     */
    public static final String SEND_ONCE = "GhlSendOnce";
    /** GHL API version sent in the {@code Version} header of every call. */
    public static final String API_VERSION = "2021-07-28";

    private GhlProperties() {
    }
}
