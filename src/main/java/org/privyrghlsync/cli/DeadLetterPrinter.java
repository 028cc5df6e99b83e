package org.privyrghlsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.privyrghlsync.admin.FilterParameters;
import org.privyrghlsync.mapping.Masking;

/**
 * Prints the admin API's dead-letter JSON as text for people: a table for lists, labelled lines for one dead letter.
 * Emails and phone numbers in reasons, GHL's responses and payloads are masked.
 */
final class DeadLetterPrinter {

    private static final int REASON_WIDTH = 60;
    private static final String[] HEADINGS = {"ID", "CREATED", "TYPE", "LOCATION", "CLIENT", "GHL", "STATE",
        "EVENT", "REASON"};

    private final PrintWriter out;
    private final ObjectMapper json = new ObjectMapper();

    DeadLetterPrinter(PrintWriter out) {
        this.out = out;
    }

    /** Prints the JSON as it came, pretty-printed, for {@code --json}. */
    void printJson(JsonNode body) {
        TextTable.printJson(out, body);
    }

    void printList(JsonNode listing) {
        JsonNode letters = listing.path("dead_letters");
        if (letters.isEmpty()) {
            out.println("No dead letters match. Discarded ones are hidden unless --include-discarded is given.");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (JsonNode letter : letters) {
            rows.add(new String[] {letter.path("id").asText(), seconds(letter.path("created_at")),
                letter.path("event_type").asText(), letter.path("location_id").asText(),
                letter.path("client_id").asText(), orDash(letter.path("ghl_status")), letter.path("state").asText(),
                letter.path("event_status").asText(), clip(Masking.maskPersonalData(letter.path("reason").asText()))});
        }
        TextTable.print(out, rows);
        if (listing.path("truncated").asBoolean()) {
            out.println("Showing the newest " + letters.size() + "; more match. Narrow the filters or raise --limit"
                    + " (at most " + FilterParameters.MAX_LIST_LIMIT + ").");
        }
    }

    void printDetail(JsonNode letter) {
        JsonNode event = letter.path("event");
        out.println("Dead letter " + letter.path("id").asText() + ": " + letter.path("state").asText());
        line("Event", letter.path("event_id").asText() + " (" + letter.path("event_type").asText() + ") of client "
                + letter.path("client_id").asText() + " in location " + letter.path("location_id").asText());
        line("Event status", event.path("status").asText() + ", outcome " + orDash(event.path("outcome")) + ", "
                + attempts(event.path("attempts").asInt()));
        line("Occurred at", seconds(event.path("occurred_at")));
        line("Received at", seconds(event.path("received_at")));
        line("Processed at", seconds(event.path("processed_at")));

        line("Dead-lettered", seconds(letter.path("created_at")) + " after " + attempts(letter.path("attempts")
                .asInt()));
        int replays = letter.path("replay_count").asInt();
        line("Replayed", replays == 0 ? "never" : seconds(letter.path("replayed_at")) + " (" + replays
                + (replays == 1 ? " replay)" : " replays)"));
        line("Discarded", letter.path("discarded_at").isNull() ? "no" : seconds(letter.path("discarded_at")));
        line("Reason", Masking.maskPersonalData(letter.path("reason").asText()));
        line("GHL status", letter.path("ghl_status").isNull() ? "none (GHL did not respond)"
                : letter.path("ghl_status").asText());
        line("GHL message", Masking.maskPersonalData(orDash(letter.path("ghl_message"))));
        line("GHL response", Masking.maskPersonalData(orDash(letter.path("ghl_response"))));

        out.println("Payload, with emails and phone numbers masked:");
        JsonNode payload = event.path("payload");
        String text;
        try {
            text = payload.isTextual() ? Masking.maskPersonalData(payload.asText())
                    : json.writerWithDefaultPrettyPrinter().writeValueAsString(PayloadMasking.mask(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON tree always serializes", e);
        }
        text.lines().forEach(payloadLine -> out.println("  " + payloadLine));
    }

    void printReplay(JsonNode result) {
        JsonNode replayed = result.path("replayed");
        List<String> ids = new ArrayList<>();
        replayed.forEach(item -> ids.add(item.path("id").asText() + " (" + item.path("event_id").asText() + ")"));
        out.println("Replayed " + replayed.size() + (replayed.size() == 1 ? " dead letter: " : " dead letters: ")
                + String.join(", ", ids) + ".");
        for (JsonNode skipped : result.path("skipped")) {
            out.println("Skipped " + skipped.path("id").asText() + " (" + skipped.path("event_id").asText() + "): "
                    + skipped.path("reason").asText() + ".");
        }
        if (result.path("dispatched").asBoolean()) {
            out.println("The runtime is applying the events now; `dead-letters show ID` shows each result.");
        } else {
            out.println("The events are pending in the store; the runtime applies them when it next starts.");
        }
    }

    void printDiscard(JsonNode letter) {
        out.println("Discarded dead letter " + letter.path("id").asText() + " (" + letter.path("event_id").asText()
                + "); its event stays " + letter.path("event").path("status").asText()
                + ". `dead-letters list --include-discarded` still shows it.");
    }

    private void line(String label, String value) {
        out.printf("  %-16s%s%n", label + ":", value);
    }

    private static String attempts(int count) {
        return count + (count == 1 ? " attempt" : " attempts");
    }

    private static String seconds(JsonNode time) {
        return TextTable.seconds(time);
    }

    private static String orDash(JsonNode value) {
        return TextTable.orDash(value);
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= REASON_WIDTH ? oneLine : oneLine.substring(0, REASON_WIDTH - 3) + "...";
    }
}
