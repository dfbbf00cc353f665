-- Profiler devices, their latency tables, the profiling tasks agents lease, and the raw measurements.

CREATE TABLE devices (
    id              uuid PRIMARY KEY,
    name            varchar(100) NOT NULL,
    token_hash      varchar(64)  NOT NULL,
    runtime         varchar(100) NOT NULL,
    hardware        jsonb        NOT NULL,
    registered_at   timestamptz  NOT NULL DEFAULT now(),
    last_seen_at    timestamptz  NOT NULL DEFAULT now(),
    revoked_at      timestamptz,
    CONSTRAINT uq_devices_name UNIQUE (name),
    CONSTRAINT uq_devices_token UNIQUE (token_hash)
);

-- One row per version of a table for (device, runtime, space, batch size).
CREATE TABLE latency_tables (
    id                  uuid PRIMARY KEY,
    device_id           uuid         NOT NULL REFERENCES devices (id),
    runtime             varchar(100) NOT NULL,
    search_space        varchar(64)  NOT NULL,
    batch_size          integer      NOT NULL,
    table_version       integer      NOT NULL,
    status              varchar(16)  NOT NULL,
    version             bigint       NOT NULL DEFAULT 0,
    samples             integer      NOT NULL,
    validation_samples  integer      NOT NULL,
    entries             jsonb,
    fit                 jsonb,
    failure_reason      text,
    created_at          timestamptz  NOT NULL DEFAULT now(),
    updated_at          timestamptz  NOT NULL DEFAULT now(),
    ready_at            timestamptz,
    CONSTRAINT ck_latency_tables_status CHECK (status IN ('PROFILING', 'FITTING', 'READY', 'FAILED')),
    CONSTRAINT uq_latency_tables_version UNIQUE (device_id, runtime, search_space, batch_size, table_version)
);
CREATE INDEX ix_latency_tables_lookup ON latency_tables (device_id, search_space, status, table_version DESC);
CREATE INDEX ix_latency_tables_fitting ON latency_tables (id) WHERE status = 'FITTING';

-- A batch of configurations for one device to time. Leased, never held: an expired lease returns the task.
CREATE TABLE profiling_tasks (
    id                uuid PRIMARY KEY,
    table_id          uuid         NOT NULL REFERENCES latency_tables (id) ON DELETE CASCADE,
    device_id         uuid         NOT NULL REFERENCES devices (id),
    kind              varchar(16)  NOT NULL,
    configurations    jsonb        NOT NULL,
    status            varchar(16)  NOT NULL,
    attempts          integer      NOT NULL DEFAULT 0,
    lease_expires_at  timestamptz,
    failure_reason    text,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    completed_at      timestamptz,
    CONSTRAINT ck_profiling_tasks_status CHECK (status IN ('PENDING', 'LEASED', 'DONE', 'FAILED')),
    CONSTRAINT ck_profiling_tasks_kind CHECK (kind IN ('FIT', 'VALIDATION', 'VERIFY'))
);
CREATE INDEX ix_profiling_tasks_claim ON profiling_tasks (device_id, status, created_at);
CREATE INDEX ix_profiling_tasks_table ON profiling_tasks (table_id, status);

-- Raw measurements, one per (task, configuration index): a re-upload of the same batch is idempotent.
CREATE TABLE measurements (
    id            bigserial PRIMARY KEY,
    task_id       uuid             NOT NULL REFERENCES profiling_tasks (id) ON DELETE CASCADE,
    table_id      uuid             NOT NULL REFERENCES latency_tables (id) ON DELETE CASCADE,
    config_index  integer          NOT NULL,
    purpose       varchar(16)      NOT NULL,
    widths        jsonb            NOT NULL,
    latency_ms    double precision NOT NULL,
    spread_ms     double precision,
    settings      jsonb,
    measured_at   timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT uq_measurements_task_index UNIQUE (task_id, config_index),
    CONSTRAINT ck_measurements_latency CHECK (latency_ms > 0)
);
CREATE INDEX ix_measurements_table ON measurements (table_id, purpose);

-- Jobs waiting for a device's table are found by device and space.
CREATE INDEX ix_jobs_waiting_latency ON jobs ((spec -> 'budget' ->> 'deviceId'), search_space)
    WHERE status = 'WAITING_FOR_LATENCY';
