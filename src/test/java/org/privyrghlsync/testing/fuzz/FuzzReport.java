package org.privyrghlsync.testing.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counts and failures of one fuzz run; thread-safe, filled by the runner's threads. */
public final class FuzzReport {

    /** One case whose response did not meet its expectation. */
    public record Failure(int index, String category, String problem, String details) {
    }

    private static final int MAX_EXCERPT_CHARS = 300;

    private final long seed;
    private final Map<String, LongAdder> byCategory = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> millisByCategory = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusedHeaders = new ConcurrentHashMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder controlsAccepted = new LongAdder();
    private final LongAdder bodyBytes = new LongAdder();
    private final AtomicLong slowestMillis = new AtomicLong();

    FuzzReport(long seed) {
        this.seed = seed;
    }

    void record(FuzzRequest request, int status, long bytes, long millis) {
        sent.increment();
        bodyBytes.add(bytes);
        byCategory.computeIfAbsent(request.category(), key -> new LongAdder()).increment();
        millisByCategory.computeIfAbsent(request.category().split("/")[0], key -> new LongAdder()).add(millis);
        byStatus.computeIfAbsent(status, key -> new LongAdder()).increment();
        slowestMillis.accumulateAndGet(millis, Math::max);
        if (request.category().equals("valid") && status == request.expectation().status()) {
            controlsAccepted.increment();
        }
    }

    void refusedHeader(String name) {
        refusedHeaders.computeIfAbsent(name, key -> new LongAdder()).increment();
    }

    synchronized void fail(int index, String category, String problem, String details) {
        failures.add(new Failure(index, category, problem, details));
    }

    public synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** Returns the number of requests that got a response. */
    public long sent() {
        return sent.sum();
    }

    /** Returns the number of valid control requests that the target accepted. */
    public long controlsAccepted() {
        return controlsAccepted.sum();
    }

    /**
     * Returns a summary: requests by status and by category, header values the JDK client refused to send, the
     * bytes of body sent and the slowest response.
     */
    public String summary() {
        StringBuilder text = new StringBuilder("fuzz seed ").append(seed).append(": ").append(sent()).append(
                " responses, ").append(bodyBytes.sum() / 1024).append(" KiB of bodies, slowest ").append(
                slowestMillis.get()).append(" ms\n  by status: ").append(sorted(byStatus)).append(
                "\n  by category: ").append(sorted(byCategory)).append(
                "\n  milliseconds spent by category: ").append(sorted(millisByCategory));
        if (!refusedHeaders.isEmpty()) {
            text.append("\n  header values the JDK client refused to send: ").append(sorted(refusedHeaders));
        }
        return text.toString();
    }

    /**
     * Returns the failures, at most {@code max} of them, each with the command that runs that one case again.
     */
    public synchronized String describeFailures(int max, String replayCommand) {
        Map<String, Long> byFailedCategory = new TreeMap<>();
        failures.forEach(failure -> byFailedCategory.merge(failure.category(), 1L, Long::sum));
        StringBuilder text = new StringBuilder(failures.size() + " of " + sent() + " cases failed (seed " + seed
                + "), by category: " + byFailedCategory);
        failures.stream().sorted(java.util.Comparator.comparingInt(Failure::index)).limit(max).forEach(failure ->
                text.append("\n- case ").append(failure.index()).append(" [").append(failure.category())
                        .append("]: ").append(failure.problem())
                        .append("\n    replay: ").append(replayCommand.replace("{seed}", Long.toString(seed))
                                .replace("{case}", Integer.toString(failure.index())))
                        .append(failure.details() == null ? "" : "\n    " + failure.details()));
        return text.toString();
    }

    static String excerpt(String text) {
        StringBuilder printable = new StringBuilder();
        for (int i = 0; i < Math.min(text.length(), MAX_EXCERPT_CHARS); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                printable.append(String.format("\\u%04x", (int) c));
            } else {
                printable.append(c);
            }
        }
        return text.length() > MAX_EXCERPT_CHARS ? printable + "... (" + text.length() + " chars)"
                : printable.toString();
    }

    private static <K extends Comparable<K>> Map<K, Long> sorted(Map<K, LongAdder> counts) {
        Map<K, Long> result = new TreeMap<>();
        counts.forEach((key, count) -> result.put(key, count.sum()));
        return result;
    }
}
