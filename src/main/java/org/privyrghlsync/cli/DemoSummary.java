package org.privyrghlsync.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.privyrghlsync.runtime.Components;

/** Counts the receiver's responses during a demo and prints the final summary. */
final class DemoSummary {

    private int accepted;
    private int duplicates;
    private final List<String> rejected = new ArrayList<>();

    void record(String sample, int status, String body) {
        if (status == 202) {
            accepted++;
        } else if (status == 200) {
            duplicates++;
        } else {
            rejected.add(sample + ": " + status + " " + body);
        }
    }

    void print(PrintStream out, Components components, int sandboxRequests, boolean finished) {
        Map<String, Long> outcomes = components.inbox().countByOutcome();
        out.println();
        out.println("privyr-ghl-sync demo summary");
        out.printf("  events accepted            %d%n", accepted);
        out.printf("  duplicate deliveries       %d (answered 200, not processed again)%n", duplicates);
        out.printf("  events rejected            %d%n", rejected.size());
        rejected.forEach(line -> out.println("    " + line));
        out.printf("  contacts created           %d%n", outcomes.get("created"));
        out.printf("  contacts updated           %d%n", outcomes.get("updated"));
        out.printf("  contacts unchanged         %d (no GHL call)%n", outcomes.get("unchanged"));
        out.printf("  stale events skipped       %d%n", outcomes.get("stale"));
        out.printf("  task/note events stored    %d (not synced by this version)%n", outcomes.get("stored"));
        out.printf("  dead-lettered              %d%n", outcomes.get("dead_lettered"));
        out.printf("  GHL calls made             %d (the sandbox served %d requests)%n", components.ghlCalls(),
                sandboxRequests);
        if (!finished) {
            out.println("  NOT FINISHED: some events were still pending when the timeout ran out");
        }
    }
}
