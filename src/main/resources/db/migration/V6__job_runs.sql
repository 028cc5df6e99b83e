-- One row per run of a scheduled job, written by the node that ran it. The key is the job and its scheduled fire
-- time, which Quartz gives every node alike, so a fire time is run and recorded once however many runtimes share
-- this database.
CREATE TABLE job_run (
    job_name    VARCHAR(64)   NOT NULL,
    fire_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Quartz instance id of the runtime that ran the job (sync.jobs.node-id)
    node        VARCHAR(200)  NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at    TIMESTAMP WITH TIME ZONE,
    -- running until the job returns, then ok or failed
    result      VARCHAR(16)   NOT NULL,
    -- what the run found and changed, as a JSON object of counts such as {"checked": 120, "missing": 2}
    counts      VARCHAR(4000),
    error       VARCHAR(2000),
    CONSTRAINT pk_job_run PRIMARY KEY (job_name, fire_time)
);

-- Set by the contact reconciliation when the linked GHL contact no longer exists and sync.missing-contact is
-- dead-letter. The next sync of the client then handles the contact as missing before it calls GHL, and clears it.
ALTER TABLE contact_link ADD COLUMN contact_missing_at TIMESTAMP WITH TIME ZONE;
