-- Slimfit core schema: teams and their API keys, search jobs, the per-job event stream and the outbox.
-- Forward-only: never edit this file once landed; add V<n+1>__*.sql instead.

CREATE TABLE teams (
    id          uuid PRIMARY KEY,
    name        varchar(100) NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_teams_name UNIQUE (name)
);

-- API keys are random 256-bit secrets, so a SHA-256 digest is a safe and indexable way to store them.
CREATE TABLE api_keys (
    id          uuid PRIMARY KEY,
    team_id     uuid         NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    key_prefix  varchar(16)  NOT NULL,
    key_hash    varchar(64)  NOT NULL,
    label       varchar(100),
    created_at  timestamptz  NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    CONSTRAINT uq_api_keys_hash UNIQUE (key_hash)
);
CREATE INDEX ix_api_keys_team ON api_keys (team_id);

CREATE TABLE jobs (
    id               uuid PRIMARY KEY,
    team_id          uuid         NOT NULL REFERENCES teams (id),
    method           varchar(16)  NOT NULL,
    search_space     varchar(64)  NOT NULL,
    spec             jsonb        NOT NULL,
    status           varchar(24)  NOT NULL,
    version          bigint       NOT NULL DEFAULT 0,
    priority         integer      NOT NULL DEFAULT 5,
    idempotency_key  varchar(200),
    request_hash     varchar(64),
    progress         jsonb,
    result           jsonb,
    failure_type     varchar(40),
    failure_message  text,
    last_event_seq   bigint       NOT NULL DEFAULT 0,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    CONSTRAINT ck_jobs_status CHECK (status IN ('WAITING_FOR_LATENCY', 'QUEUED', 'RUNNING', 'SUCCEEDED',
                                               'FAILED', 'CANCELLING', 'CANCELLED')),
    CONSTRAINT ck_jobs_priority CHECK (priority BETWEEN 0 AND 9)
);
-- One idempotency key per team; NULL keys are not deduplicated.
CREATE UNIQUE INDEX uq_jobs_team_idempotency ON jobs (team_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- GET /jobs: a team's jobs newest first, optionally filtered by status.
CREATE INDEX ix_jobs_team_created ON jobs (team_id, created_at DESC, id DESC);
CREATE INDEX ix_jobs_team_status_created ON jobs (team_id, status, created_at DESC, id DESC);

-- Append-only stream per job: seq is dense from 1 per job; event_id deduplicates redelivered worker events.
CREATE TABLE job_events (
    id          bigserial PRIMARY KEY,
    job_id      uuid         NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    seq         bigint       NOT NULL,
    event_id    uuid         NOT NULL,
    type        varchar(32)  NOT NULL,
    status      varchar(24)  NOT NULL,
    payload     jsonb        NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_job_events_seq UNIQUE (job_id, seq),
    CONSTRAINT uq_job_events_event_id UNIQUE (event_id)
);

-- Transactional outbox: written with the row it describes, published by the relay with publisher confirms.
CREATE TABLE outbox (
    id            bigserial PRIMARY KEY,
    aggregate_id  uuid         NOT NULL,
    exchange      varchar(200) NOT NULL,
    routing_key   varchar(200) NOT NULL,
    payload       jsonb        NOT NULL,
    priority      integer      NOT NULL DEFAULT 0,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    published_at  timestamptz,
    attempts      integer      NOT NULL DEFAULT 0,
    last_error    text
);
CREATE INDEX ix_outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
