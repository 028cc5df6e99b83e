package org.privyrghlsync.sync;

import java.util.Set;
import org.privyrghlsync.ghl.GhlRateLimiter;

/** Lets the dispatcher start an event only when its location's GHL budget has room for it. */
public final class GhlBudgetGate implements InboxDispatcher.Gate {

    private final GhlRateLimiter limiter;

    public GhlBudgetGate(GhlRateLimiter limiter) {
        this.limiter = limiter;
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
        return limiter.isPaused(locationId);
    }

    @Override
    public Set<String> pausedLocations() {
        return limiter.pausedLocations();
    }

    @Override
    public void addChangeListener(Runnable listener) {
        limiter.addChangeListener(listener);
    }
}
