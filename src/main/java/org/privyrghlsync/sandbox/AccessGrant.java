package org.privyrghlsync.sandbox;

/**
 * Identity behind a bearer token: the user type ({@code Location} or {@code Company}) and the ids it is bound to.
 *
 * @param userType {@code Location} or {@code Company}, as in the {@code user_type} form field
 * @param locationId the sub-account of a Location token, null for a Company token
 * @param companyId the agency that owns the location
 * @param expiresAtNanos {@link System#nanoTime()} after which the token is expired, or {@link Long#MAX_VALUE}
 * @param generation the {@link TokenStore} generation at issue time, which {@code expireAccessTokens} compares
 */
record AccessGrant(String userType, String locationId, String companyId, long expiresAtNanos, long generation) {

    static final String LOCATION = "Location";
    static final String COMPANY = "Company";

    boolean isLocation() {
        return LOCATION.equals(userType);
    }
}
