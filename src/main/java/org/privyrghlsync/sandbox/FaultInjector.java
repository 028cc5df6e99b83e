package org.privyrghlsync.sandbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Registry of injected faults. Each fault sends a fixed status and body to a number of matching requests.
 */
final class FaultInjector {

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    /**
     * Adds a fault for requests whose method equals {@code method} (null or {@code *} matches any method) and
     * whose whole path matches {@code pathRegex}.
     */
    void add(String method, String pathRegex, int status, String jsonBody, int times) {
        add(method, pathRegex, status, jsonBody, times, false, 0);
    }

    /**
     * Adds a fault whose matching requests are handled as usual, after which the connection is closed before the
     * response is sent, so the client never learns the outcome.
     */
    void addLostResponse(String method, String pathRegex, int times) {
        add(method, pathRegex, 200, "", times, true, 0);
    }

    /** Adds a fault whose matching requests get 504 after {@code delayMillis}, without being handled. */
    void addDelay(String method, String pathRegex, long delayMillis, int times) {
        add(method, pathRegex, 504, "", times, false, delayMillis);
    }

    private void add(String method, String pathRegex, int status, String jsonBody, int times, boolean lost,
            long delayMillis) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status between 100 and 599, got " + status);
        }
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        String normalizedMethod = method == null || method.equals("*")
                ? null
                : method.toUpperCase(java.util.Locale.ROOT);
        faults.add(new Fault(normalizedMethod, Pattern.compile(pathRegex), status, jsonBody == null ? "" : jsonBody,
                new AtomicInteger(times), lost, delayMillis));
    }

    /** Takes one use of the first matching fault and returns it, or returns null when none matches. */
    Fault take(String method, String path) {
        if (faults.isEmpty()) {
            return null;
        }
        for (Fault fault : faults) {
            if (fault.matches(method, path) && fault.tryUse()) {
                if (fault.remaining.get() == 0) {
                    faults.remove(fault);
                }
                return fault;
            }
        }
        return null;
    }

    void clear() {
        faults.clear();
    }

    /** One injected fault and its remaining uses. */
    record Fault(String method, Pattern path, int status, String body, AtomicInteger remaining, boolean lost,
            long delayMillis) {

        boolean matches(String requestMethod, String requestPath) {
            return (method == null || method.equals(requestMethod)) && path.matcher(requestPath).matches();
        }

        boolean tryUse() {
            int left;
            do {
                left = remaining.get();
                if (left <= 0) {
                    return false;
                }
            } while (!remaining.compareAndSet(left, left - 1));
            return true;
        }
    }
}
