package org.privyrghlsync.ghl;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Keeps the GHL calls of each location within its burst window and daily budget ({@link RateLimitSettings}),
 * lowered by the {@code X-RateLimit-*} headers of GHL's responses. {@link BurstWindow} and {@link DailyBudget}
 * explain how each budget is counted.
 *
 * <p>The {@code direct:ghl-send} route calls {@link #acquire} before and {@link #release} after each HTTP attempt.
 * The event dispatcher calls {@link #tryStart} before it starts an event on a worker thread, and {@link #finish}
 * after. {@code tryStart} does not wait for budget: it reserves one call for the event's first GHL call on that
 * thread, or returns how long the location has no budget, so the worker can take an event of another location
 * meanwhile. A
 * later call of the same event waits in {@code acquire} for at most about one burst window, and new events of the
 * location get no reservation while such a call waits. When the daily budget is down to its reserve,
 * {@link #isPaused} makes the dispatcher leave the location's events in the store until the budget resets.
 *
 * <p>Runtimes that share a database divide each location's budgets by the event partitions they hold: each one calls
 * {@link #shareBudgets} whenever its partitions change. A runtime that never calls it, such as the one runtime of the
 * embedded H2 store, uses the whole budgets.
 */
public final class GhlRateLimiter {

    /** Exchange property with the send time of the current attempt, present while the attempt counts. */
    static final String CALL_SENT_AT = "GhlRateLimitCallSentAt";
    /** Exchange property marking that the current attempt checks a paused daily budget. */
    static final String PROBE = "GhlRateLimitProbe";

    /** A call reserved by {@link #tryStart} for the event running on the current thread. */
    private record Reservation(LocationBudget budget, boolean probe) {
    }

    private final RateLimitSettings settings;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final Map<String, LocationBudget> budgets = new ConcurrentHashMap<>();
    private final ThreadLocal<Reservation> reservation = new ThreadLocal<>();
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Guards {@link #share} and the creation of budgets, so that a new budget misses no change of the share. */
    private final Object shareLock = new Object();
    /** Share for budgets created from now on, scheduled with the configured window. */
    private final ShareSchedule share = new ShareSchedule();

    public GhlRateLimiter(RateLimitSettings settings, Clock clock) {
        this(settings, clock, System::nanoTime);
    }

    GhlRateLimiter(RateLimitSettings settings, Clock clock, LongSupplier nanoClock) {
        this.settings = settings;
        this.clock = clock;
        this.nanoClock = nanoClock;
    }

    /**
     * Reserves a call for an event of the location that the calling thread is about to start.
     *
     * @return 0 when the event may start, else the nanoseconds after which asking again may succeed
     */
    public long tryStart(String locationId) {
        if (!enabled()) {
            return 0;
        }
        LocationBudget budget = budget(locationId);
        LocationBudget.Admission admission = budget.tryStart();
        if (!admission.started()) {
            return admission.waitNanos();
        }
        Reservation previous = reservation.get();
        if (previous != null) {
            // The caller skipped finish(). No listener runs here, because the dispatcher calls tryStart while it
            // holds a lane's lock and a listener takes the lock of every lane whose events wait for the gate.
            previous.budget().cancelReservation(previous.probe(), false);
        }
        reservation.set(new Reservation(budget, admission.probe()));
        return 0;
    }

    /** Ends the event that {@link #tryStart} let start on the calling thread, returning its call if it made none. */
    public void finish() {
        Reservation unused = reservation.get();
        if (unused != null) {
            reservation.remove();
            unused.budget().cancelReservation(unused.probe(), true);
        }
    }

    /** Returns whether the location waits for its daily budget, so that its events should stay in the store. */
    public boolean isPaused(String locationId) {
        if (!settings.dailyLimited()) {
            return false;
        }
        LocationBudget budget = budgets.get(locationId);
        return budget != null && budget.paused();
    }

    /** Returns the locations whose events wait for their daily budget. */
    public Set<String> pausedLocations() {
        if (!settings.dailyLimited()) {
            return Set.of();
        }
        return budgets.entrySet().stream()
                .filter(entry -> entry.getValue().paused())
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Registers a listener that runs after a call finishes or a reservation is returned, which can let a location
     * start an event sooner than the wait that {@link #tryStart} returned.
     */
    public void addChangeListener(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Waits until the exchange's location may send one more call, right before each HTTP attempt. The event's
     * reservation from {@link #tryStart} is used first.
     *
     * @throws DailyBudgetSpentException when the location has no calls left today
     */
    public void acquire(Exchange exchange) throws InterruptedException {
        String locationId = exchange.getProperty(GhlProperties.LOCATION_ID, String.class);
        if (!enabled() || locationId == null) {
            // Without a location the auth processor rejects the call with a clear message.
            return;
        }
        LocationBudget budget = budget(locationId);
        Reservation reserved = reservation.get();
        long sentAt;
        if (reserved != null && reserved.budget() == budget) {
            reservation.remove();
            sentAt = budget.startReserved();
            exchange.setProperty(PROBE, reserved.probe());
        } else {
            sentAt = budget.acquire();
        }
        exchange.setProperty(CALL_SENT_AT, sentAt);
    }

    /** Records the end of the attempt and the rate-limit headers of its response, right after each HTTP attempt. */
    public void release(Exchange exchange) {
        Long sentAt = exchange.getProperty(CALL_SENT_AT, Long.class);
        if (sentAt == null) {
            return;
        }
        exchange.removeProperty(CALL_SENT_AT);
        boolean probe = Boolean.TRUE.equals(exchange.removeProperty(PROBE));
        String locationId = exchange.getProperty(GhlProperties.LOCATION_ID, String.class);
        budget(locationId).finish(sentAt, probe, headersOf(exchange));
    }

    /**
     * Limits each location's budgets to the part that matches the partitions this runtime holds, {@code held} of
     * {@code partitions}. A smaller part applies at once, and so does a larger daily part. GHL still counts the calls
     * that the partitions' previous holder sent in the last burst window. So a larger burst part waits until a
     * response to the location's next call gives GHL's remaining count, or at most one burst window.
     */
    public void shareBudgets(int held, int partitions) {
        PartitionShare next = PartitionShare.of(held, partitions);
        synchronized (shareLock) {
            if (next.equals(share.latest())) {
                return;
            }
            share.change(next, nanoClock.getAsLong(), settings.windowMillis() * 1_000_000L);
            for (LocationBudget budget : budgets.values()) {
                budget.changeShare(next);
            }
        }
        // A larger part can end a daily pause at once.
        notifyListeners();
    }

    private boolean enabled() {
        return settings.burstLimited() || settings.dailyLimited();
    }

    private LocationBudget budget(String locationId) {
        LocationBudget budget = budgets.get(locationId);
        if (budget != null) {
            return budget;
        }
        synchronized (shareLock) {
            return budgets.computeIfAbsent(locationId,
                    id -> new LocationBudget(id, settings, clock, nanoClock, share.copy(), this::notifyListeners));
        }
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    /**
     * Returns the headers of the attempt's response: from the message after a success status, else from the
     * exception. While a doFinally step runs, Camel (4.18, checked) keeps the exception in
     * {@link Exchange#EXCEPTION_CAUGHT} and not on the exchange. A connection error has no headers.
     */
    private static RateLimitHeaders headersOf(Exchange exchange) {
        if (exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE) != null) {
            return RateLimitHeaders.read(exchange.getMessage()::getHeader);
        }
        Exception failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        }
        if (failure instanceof HttpOperationFailedException http && http.getResponseHeaders() != null) {
            Map<String, String> headers = http.getResponseHeaders();
            return RateLimitHeaders.read(name -> ignoringCase(headers, name));
        }
        return RateLimitHeaders.NONE;
    }

    private static String ignoringCase(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
