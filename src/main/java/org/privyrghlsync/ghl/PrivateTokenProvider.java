package org.privyrghlsync.ghl;

/** Uses a GHL private integration token, which does not expire and cannot be refreshed. */
public final class PrivateTokenProvider implements TokenProvider {

    private final String token;

    public PrivateTokenProvider(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("GHL_PRIVATE_TOKEN is empty; set it to the location's private"
                    + " integration token, or configure OAuth with GHL_CLIENT_ID, GHL_CLIENT_SECRET and"
                    + " GHL_REFRESH_TOKEN");
        }
        this.token = token.trim();
    }

    @Override
    public String accessToken(String locationId) {
        return token;
    }

    @Override
    public boolean invalidate(String locationId, String rejectedToken) {
        return false;
    }

    @Override
    public String toString() {
        return "PrivateTokenProvider[token=***]";
    }
}
