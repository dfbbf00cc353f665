package dev.slimfit.api.latency;

/** FIT measurements train the table, VALIDATION ones only judge it, VERIFY ones check a READY table. */
enum TaskKind { FIT, VALIDATION, VERIFY }
