-- Reliability of the job queue (issue 15): which job messages are still in the queue, and sweeps that notice
-- they were not running (the API or its database was down) so that leases get a grace period afterwards.
-- Job lists page with a keyset cursor on (created_at, id), served by V1's ix_jobs_team_created and
-- ix_jobs_team_status_created: no index is added for them.

-- When the relay last had a message for the job confirmed by the broker. The requeue sweep re-sends only for
-- QUEUED jobs whose message went out long ago and that the queue's depth says cannot all still be waiting.
ALTER TABLE jobs ADD COLUMN message_published_at timestamptz;
-- The requeue sweep's candidates, in the order the queue delivers them (highest priority, oldest message first).
CREATE INDEX ix_jobs_queued_messages ON jobs (priority DESC, message_published_at, created_at) WHERE status = 'QUEUED';

-- "Is a message for this job still on its way?" is asked per job by the requeue sweep; unpublished rows are few.
CREATE INDEX ix_outbox_unpublished_aggregate ON outbox (aggregate_id) WHERE published_at IS NULL;

-- One row per sweep (e.g. 'job-leases'): when it last completed, on any API replica, by the database's clock.
CREATE TABLE sweep_runs (
    name         varchar(64)  PRIMARY KEY,
    last_run_at  timestamptz  NOT NULL
);
