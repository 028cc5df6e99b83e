package org.privyrghlsync.ghl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Reports DOWN while any GHL location needs to be authorized again or GHL denies its token, naming each one and the
 * reason.
 */
public final class LocationsHealthCheck extends AbstractHealthCheck {

    private final LocationAuthState authState;
    private final LocationAccess access;

    public LocationsHealthCheck(LocationAuthState authState, LocationAccess access) {
        super("privyr-ghl-sync", "ghl-locations");
        this.authState = authState;
        this.access = access;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, String> reauth = authState.reauthRequired();
        Map<String, String> denied = access.deniedLocations();
        if (reauth.isEmpty() && denied.isEmpty()) {
            builder.up();
            return;
        }
        Map<String, String> details = new TreeMap<>();
        reauth.forEach((locationId, reason) -> details.put(locationId, "REAUTH_REQUIRED: " + reason));
        denied.forEach((locationId, response) -> details.merge(locationId, "ACCESS_DENIED: " + response,
                (first, second) -> first + "; " + second));
        details.forEach((locationId, detail) -> builder.detail("location." + locationId, detail));
        List<String> parts = new ArrayList<>();
        if (!reauth.isEmpty()) {
            parts.add("GHL locations need to be authorized again: " + String.join(", ", reauth.keySet()));
        }
        if (!denied.isEmpty()) {
            parts.add("GHL denies the token of locations: " + String.join(", ", denied.keySet()));
        }
        builder.message(String.join("; ", parts));
        builder.down();
    }
}
