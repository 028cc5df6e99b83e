package org.privyrghlsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads and writes the runs of scheduled jobs ({@code job_run}), and reads the schedules and cluster members that
 * Quartz keeps in its own tables ({@code qrtz_*}, see V7__quartz_job_store.sql).
 */
public final class JobRunStore {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "job_name, fire_time, node, started_at, ended_at, result, counts, error";

    private final DataSource dataSource;
    private final String schedulerName;

    /** @param schedulerName the Quartz scheduler name, which is {@code sched_name} in Quartz's tables */
    public JobRunStore(DataSource dataSource, String schedulerName) {
        this.dataSource = dataSource;
        this.schedulerName = schedulerName;
    }

    /**
     * Records that {@code node} starts the run of {@code jobName} for {@code fireTime}. Returns false, and writes
     * nothing, when a run of that job and fire time is stored already.
     */
    public boolean start(String jobName, Instant fireTime, String node, Instant startedAt) {
        String sql = "INSERT INTO job_run (job_name, fire_time, node, started_at, result) VALUES (?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, jobName);
            insert.setTimestamp(2, Timestamp.from(fireTime));
            insert.setString(3, node);
            insert.setTimestamp(4, Timestamp.from(startedAt));
            insert.setString(5, JobRun.RUNNING);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new StoreException("Recording the start of job " + jobName + " for " + fireTime + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Records the end of a run: {@code result} is {@link JobRun#OK} or {@link JobRun#FAILED}. */
    public void finish(String jobName, Instant fireTime, String result, String countsJson, String error,
            Instant endedAt) {
        String sql = "UPDATE job_run SET ended_at = ?, result = ?, counts = ?, error = ? WHERE job_name = ?"
                + " AND fire_time = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            update.setTimestamp(1, Timestamp.from(endedAt));
            update.setString(2, result);
            update.setString(3, InboxStore.truncate(countsJson, 4000));
            update.setString(4, InboxStore.truncate(error, 2000));
            update.setString(5, jobName);
            update.setTimestamp(6, Timestamp.from(fireTime));
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Recording the end of job " + jobName + " for " + fireTime + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Marks failed the runs of {@code jobName} that are still {@code running} on a node that no longer checks in with
     * the cluster, because that node stopped or was killed during the run. Returns how many were marked.
     */
    public int failAbandoned(String jobName, Instant now) {
        String sql = "UPDATE job_run SET result = ?, ended_at = ?, error = ? WHERE job_name = ? AND result = ?"
                + " AND node NOT IN (SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, JobRun.FAILED);
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, "The node stopped before the run ended");
            update.setString(4, jobName);
            update.setString(5, JobRun.RUNNING);
            update.setString(6, schedulerName);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Marking abandoned runs of job " + jobName + " failed: " + e.getMessage(), e);
        }
    }

    /** Returns a run of {@code jobName} that is still running on a node that checks in with the cluster. */
    public Optional<JobRun> runningOnLiveNode(String jobName) {
        String sql = "SELECT " + COLUMNS + " FROM job_run WHERE job_name = ? AND result = ? AND node IN"
                + " (SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = ?) ORDER BY fire_time DESC";
        List<JobRun> runs = select(sql, "Reading running jobs", 1, select -> {
            select.setString(1, jobName);
            select.setString(2, JobRun.RUNNING);
            select.setString(3, schedulerName);
        });
        return runs.stream().findFirst();
    }

    /** Deletes the ended runs whose fire time is before {@code cutoff}; returns how many were deleted. */
    public int deleteEndedBefore(Instant cutoff) {
        String sql = "DELETE FROM job_run WHERE fire_time < ? AND result <> ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            delete.setString(2, JobRun.RUNNING);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Deleting old job runs failed: " + e.getMessage(), e);
        }
    }

    /** Returns the latest run of each job that has run, by job name. */
    public List<JobRun> latestRuns() {
        String sql = "SELECT r.job_name, r.fire_time, r.node, r.started_at, r.ended_at, r.result, r.counts, r.error"
                + " FROM job_run r JOIN (SELECT job_name, MAX(fire_time) AS fire_time FROM job_run GROUP BY"
                + " job_name) latest ON r.job_name = latest.job_name AND r.fire_time = latest.fire_time"
                + " ORDER BY r.job_name";
        return select(sql, "Reading the latest job runs", 0, select -> { });
    }

    /** Returns up to {@code limit} runs of {@code jobName}, latest fire time first. */
    public List<JobRun> runs(String jobName, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM job_run WHERE job_name = ? ORDER BY fire_time DESC";
        return select(sql, "Reading the runs of job " + jobName, limit, select -> select.setString(1, jobName));
    }

    /** Returns the Quartz triggers of {@code group}, by name. */
    public List<JobSchedule> schedules(String group) {
        String sql = "SELECT t.trigger_name, c.cron_expression, c.time_zone_id, t.next_fire_time, t.prev_fire_time,"
                + " t.trigger_state FROM qrtz_triggers t LEFT JOIN qrtz_cron_triggers c ON c.sched_name ="
                + " t.sched_name AND c.trigger_name = t.trigger_name AND c.trigger_group = t.trigger_group"
                + " WHERE t.sched_name = ? AND t.trigger_group = ? ORDER BY t.trigger_name";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, schedulerName);
            select.setString(2, group);
            List<JobSchedule> schedules = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    schedules.add(new JobSchedule(rows.getString(1), rows.getString(2), rows.getString(3),
                            epochMillis(rows, 4), epochMillis(rows, 5), rows.getString(6)));
                }
            }
            return schedules;
        } catch (SQLException e) {
            throw new StoreException("Reading the job schedules failed: " + e.getMessage(), e);
        }
    }

    /** Returns how many triggers {@code node} has acquired from Quartz's job store and not fired yet. */
    public int acquiredTriggers(String node) {
        String sql = "SELECT COUNT(*) FROM qrtz_fired_triggers WHERE sched_name = ? AND instance_name = ?"
                + " AND state = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, schedulerName);
            select.setString(2, node);
            select.setString(3, "ACQUIRED");
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException("Reading the triggers acquired by node " + node + " failed: " + e.getMessage(),
                    e);
        }
    }

    /** Returns the nodes that have checked in with the Quartz cluster, by node id. */
    public List<ClusterNode> nodes() {
        String sql = "SELECT instance_name, last_checkin_time FROM qrtz_scheduler_state WHERE sched_name = ?"
                + " ORDER BY instance_name";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, schedulerName);
            List<ClusterNode> nodes = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    nodes.add(new ClusterNode(rows.getString(1), epochMillis(rows, 2)));
                }
            }
            return nodes;
        } catch (SQLException e) {
            throw new StoreException("Reading the cluster nodes failed: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the cluster row of {@code node}, after its scheduler shut down cleanly with no job left running, so that
     * listings stop naming it. Quartz leaves the row behind on shutdown. Returns whether a row was deleted.
     */
    public boolean removeNode(String node) {
        String sql = "DELETE FROM qrtz_scheduler_state WHERE sched_name = ? AND instance_name = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setString(1, schedulerName);
            delete.setString(2, node);
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("Removing node " + node + " from the cluster's nodes failed: " + e.getMessage(),
                    e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement select) throws SQLException;
    }

    private List<JobRun> select(String sql, String action, int limit, Binder binder) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setMaxRows(limit);
            binder.bind(select);
            List<JobRun> runs = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    runs.add(new JobRun(rows.getString(1), rows.getTimestamp(2).toInstant(), rows.getString(3),
                            rows.getTimestamp(4).toInstant(), instant(rows.getTimestamp(5)), rows.getString(6),
                            rows.getString(7), rows.getString(8)));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new StoreException(action + " failed: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** Reads a Quartz time column: milliseconds since the epoch, with -1 or NULL for none. */
    private static Instant epochMillis(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() || millis < 0 ? null : Instant.ofEpochMilli(millis);
    }
}
