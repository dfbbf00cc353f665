-- Budgets met as measured (docs/methods/latency-model.md): before its final training, a latency-budget job's worker
-- has each decoded network timed on the job's device; a check is a VERIFY profiling task linked to its job and
-- correction round, so the measurement lands in the job's event stream when the device's agent reports it.
CREATE TABLE job_latency_checks (
    task_id    uuid        PRIMARY KEY REFERENCES profiling_tasks (id),
    job_id     uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    round      integer     NOT NULL CHECK (round >= 1),
    worker_id  text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_job_latency_checks_job ON job_latency_checks (job_id);
