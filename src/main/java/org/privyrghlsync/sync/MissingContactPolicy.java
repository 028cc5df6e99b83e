package org.privyrghlsync.sync;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Action taken when the GHL contact linked to a Privyr client no longer exists, because someone deleted it in GHL or
 * merged it into another contact. Set with {@code sync.missing-contact}.
 */
public enum MissingContactPolicy {
    /** Look the client up by email, then phone, and link the contact found; create a new one when none matches. */
    RELINK("relink"),
    /** Create a new contact with the values last pushed (the location's duplicate rule may still link an existing one). */
    RECREATE("recreate"),
    /** Record a dead letter and change nothing in GHL. */
    DEAD_LETTER("dead-letter");

    private final String configName;

    MissingContactPolicy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** Reads the setting value, rejecting anything else with the list of accepted values. */
    public static MissingContactPolicy fromConfig(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(policy -> policy.configName.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("sync.missing-contact must be one of "
                        + Arrays.stream(values()).map(MissingContactPolicy::configName)
                                .collect(Collectors.joining(", ")) + "; got '" + value + "'"));
    }
}
