package org.privyrghlsync.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.privyrghlsync.testing.Events;

/**
 * A mix of 1,000 Privyr events for {@link FaultMixTest} and the GHL state it must end in. Each client gets a
 * create, two updates (name, groups and phone), two tasks (one renamed and completed, the other deleted for every
 * second client) and a note that is edited. Repeats of earlier events, with the same {@code event_id} or under a new
 * one, fill the list up to 1,000.
 */
final class FaultMixEvents {

    static final int TOTAL = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The values one client's GHL contact must end with. */
    record ExpectedContact(String email, String firstName, String lastName, String phone, Set<String> tags) {
    }

    /**
     * The values that the GHL task of Privyr task {@code itemId} must end with; a task whose {@code deleted} is true
     * must not exist.
     */
    record ExpectedTask(String itemId, String title, String dueDate, boolean completed, boolean deleted) {
    }

    private final List<String> events = new ArrayList<>();
    private final Map<String, ExpectedContact> contacts = new LinkedHashMap<>();
    private final Map<String, List<ExpectedTask>> tasks = new LinkedHashMap<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();
    private int sameIdRepeats;
    private int newIdRepeats;

    /**
     * Builds the events of {@code clients} clients, step by step across all clients, so that many clients are in
     * progress at once, then inserts repeats at random places after their original.
     */
    FaultMixEvents(int clients, Random random) {
        int steps = 10;
        for (int step = 0; step < steps; step++) {
            for (int c = 0; c < clients; c++) {
                String event = event(step, c);
                if (event != null) {
                    events.add(event);
                }
            }
        }
        for (int c = 0; c < clients; c++) {
            expect(c);
        }
        addRepeats(random);
    }

    /** Returns the events in the order to post them. */
    List<String> events() {
        return List.copyOf(events);
    }

    /** Returns the expected contact of each client, by client id. */
    Map<String, ExpectedContact> contacts() {
        return Map.copyOf(contacts);
    }

    /** Returns the expected tasks of each client, deleted ones included, by client id. */
    Map<String, List<ExpectedTask>> tasks() {
        return Map.copyOf(tasks);
    }

    /** Returns the expected note bodies of each client, by client id. */
    Map<String, List<String>> notes() {
        return Map.copyOf(notes);
    }

    int sameIdRepeats() {
        return sameIdRepeats;
    }

    int newIdRepeats() {
        return newIdRepeats;
    }

    static String clientId(int c) {
        return "7" + String.format("%07d", c);
    }

    private static String email(int c) {
        return "mix" + c + "@example.com";
    }

    private static String phone(int c, int version) {
        return "+9197" + version + String.format("%07d", c);
    }

    /** Returns the event of one client at one step, or null when the client has none at that step. */
    private static String event(int step, int c) {
        String client = clientId(c);
        String id = "mix-" + c + "-" + step;
        // Each step is one minute later, so the occurred_at order of one client's events is the step order.
        String time = "2025-03-14T10:%02d:%02dZ".formatted(step, c % 60);
        return switch (step) {
            case 0 -> Events.client("client.created", id, time, client, Map.of("name", "Asha Lead" + c,
                    "email", email(c), "phone", phone(c, 1), "groups", List.of("Hot")));
            case 1 -> Events.client("client.updated", id, time, client, Map.of("name", "Asha Renamed" + c,
                    "email", email(c), "phone", phone(c, 1), "groups", List.of("Warm")));
            case 2 -> Events.task("task.created", id, time, client, "call-" + c, Map.of("title", "Call lead " + c,
                    "due_at", "2025-04-01T05:00:00Z"));
            case 3 -> Events.task("task.created", id, time, client, "brochure-" + c, Map.of("title",
                    "Send brochure to lead " + c, "due_at", "2025-04-02T05:00:00Z"));
            case 4 -> Events.note("note.created", id, time, client, "note-" + c, Map.of("body",
                    "First call with lead " + c));
            case 5 -> Events.task("task.updated", id, time, client, "call-" + c, Map.of("title",
                    "Call lead " + c + " again", "due_at", "2025-04-03T05:00:00Z"));
            case 6 -> Events.client("client.updated", id, time, client, Map.of("name", "Asha Final" + c,
                    "email", email(c), "phone", phone(c, 2), "groups", List.of("Warm")));
            case 7 -> Events.task("task.updated", id, time, client, "call-" + c, Map.of("status", "COMPLETED"));
            case 8 -> Events.note("note.updated", id, time, client, "note-" + c, Map.of("body",
                    "Lead " + c + " wants a site visit"));
            default -> c % 2 == 0 ? Events.task("task.deleted", id, time, client, "brochure-" + c, Map.of())
                    : null;
        };
    }

    private void expect(int c) {
        String client = clientId(c);
        contacts.put(client, new ExpectedContact(email(c), "Asha", "Final" + c, phone(c, 2), Set.of("privyr",
                "warm")));
        tasks.put(client, List.of(
                new ExpectedTask("call-" + c, "Call lead " + c + " again", "2025-04-03T05:00:00.000Z", true, false),
                new ExpectedTask("brochure-" + c, "Send brochure to lead " + c, "2025-04-02T05:00:00.000Z", false,
                        c % 2 == 0)));
        notes.put(client, List.of("Lead " + c + " wants a site visit"));
    }

    /**
     * Inserts repeats until the list has {@link #TOTAL} events: half with the original {@code event_id}, as a
     * producer that retries a delivery sends them, and half under a new id, as a producer that sends the same change
     * twice does. Each lands up to 120 places after its original, so some arrive after later events of the same
     * client and must be skipped as stale.
     */
    private void addRepeats(Random random) {
        int originals = events.size();
        while (events.size() < TOTAL) {
            int original = random.nextInt(originals);
            String event = events.get(original);
            if (events.size() % 2 == 0) {
                sameIdRepeats++;
            } else {
                event = withEventId(event, "mix-again-" + events.size());
                newIdRepeats++;
            }
            int position = Math.min(events.size(), original + 1 + random.nextInt(120));
            events.add(position, event);
        }
    }

    private static String withEventId(String event, String eventId) {
        try {
            ObjectNode envelope = (ObjectNode) JSON.readTree(event);
            envelope.put("event_id", eventId);
            return envelope.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
