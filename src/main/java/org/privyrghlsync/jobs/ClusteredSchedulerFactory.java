package org.privyrghlsync.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerFactory;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.EverythingMatcher;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the Quartz scheduler that camel-quartz runs the scheduled jobs on: a clustered JDBC job store
 * ({@code JobStoreTX}) in the product's database, with connections from the product's pool. Runtimes that share
 * the database form one Quartz cluster, and each fire time of a job runs on one of them.
 *
 * <p>Quartz keeps every scheduler in a JVM-wide registry by name, and {@code StdSchedulerFactory} returns the
 * registered one when a second scheduler of the same name is requested. All runtimes of a cluster need the same name,
 * so a second runtime in one JVM, as tests start, would share the first one's scheduler and database connections.
 * This factory therefore removes its scheduler from that registry right after creating it, and registers each
 * runtime's pool with Quartz under a name of its own.
 */
public final class ClusteredSchedulerFactory implements SchedulerFactory {

    /** Quartz scheduler name ({@code sched_name} in Quartz's tables), the same on every runtime of a cluster. */
    public static final String SCHEDULER_NAME = "privyr-ghl-sync";
    /** Threads that run jobs; one per job, so that a long reconciliation does not delay the retry sweep. */
    private static final int THREADS = ScheduledJob.values().length;
    private static final AtomicInteger DATA_SOURCE_NUMBERS = new AtomicInteger();
    /** Serializes the creation and unregistering of schedulers of the same name in this JVM. */
    private static final Object CREATION_LOCK = new Object();
    private static final Logger LOG = LoggerFactory.getLogger(ClusteredSchedulerFactory.class);

    private final DataSource dataSource;
    private final String node;
    private final Duration checkinInterval;
    private final JobRunRecorder recorder;
    private Scheduler scheduler;

    /**
     * @param node this runtime's Quartz instance id, unique within the cluster
     * @param checkinInterval how often the runtime checks in with the cluster. When it misses its check-in by this much
     *     plus 7.5 seconds, another runtime releases the trigger it held.
     */
    public ClusteredSchedulerFactory(DataSource dataSource, String node, Duration checkinInterval,
            JobRunRecorder recorder) {
        this.dataSource = dataSource;
        this.node = node;
        this.checkinInterval = checkinInterval;
        this.recorder = recorder;
    }

    @Override
    public synchronized Scheduler getScheduler() throws SchedulerException {
        if (scheduler == null) {
            scheduler = create();
        }
        return scheduler;
    }

    @Override
    public synchronized Scheduler getScheduler(String schedulerName) throws SchedulerException {
        return SCHEDULER_NAME.equals(schedulerName) ? getScheduler() : null;
    }

    @Override
    public synchronized Collection<Scheduler> getAllSchedulers() {
        return scheduler == null ? List.of() : List.of(scheduler);
    }

    /** Returns the node id that this runtime checks in with. */
    public String node() {
        return node;
    }

    /**
     * Removes the schedules of {@link ScheduledJob#GROUP} that no route of this runtime defines, such as the mailbox
     * poll after {@code privyr.mailbox.host} was emptied, so that Quartz no longer fires them on any node.
     */
    public synchronized void removeSchedulesOtherThan(Set<String> jobNames) throws SchedulerException {
        if (scheduler == null) {
            return;
        }
        for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(ScheduledJob.GROUP))) {
            if (!jobNames.contains(key.getName())) {
                scheduler.unscheduleJob(key);
                LOG.warn("Removed the schedule of job {} from the job store, because no route of this runtime"
                        + " defines it. Every runtime that shares the database needs the same routes and keys",
                        key.getName());
            }
        }
    }

    /**
     * Stops firing triggers on this node, so that its scheduler thread hands back the trigger it has acquired for the
     * next fire time. Running jobs go on. Returns false when the scheduler was not running.
     */
    public synchronized boolean standby() throws SchedulerException {
        if (scheduler == null || !scheduler.isStarted() || scheduler.isShutdown() || scheduler.isInStandbyMode()) {
            return false;
        }
        scheduler.standby();
        return true;
    }

    /** Shuts the scheduler down, waiting for running jobs, unless camel-quartz has done so already. */
    public synchronized void shutdown() throws SchedulerException {
        if (scheduler != null && !scheduler.isShutdown()) {
            scheduler.shutdown(true);
        }
    }

    private Scheduler create() throws SchedulerException {
        String dataSourceName = "privyr-ghl-sync-store-" + DATA_SOURCE_NUMBERS.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName,
                new StoreConnectionProvider(dataSource));
        Properties properties = properties(dataSourceName, driverDelegate(dataSource));
        Scheduler created;
        synchronized (CREATION_LOCK) {
            created = new StdSchedulerFactory(properties).getScheduler();
            SchedulerRepository.getInstance().remove(SCHEDULER_NAME);
        }
        created.getListenerManager().addTriggerListener(recorder,
                GroupMatcher.triggerGroupEquals(ScheduledJob.GROUP));
        created.getListenerManager().addJobListener(recorder, EverythingMatcher.allJobs());
        LOG.info("Scheduled jobs run on a clustered Quartz job store in the product's database as node {}", node);
        return created;
    }

    private Properties properties(String dataSourceName, String delegate) {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        properties.setProperty("org.quartz.scheduler.instanceId", node);
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.scheduler.jmx.export", "false");
        properties.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        properties.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(THREADS));
        properties.setProperty("org.quartz.threadPool.threadNamePrefix", "privyr-ghl-sync-job");
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty("org.quartz.jobStore.driverDelegateClass", delegate);
        properties.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        properties.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        properties.setProperty("org.quartz.jobStore.isClustered", "true");
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(checkinInterval.toMillis()));
        return properties;
    }

    /** Returns Quartz's SQL dialect for the database: PostgreSQLDelegate reads BYTEA columns, StdJDBCDelegate BLOBs. */
    private static String driverDelegate(DataSource dataSource) throws SchedulerException {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new SchedulerException("Reading the database type for the job store failed: " + e.getMessage(), e);
        }
        if ("PostgreSQL".equals(product)) {
            return "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate";
        }
        if ("H2".equals(product)) {
            return "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
        }
        throw new SchedulerException("The job store supports H2 and PostgreSQL, but the database is " + product
                + "; set DATABASE_URL to a PostgreSQL database or leave it empty for the embedded H2 store");
    }
}
