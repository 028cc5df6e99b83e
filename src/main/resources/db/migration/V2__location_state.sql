-- Authorization state of each GHL location. A location in REAUTH_REQUIRED keeps its events pending until it is
-- authorized again.
CREATE TABLE location_state (
    location_id  VARCHAR(128)  NOT NULL PRIMARY KEY,
    state        VARCHAR(32)   NOT NULL,
    reason       VARCHAR(2000),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
