-- Latency tables are gated on their held-out figures (docs/methods/latency-model.md, "Quality gate"): a table that
-- misses the bar is profiled again (bounded rounds) and, if it still misses, ends LOW_QUALITY with its reason in
-- failure_reason. REPEAT tasks time validation configurations, the narrowest and the widest network a second time:
-- the repeat ceiling and the timing noise the gate compares the space's latency range with.
ALTER TABLE latency_tables DROP CONSTRAINT ck_latency_tables_status;
ALTER TABLE latency_tables ADD CONSTRAINT ck_latency_tables_status
    CHECK (status IN ('PROFILING', 'FITTING', 'READY', 'LOW_QUALITY', 'FAILED'));
ALTER TABLE latency_tables ADD COLUMN resample_rounds integer NOT NULL DEFAULT 0;
ALTER TABLE latency_tables ADD COLUMN repeat_samples integer NOT NULL DEFAULT 0;

ALTER TABLE profiling_tasks DROP CONSTRAINT ck_profiling_tasks_kind;
ALTER TABLE profiling_tasks ADD CONSTRAINT ck_profiling_tasks_kind
    CHECK (kind IN ('FIT', 'VALIDATION', 'REPEAT', 'VERIFY'));
