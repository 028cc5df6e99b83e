package org.privyrghlsync.ghl;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Reports DOWN while any GHL location needs to be authorized again, naming each one and the reason. */
public final class LocationsHealthCheck extends AbstractHealthCheck {

    private final LocationAuthState authState;

    public LocationsHealthCheck(LocationAuthState authState) {
        super("privyr-ghl-sync", "ghl-locations");
        this.authState = authState;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, String> reauth = authState.reauthRequired();
        if (reauth.isEmpty()) {
            builder.up();
            return;
        }
        reauth.forEach((locationId, reason) -> builder.detail("location." + locationId, "REAUTH_REQUIRED: " + reason));
        builder.message("GHL locations need to be authorized again: " + String.join(", ", reauth.keySet()));
        builder.down();
    }
}
