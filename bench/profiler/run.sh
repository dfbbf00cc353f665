#!/usr/bin/env bash
# Latency-table quality on this machine: time coverage-sampled networks with DJL (as the profiler agent does), fit
# the table and its residual model, and score both on held-out uniform configurations timed twice (the repeat
# ceiling), for several N. Defaults follow issue 14: mobilenet-v1-224 at batch 1 and fmnist-small at batch 64, at
# most 1,000 measurements each (2 x 100 held-out + 800 training).
# Usage: bench/profiler/run.sh [threads]   (default 1 thread)
# Environment: SMALL_N (default 200,400,800), SMALL_VALIDATION (100), SMALL_BATCH (64),
#              MOBILENET_N (default 200,400,800), MOBILENET_VALIDATION (100), MOBILENET_BATCH (1).
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS="${1:-1}"
# One reactor run: siblings resolve to their target/classes; the agent, built last, writes the classpath file last.
OFFLINE=-o; ls ~/.m2/repository/ml/dmlc >/dev/null 2>&1 || OFFLINE=
./mvnw -B -q $OFFLINE -pl profiler-agent -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$PWD/target/bench-classpath.txt" -Dmdep.includeScope=test
CP="profiler-agent/target/classes:profiler-agent/target/test-classes:$(cat target/bench-classpath.txt)"
# glibc keeps freed memory, so libtorch does not refault its heap on every forward (see bench/worker/README.md)
export DJL_OFFLINE=true OMP_WAIT_POLICY=PASSIVE MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TOP_PAD_=268435456
echo "commit $(git rev-parse --short HEAD), $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
java -Xmx4g -cp "$CP" dev.slimfit.agent.bench.LatencyModelBench mobilenet-v1-224 "${MOBILENET_VALIDATION:-100}" \
  "${MOBILENET_N:-200,400,800}" "$THREADS" 3 10 "${MOBILENET_BATCH:-1}"
java -Xmx4g -cp "$CP" dev.slimfit.agent.bench.LatencyModelBench fmnist-small "${SMALL_VALIDATION:-100}" \
  "${SMALL_N:-200,400,800}" "$THREADS" 5 20 "${SMALL_BATCH:-64}"
echo "done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
