package org.privyrghlsync.sync;

import java.util.HashSet;
import java.util.Set;
import org.privyrghlsync.ghl.GhlRateLimiter;
import org.privyrghlsync.ghl.LocationAccess;

/**
 * Lets the dispatcher start an event only when its location's GHL budget has room for it, and keeps the events of a
 * location whose token GHL denied in the store until the location's next try.
 */
public final class GhlBudgetGate implements InboxDispatcher.Gate {

    private final GhlRateLimiter limiter;
    private final LocationAccess access;

    public GhlBudgetGate(GhlRateLimiter limiter, LocationAccess access) {
        this.limiter = limiter;
        this.access = access;
    }

    @Override
    public long tryStart(String locationId) {
        return limiter.tryStart(locationId);
    }

    @Override
    public void finish() {
        limiter.finish();
    }

    @Override
    public boolean isPaused(String locationId) {
        return limiter.isPaused(locationId) || access.isPaused(locationId);
    }

    @Override
    public Set<String> pausedLocations() {
        Set<String> denied = access.pausedLocations();
        if (denied.isEmpty()) {
            return limiter.pausedLocations();
        }
        Set<String> paused = new HashSet<>(limiter.pausedLocations());
        paused.addAll(denied);
        return paused;
    }

    @Override
    public void addChangeListener(Runnable listener) {
        limiter.addChangeListener(listener);
    }
}
