package org.privyrghlsync.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.privyrghlsync.jobs.ScheduledJob;
import org.privyrghlsync.store.ClusterNode;
import org.privyrghlsync.store.JobRun;
import org.privyrghlsync.store.JobRunStore;
import org.privyrghlsync.store.JobSchedule;
import org.privyrghlsync.store.StoreException;

/**
 * Builds the body of {@code GET /admin/jobs}, which the {@code jobs} command also prints: each scheduled job with its
 * schedule and its latest run, and the runtimes that check in with the job cluster. Field names are snake_case, times
 * ISO-8601 UTC, and absent values null.
 */
public final class JobsJson {

    private final ObjectMapper json;

    public JobsJson(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Returns {@code {"jobs": [...], "nodes": [...]}}. A job is listed when the job store has its schedule or
     * {@code job_run} has a run of it; the product's jobs come first, in a fixed order, then others by name.
     */
    public ObjectNode listing(JobRunStore store) {
        Map<String, JobSchedule> schedules = new TreeMap<>();
        for (JobSchedule schedule : store.schedules(ScheduledJob.GROUP)) {
            schedules.put(schedule.jobName(), schedule);
        }
        Map<String, JobRun> latest = new TreeMap<>();
        for (JobRun run : store.latestRuns()) {
            latest.put(run.jobName(), run);
        }
        Map<String, Boolean> names = new LinkedHashMap<>();
        for (ScheduledJob job : ScheduledJob.values()) {
            if (schedules.containsKey(job.jobName()) || latest.containsKey(job.jobName())) {
                names.put(job.jobName(), true);
            }
        }
        schedules.keySet().forEach(name -> names.putIfAbsent(name, true));
        latest.keySet().forEach(name -> names.putIfAbsent(name, true));

        ObjectNode body = json.createObjectNode();
        ArrayNode jobs = body.putArray("jobs");
        for (String name : names.keySet()) {
            jobs.add(job(name, schedules.get(name), latest.get(name)));
        }
        ArrayNode nodes = body.putArray("nodes");
        for (ClusterNode node : store.nodes()) {
            ObjectNode item = nodes.addObject();
            item.put("node", node.node());
            putTime(item, "last_checkin", node.lastCheckin());
        }
        return body;
    }

    private ObjectNode job(String name, JobSchedule schedule, JobRun run) {
        ObjectNode item = json.createObjectNode();
        item.put("name", name);
        item.put("scheduled", schedule != null);
        item.put("cron", schedule == null ? null : schedule.cron());
        item.put("time_zone", schedule == null ? null : schedule.timeZone());
        item.put("state", schedule == null ? null : schedule.state());
        putTime(item, "next_fire_time", schedule == null ? null : schedule.nextFireTime());
        if (run == null) {
            item.putNull("last_run");
            return item;
        }
        ObjectNode last = item.putObject("last_run");
        putTime(last, "fire_time", run.fireTime());
        last.put("node", run.node());
        putTime(last, "started_at", run.startedAt());
        putTime(last, "ended_at", run.endedAt());
        if (run.endedAt() == null) {
            last.putNull("duration_ms");
        } else {
            last.put("duration_ms", Duration.between(run.startedAt(), run.endedAt()).toMillis());
        }
        last.put("result", run.result());
        last.set("counts", counts(run));
        last.put("error", run.error());
        return item;
    }

    private JsonNode counts(JobRun run) {
        if (run.countsJson() == null) {
            return json.nullNode();
        }
        try {
            return json.readTree(run.countsJson());
        } catch (JsonProcessingException e) {
            throw new StoreException("The counts of job " + run.jobName() + " for " + run.fireTime() + " in job_run"
                    + " are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void putTime(ObjectNode node, String field, Instant time) {
        if (time == null) {
            node.putNull(field);
        } else {
            node.put(field, time.toString());
        }
    }
}
