package org.privyrghlsync.ghl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;

/**
 * Keeps the calls to each GHL location within {@code maxRequests} per {@code windowMillis}.
 *
 * <p>A call holds one of the location's permits from before it is sent until {@code windowMillis} after its response
 * arrived. GHL counts a call when it arrives, which is between those two moments, so no window that GHL measures
 * can hold more than {@code maxRequests} of these calls, however long the network or GHL takes.
 */
public final class GhlRateLimiter {

    /** Exchange property marking that the current attempt holds a permit. */
    public static final String PERMIT_HELD = "GhlRatePermitHeld";

    private final int maxRequests;
    private final long windowMillis;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final ScheduledExecutorService releaser;

    /** Creates a limiter; {@code maxRequests} of 0 or less switches limiting off. */
    public GhlRateLimiter(int maxRequests, long windowMillis) {
        this.maxRequests = maxRequests;
        this.windowMillis = windowMillis;
        this.releaser = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ghl-rate-limit");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Blocks until the exchange's location has a free permit; used right before each HTTP attempt. */
    public void acquire(Exchange exchange) throws InterruptedException {
        if (maxRequests <= 0) {
            return;
        }
        String locationId = exchange.getProperty(GhlProperties.LOCATION_ID, String.class);
        permits.computeIfAbsent(locationId, id -> new Semaphore(maxRequests, true)).acquire();
        exchange.setProperty(PERMIT_HELD, Boolean.TRUE);
    }

    /** Returns the attempt's permit to its location once the window has passed; used after each HTTP attempt. */
    public void release(Exchange exchange) {
        if (!Boolean.TRUE.equals(exchange.removeProperty(PERMIT_HELD))) {
            return;
        }
        Semaphore semaphore = permits.get(exchange.getProperty(GhlProperties.LOCATION_ID, String.class));
        releaser.schedule(() -> semaphore.release(), windowMillis, TimeUnit.MILLISECONDS);
    }

    /** Returns the number of calls the location may start now without waiting. */
    public int available(String locationId) {
        Semaphore semaphore = permits.get(locationId);
        return semaphore == null ? maxRequests : semaphore.availablePermits();
    }

    public void close() {
        releaser.shutdownNow();
    }
}
