package org.privyrghlsync.ghl;

/**
 * A GHL call was not sent because its location has no calls left in its daily budget. Nothing reached GHL, so the
 * event that made the call stays pending and is applied after the budget resets.
 */
public final class DailyBudgetSpentException extends RuntimeException {

    private final String locationId;

    public DailyBudgetSpentException(String locationId, String message) {
        super(message);
        this.locationId = locationId;
    }

    public String locationId() {
        return locationId;
    }
}
