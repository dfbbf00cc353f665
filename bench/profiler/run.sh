#!/usr/bin/env bash
# Latency-table quality on this machine: time N coverage-sampled networks with DJL (as the profiler agent does),
# fit the table, and score it on held-out uniform configurations, for several N, on fmnist-small and
# mobilenet-v1-224. Usage: bench/profiler/run.sh [threads]   (default 1 thread, batch 1)
# Environment: SMALL_N (default 100,200,400,800), SMALL_VALIDATION (200),
#              MOBILENET_N (default 100,200,400), MOBILENET_VALIDATION (100).
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS="${1:-1}"
./mvnw -B -q -pl search-core,models install -DskipTests
./mvnw -B -q -pl profiler-agent test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="profiler-agent/target/classes:profiler-agent/target/test-classes:$(cat profiler-agent/target/bench-classpath.txt)"
# glibc keeps freed memory, so libtorch does not refault its heap on every forward (see bench/worker/README.md)
export DJL_OFFLINE=true OMP_WAIT_POLICY=PASSIVE MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TOP_PAD_=268435456
java -Xmx4g -cp "$CP" dev.slimfit.agent.bench.LatencyModelBench fmnist-small "${SMALL_VALIDATION:-200}" \
  "${SMALL_N:-100,200,400,800}" "$THREADS"
java -Xmx4g -cp "$CP" dev.slimfit.agent.bench.LatencyModelBench mobilenet-v1-224 "${MOBILENET_VALIDATION:-100}" \
  "${MOBILENET_N:-100,200,400}" "$THREADS" 3 10
