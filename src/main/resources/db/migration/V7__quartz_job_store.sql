-- Tables of Quartz's JDBC job store (org.quartz.impl.jdbcjobstore, Quartz 2.5). They contain the schedules of the
-- scheduled jobs and let several runtimes on this database share them, so that each fire time runs on one runtime.
-- Quartz names the tables with the prefix QRTZ_ and the columns as below; unquoted names match in any case on H2
-- and PostgreSQL. BYTEA is PostgreSQL's binary type and an alias of BINARY VARYING on H2, so this file runs
-- unchanged on both. sched_name is the Quartz scheduler name, the same on every runtime of one cluster.

-- Jobs: the class Quartz runs and its serialized data map.
CREATE TABLE qrtz_job_details (
    sched_name         VARCHAR(120)  NOT NULL,
    job_name           VARCHAR(200)  NOT NULL,
    job_group          VARCHAR(200)  NOT NULL,
    description        VARCHAR(250),
    job_class_name     VARCHAR(250)  NOT NULL,
    is_durable         BOOLEAN       NOT NULL,
    is_nonconcurrent   BOOLEAN       NOT NULL,
    is_update_data     BOOLEAN       NOT NULL,
    requests_recovery  BOOLEAN       NOT NULL,
    job_data           BYTEA,
    CONSTRAINT pk_qrtz_job_details PRIMARY KEY (sched_name, job_name, job_group)
);

-- Triggers: when each job fires next. Times are milliseconds since the epoch.
CREATE TABLE qrtz_triggers (
    sched_name      VARCHAR(120)  NOT NULL,
    trigger_name    VARCHAR(200)  NOT NULL,
    trigger_group   VARCHAR(200)  NOT NULL,
    job_name        VARCHAR(200)  NOT NULL,
    job_group       VARCHAR(200)  NOT NULL,
    description     VARCHAR(250),
    next_fire_time  BIGINT,
    prev_fire_time  BIGINT,
    priority        INTEGER,
    trigger_state   VARCHAR(16)   NOT NULL,
    trigger_type    VARCHAR(8)    NOT NULL,
    start_time      BIGINT        NOT NULL,
    end_time        BIGINT,
    calendar_name   VARCHAR(200),
    misfire_instr   SMALLINT,
    job_data        BYTEA,
    CONSTRAINT pk_qrtz_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT fk_qrtz_triggers_job FOREIGN KEY (sched_name, job_name, job_group)
        REFERENCES qrtz_job_details (sched_name, job_name, job_group)
);

-- The schedule of each trigger type, one table per type.
CREATE TABLE qrtz_cron_triggers (
    sched_name       VARCHAR(120)  NOT NULL,
    trigger_name     VARCHAR(200)  NOT NULL,
    trigger_group    VARCHAR(200)  NOT NULL,
    cron_expression  VARCHAR(120)  NOT NULL,
    time_zone_id     VARCHAR(80),
    CONSTRAINT pk_qrtz_cron_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT fk_qrtz_cron_triggers FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group)
);

CREATE TABLE qrtz_simple_triggers (
    sched_name       VARCHAR(120)  NOT NULL,
    trigger_name     VARCHAR(200)  NOT NULL,
    trigger_group    VARCHAR(200)  NOT NULL,
    repeat_count     BIGINT        NOT NULL,
    repeat_interval  BIGINT        NOT NULL,
    times_triggered  BIGINT        NOT NULL,
    CONSTRAINT pk_qrtz_simple_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT fk_qrtz_simple_triggers FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group)
);

-- Calendar-interval and daily-time-interval triggers keep their properties in these generic columns.
CREATE TABLE qrtz_simprop_triggers (
    sched_name     VARCHAR(120)    NOT NULL,
    trigger_name   VARCHAR(200)    NOT NULL,
    trigger_group  VARCHAR(200)    NOT NULL,
    str_prop_1     VARCHAR(512),
    str_prop_2     VARCHAR(512),
    str_prop_3     VARCHAR(512),
    int_prop_1     INTEGER,
    int_prop_2     INTEGER,
    long_prop_1    BIGINT,
    long_prop_2    BIGINT,
    dec_prop_1     NUMERIC(13, 4),
    dec_prop_2     NUMERIC(13, 4),
    bool_prop_1    BOOLEAN,
    bool_prop_2    BOOLEAN,
    CONSTRAINT pk_qrtz_simprop_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT fk_qrtz_simprop_triggers FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group)
);

-- Triggers of other types, serialized.
CREATE TABLE qrtz_blob_triggers (
    sched_name     VARCHAR(120)  NOT NULL,
    trigger_name   VARCHAR(200)  NOT NULL,
    trigger_group  VARCHAR(200)  NOT NULL,
    blob_data      BYTEA,
    CONSTRAINT pk_qrtz_blob_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT fk_qrtz_blob_triggers FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group)
);

CREATE TABLE qrtz_calendars (
    sched_name     VARCHAR(120)  NOT NULL,
    calendar_name  VARCHAR(200)  NOT NULL,
    calendar       BYTEA         NOT NULL,
    CONSTRAINT pk_qrtz_calendars PRIMARY KEY (sched_name, calendar_name)
);

CREATE TABLE qrtz_paused_trigger_grps (
    sched_name     VARCHAR(120)  NOT NULL,
    trigger_group  VARCHAR(200)  NOT NULL,
    CONSTRAINT pk_qrtz_paused_trigger_grps PRIMARY KEY (sched_name, trigger_group)
);

-- Fires in progress, by the runtime (instance_name) that took them. A runtime that stops checking in has its
-- entries recovered by another one.
CREATE TABLE qrtz_fired_triggers (
    sched_name         VARCHAR(120)  NOT NULL,
    entry_id           VARCHAR(95)   NOT NULL,
    trigger_name       VARCHAR(200)  NOT NULL,
    trigger_group      VARCHAR(200)  NOT NULL,
    instance_name      VARCHAR(200)  NOT NULL,
    fired_time         BIGINT        NOT NULL,
    sched_time         BIGINT        NOT NULL,
    priority           INTEGER       NOT NULL,
    state              VARCHAR(16)   NOT NULL,
    job_name           VARCHAR(200),
    job_group          VARCHAR(200),
    is_nonconcurrent   BOOLEAN,
    requests_recovery  BOOLEAN,
    CONSTRAINT pk_qrtz_fired_triggers PRIMARY KEY (sched_name, entry_id)
);

-- One row per running runtime, updated every org.quartz.jobStore.clusterCheckinInterval (sync.jobs.checkin-interval-ms).
CREATE TABLE qrtz_scheduler_state (
    sched_name         VARCHAR(120)  NOT NULL,
    instance_name      VARCHAR(200)  NOT NULL,
    last_checkin_time  BIGINT        NOT NULL,
    checkin_interval   BIGINT        NOT NULL,
    CONSTRAINT pk_qrtz_scheduler_state PRIMARY KEY (sched_name, instance_name)
);

-- Rows that the runtimes lock with SELECT ... FOR UPDATE while they change triggers or check in.
CREATE TABLE qrtz_locks (
    sched_name  VARCHAR(120)  NOT NULL,
    lock_name   VARCHAR(40)   NOT NULL,
    CONSTRAINT pk_qrtz_locks PRIMARY KEY (sched_name, lock_name)
);

-- Quartz looks triggers up by job, state and next fire time, and fired triggers by runtime and job.
CREATE INDEX ix_qrtz_job_details_group ON qrtz_job_details (sched_name, job_group);
CREATE INDEX ix_qrtz_triggers_job ON qrtz_triggers (sched_name, job_name, job_group);
CREATE INDEX ix_qrtz_triggers_state ON qrtz_triggers (sched_name, trigger_state);
CREATE INDEX ix_qrtz_triggers_next_fire ON qrtz_triggers (sched_name, trigger_state, next_fire_time);
CREATE INDEX ix_qrtz_triggers_group ON qrtz_triggers (sched_name, trigger_group, trigger_state);
CREATE INDEX ix_qrtz_fired_instance ON qrtz_fired_triggers (sched_name, instance_name);
CREATE INDEX ix_qrtz_fired_job ON qrtz_fired_triggers (sched_name, job_name, job_group);
CREATE INDEX ix_qrtz_fired_trigger ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
