package org.privyrghlsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.privyrghlsync.mapping.Masking;

/**
 * Prints the body of {@code GET /admin/jobs} as text for people: a table with each job's schedule and latest run,
 * the errors of failed runs, and the runtimes that share the job store.
 */
final class JobsPrinter {

    private static final String[] HEADINGS = {"JOB", "CRON", "NEXT FIRE", "LAST FIRE", "NODE", "RESULT", "TOOK",
        "COUNTS"};

    private final PrintWriter out;

    JobsPrinter(PrintWriter out) {
        this.out = out;
    }

    void printJson(JsonNode body) {
        TextTable.printJson(out, body);
    }

    void print(JsonNode body) {
        JsonNode jobs = body.path("jobs");
        if (jobs.isEmpty()) {
            out.println("No scheduled jobs are stored yet; a runtime stores their schedules when it starts.");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(HEADINGS);
            for (JsonNode job : jobs) {
                rows.add(row(job));
            }
            TextTable.print(out, rows);
        }
        for (JsonNode job : jobs) {
            JsonNode run = job.path("last_run");
            if (!run.path("error").isNull() && !run.path("error").isMissingNode()) {
                out.println(job.path("name").asText() + " failed for fire time " + TextTable.seconds(run.path(
                        "fire_time")) + " on node " + run.path("node").asText() + ": "
                        + Masking.maskPersonalData(run.path("error").asText()));
            }
        }
        List<String> nodes = new ArrayList<>();
        for (JsonNode node : body.path("nodes")) {
            nodes.add(node.path("node").asText() + " (last check-in " + TextTable.seconds(node.path("last_checkin"))
                    + ")");
        }
        out.println("Nodes: " + (nodes.isEmpty() ? "none checked in" : String.join(", ", nodes)));
    }

    private static String[] row(JsonNode job) {
        boolean scheduled = job.path("scheduled").asBoolean();
        String cron = scheduled ? TextTable.orDash(job.path("cron")) : "-";
        String next = scheduled ? TextTable.seconds(job.path("next_fire_time")) : "not scheduled";
        JsonNode run = job.path("last_run");
        if (run.isNull() || run.isMissingNode()) {
            return new String[] {job.path("name").asText(), cron, next, "never", "-", "-", "-", "-"};
        }
        String took = run.path("duration_ms").isNull() ? "-" : run.path("duration_ms").asLong() + " ms";
        return new String[] {job.path("name").asText(), cron, next, TextTable.seconds(run.path("fire_time")),
            run.path("node").asText(), run.path("result").asText(), took, counts(run.path("counts"))};
    }

    private static String counts(JsonNode counts) {
        if (!counts.isObject() || counts.isEmpty()) {
            return "-";
        }
        List<String> pairs = new ArrayList<>();
        counts.fields().forEachRemaining(entry -> pairs.add(entry.getKey() + "=" + entry.getValue().asText()));
        return String.join(" ", pairs);
    }
}
