-- A job whose worker keeps dying (out of memory, a native crash) must not be run forever: each lease that expires
-- is counted, and at slimfit.api.job-attempts.max-lost-leases the job FAILS with WORKER_LOST instead of being
-- queued again. Graceful releases (a worker shutting down) are not counted.
ALTER TABLE jobs ADD COLUMN lost_leases integer NOT NULL DEFAULT 0;
