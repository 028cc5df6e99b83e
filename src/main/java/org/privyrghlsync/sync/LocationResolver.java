package org.privyrghlsync.sync;

import java.util.HashMap;
import java.util.LinkedHashMap;
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
        byAccount.putAll(parseAccountLocations(accountLocations));
        if (this.defaultLocation.isEmpty() && byAccount.isEmpty()) {
            throw new IllegalArgumentException("No GHL location is configured; set GHL_LOCATION_ID (or"
                    + " privyr.account-locations)");
        }
    }

    /**
     * Reads {@code privyr.account-locations}: comma-separated {@code account:location} entries, in their order.
     *
     * @throws IllegalArgumentException for an entry that is not one account id and one location id without spaces,
     *     or an account that two entries send to different locations
     */
    public static Map<String, String> parseAccountLocations(String accountLocations) {
        Map<String, String> locations = new LinkedHashMap<>();
        if (accountLocations == null || accountLocations.isBlank()) {
            return locations;
        }
        for (String entry : accountLocations.split(",")) {
            String[] parts = entry.trim().split(":", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("Invalid privyr.account-locations entry '" + entry.trim()
                        + "'; expected <privyr account id>:<GHL location id>, with commas between entries");
            }
            String account = parts[0].trim();
            String location = parts[1].trim();
            if (hasSpaceOrColon(account) || hasSpaceOrColon(location)) {
                throw new IllegalArgumentException("Invalid privyr.account-locations entry '" + entry.trim()
                        + "': an account id or location id must not contain spaces or ':'; separate entries with"
                        + " commas, as in account1:location1,account2:location2");
            }
            String earlier = locations.putIfAbsent(account, location);
            if (earlier != null && !earlier.equals(location)) {
                throw new IllegalArgumentException("privyr.account-locations sends account '" + account
                        + "' to two locations, '" + earlier + "' and '" + location + "'; keep one entry per account");
            }
        }
        return locations;
    }

    private static boolean hasSpaceOrColon(String id) {
        return id.chars().anyMatch(c -> Character.isWhitespace(c) || c == ':');
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
