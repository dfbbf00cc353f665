package dev.slimfit.api.latency;

/**
 * FIT measurements train the table, VALIDATION ones only judge it, REPEAT ones time validation configurations and
 * the narrowest and widest network again (the repeat ceiling and the timing noise of the quality gate), VERIFY
 * ones check a fitted table.
 */
enum TaskKind { FIT, VALIDATION, REPEAT, VERIFY }
