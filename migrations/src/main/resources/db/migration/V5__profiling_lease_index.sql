-- The lease sweeper looks for expired leases every second on every API replica.
CREATE INDEX ix_profiling_tasks_lease ON profiling_tasks (lease_expires_at) WHERE status = 'LEASED';
