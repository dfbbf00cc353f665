/**
 * Hand-written JSON forms of latency and cost tables (search-core depends on no framework, so no Jackson); doubles
 * round-trip bit for bit.
 */
package dev.slimfit.core.json;
