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
        Map<String, Map<String, Long>> counts = components.inbox().countByKindAndOutcome();
        Map<String, Long> clients = counts.get("client");
        Map<String, Long> tasks = counts.get("task");
        Map<String, Long> notes = counts.get("note");
        long deadLettered = counts.values().stream().mapToLong(perOutcome -> perOutcome.get("dead_lettered")).sum();
        long stale = counts.values().stream().mapToLong(perOutcome -> perOutcome.get("stale")).sum();
        out.println();
        out.println("privyr-ghl-sync demo summary");
        out.printf("  events accepted            %d%n", accepted);
        out.printf("  duplicate deliveries       %d (answered 200, not processed again)%n", duplicates);
        out.printf("  events rejected            %d%n", rejected.size());
        rejected.forEach(line -> out.println("    " + line));
        out.printf("  contacts created           %d%n", clients.get("created"));
        out.printf("  contacts updated           %d%n", clients.get("updated"));
        out.printf("  contacts unchanged         %d (no GHL call)%n", clients.get("unchanged"));
        out.printf("  tasks created              %d%n", tasks.get("created"));
        out.printf("  tasks updated              %d%n", tasks.get("updated"));
        out.printf("  tasks deleted              %d%n", tasks.get("deleted"));
        out.printf("  notes created              %d%n", notes.get("created"));
        out.printf("  notes updated              %d%n", notes.get("updated"));
        out.printf("  stale events skipped       %d%n", stale);
        out.printf("  waiting for their contact  %d%n", components.inbox().countByStatus()
                .get(org.privyrghlsync.store.InboxStatus.WAITING));
        out.printf("  dead-lettered              %d%n", deadLettered);
        out.printf("  GHL calls made             %d (the sandbox served %d requests)%n", components.ghlCalls(),
                sandboxRequests);
        if (!finished) {
            out.println("  NOT FINISHED: some events were still pending when the timeout ran out");
        }
    }
}
