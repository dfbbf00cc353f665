-- Workers claim jobs through a lease on the job row; artifacts (architecture, weights) are kept per job.

ALTER TABLE jobs ADD COLUMN worker_id varchar(200);
ALTER TABLE jobs ADD COLUMN lease_expires_at timestamptz;
ALTER TABLE jobs ADD COLUMN attempt integer NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN latency_table_id uuid REFERENCES latency_tables (id);

-- The sweeper looks for running work whose worker stopped renewing its lease.
CREATE INDEX ix_jobs_lease ON jobs (lease_expires_at) WHERE status IN ('RUNNING', 'CANCELLING');

CREATE TABLE job_artifacts (
    job_id        uuid         NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    name          varchar(100) NOT NULL,
    content_type  varchar(100) NOT NULL,
    size_bytes    bigint       NOT NULL,
    sha256        varchar(64)  NOT NULL,
    content       bytea        NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, name)
);
