-- After a latency-budget job succeeds, its decoded network is timed on the device (when the device's agent is
-- online); the verification task links the measurement back to the job.
ALTER TABLE jobs ADD COLUMN verification_task_id uuid REFERENCES profiling_tasks (id);
CREATE INDEX ix_jobs_verification ON jobs (verification_task_id) WHERE verification_task_id IS NOT NULL;
