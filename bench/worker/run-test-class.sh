#!/usr/bin/env bash
# Runs one test-scope main class of search-worker (a benchmark) on the module's test classpath: builds what is
# missing with the Maven wrapper, then starts the JVM with DJL offline and idle OpenMP threads sleeping
# (OMP_WAIT_POLICY=PASSIVE unless the caller set it). The benchmark scripts under bench/ call it.
#
# Usage: bench/worker/run-test-class.sh <fully.qualified.MainClass> [arguments...]
set -euo pipefail
cd "$(dirname "$0")/../.."
MAIN=$1
shift
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
export DJL_OFFLINE=true
./mvnw -B -q -pl search-worker -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
CP="search-worker/target/test-classes:search-worker/target/classes:$(cat search-worker/target/bench-classpath.txt)"
exec java -Xmx4g -Dai.djl.offline=true -Dlogback.configurationFile=bench/worker/logback-bench.xml -cp "$CP" \
  "$MAIN" "$@"
