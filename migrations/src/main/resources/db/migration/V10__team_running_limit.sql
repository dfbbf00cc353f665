-- Per-team limit on concurrent jobs (slimfit.api.team-limits.running-jobs): a QUEUED job beyond it is held, with no
-- message on the queue, until one of the team's running or dispatched jobs finishes; then the oldest held job of the
-- highest priority is dispatched. Held jobs are invisible to the requeue sweep (they have no message to lose).
ALTER TABLE jobs ADD COLUMN held boolean NOT NULL DEFAULT false;
CREATE INDEX ix_jobs_team_held ON jobs (team_id, priority DESC, created_at) WHERE status = 'QUEUED' AND held;
