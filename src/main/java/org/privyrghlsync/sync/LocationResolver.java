package org.privyrghlsync.sync;

import java.util.HashMap;
import java.util.Map;

/**
 * Chooses the GHL location that a Privyr account's events go to: an entry of {@code privyr.account-locations}
 * ({@code account:location,account:location}) when one names the account, else the default {@code GHL_LOCATION_ID}.
 */
public final class LocationResolver {

    private final String defaultLocation;
    private final Map<String, String> byAccount = new HashMap<>();

    public LocationResolver(String defaultLocation, String accountLocations) {
        this.defaultLocation = defaultLocation == null ? "" : defaultLocation.trim();
        if (accountLocations != null && !accountLocations.isBlank()) {
            for (String pair : accountLocations.split(",")) {
                String[] parts = pair.trim().split(":", 2);
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw new IllegalArgumentException("Invalid privyr.account-locations entry '" + pair.trim()
                            + "'; expected <privyr account id>:<GHL location id>");
                }
                byAccount.put(parts[0].trim(), parts[1].trim());
            }
        }
        if (this.defaultLocation.isEmpty() && byAccount.isEmpty()) {
            throw new IllegalArgumentException("No GHL location is configured; set GHL_LOCATION_ID (or"
                    + " privyr.account-locations)");
        }
    }

    /** Returns the location for an account, or null when neither a mapping nor a default exists. */
    public String locationFor(String accountId) {
        String location = byAccount.get(accountId);
        if (location != null) {
            return location;
        }
        return defaultLocation.isEmpty() ? null : defaultLocation;
    }
}
