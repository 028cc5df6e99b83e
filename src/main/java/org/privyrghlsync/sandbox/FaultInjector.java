package org.privyrghlsync.sandbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Registry of injected faults. Each request takes the first fault that matches it and applies to it, or none.
 */
final class FaultInjector {

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1);

    /** Adds a fault after the existing ones and returns it. */
    Fault add(FaultSpec spec) {
        Fault fault = new Fault(nextId.getAndIncrement(), spec);
        faults.add(fault);
        return fault;
    }

    /** Returns the active faults in the order they are tried. */
    List<Fault> list() {
        return List.copyOf(faults);
    }

    /** Removes one fault and returns whether it existed. */
    boolean remove(long id) {
        return faults.removeIf(fault -> fault.id() == id);
    }

    void clear() {
        faults.clear();
    }

    /**
     * Returns the first fault that matches the request and applies to it, counting the use, or null. A fault whose
     * count is used up is removed.
     */
    Fault take(String method, String path) {
        if (faults.isEmpty()) {
            return null;
        }
        for (Fault fault : faults) {
            if (fault.matches(method, path) && fault.applies() && fault.tryUse()) {
                if (fault.exhausted()) {
                    faults.remove(fault);
                }
                return fault;
            }
        }
        return null;
    }

    /** One injected fault with its counters. */
    static final class Fault {
        private final long id;
        private final FaultSpec spec;
        private final Pattern path;
        private final AtomicLong matched = new AtomicLong();
        private final AtomicInteger used = new AtomicInteger();

        Fault(long id, FaultSpec spec) {
            this.id = id;
            this.spec = spec;
            this.path = Pattern.compile(spec.pathRegex());
        }

        long id() {
            return id;
        }

        FaultSpec spec() {
            return spec;
        }

        /** Returns the number of requests that matched the method and path so far. */
        long matched() {
            return matched.get();
        }

        /** Returns the number of requests the fault affected so far. */
        int used() {
            return used.get();
        }

        boolean matches(String requestMethod, String requestPath) {
            return ("*".equals(spec.method()) || spec.method().equals(requestMethod))
                    && path.matcher(requestPath).matches();
        }

        /**
         * Counts one matching request and returns whether the rate selects it: the n-th matching request is
         * selected when n times the rate passes a whole number. The small tolerance keeps 0.2 times 5 at 1.
         */
        private boolean applies() {
            long n = matched.incrementAndGet();
            return Math.floor(n * spec.rate() + 1e-9) > Math.floor((n - 1) * spec.rate() + 1e-9);
        }

        private boolean tryUse() {
            Integer count = spec.count();
            int before;
            do {
                before = used.get();
                if (count != null && before >= count) {
                    return false;
                }
            } while (!used.compareAndSet(before, before + 1));
            return true;
        }

        private boolean exhausted() {
            return spec.count() != null && used.get() >= spec.count();
        }
    }
}
