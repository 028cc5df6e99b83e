package org.privyrghlsync.ghl;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probe for the denied locations that have no pending event to probe them. When a location's next probe has been due
 * for two check intervals and no event's call took it, this sends {@code GET /contacts/?locationId=...&limit=1} for
 * the location. Without it, a location whose events had all been
 * applied or dead-lettered before the denial would stay denied, and its health check DOWN, until its next event.
 */
public final class IdleLocationProbe {

    private static final Logger LOG = LoggerFactory.getLogger(IdleLocationProbe.class);

    private final LocationAccess access;
    private final GhlClient ghl;
    private final Duration interval;
    private ScheduledExecutorService executor;

    /** Creates a probe that checks for due locations every {@code interval}. */
    public IdleLocationProbe(LocationAccess access, GhlClient ghl, Duration interval) {
        this.access = access;
        this.ghl = ghl;
        this.interval = interval;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ghl-access-probe");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::probeDue, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** Sends the probe call of each location whose next probe is due. */
    void probeDue() {
        // The retry sweep queues a paused location's pending events once its probe is due, so they get the first try.
        for (String locationId : access.idleProbeDue(interval.multipliedBy(2))) {
            try {
                ghl.sendOnce(locationId, "GET", "/contacts/", GhlClient.firstContactQuery(locationId), null);
            } catch (GhlAccessDeniedException e) {
                // A pending event took the probe, or GHL still denies the token; LocationAccess logged it.
                LOG.debug("Probe of location {} not accepted: {}", locationId, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("Probing GHL for location {} failed; the next probe follows at its usual time: {}",
                        locationId, e.toString());
            }
        }
    }
}
