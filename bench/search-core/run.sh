#!/usr/bin/env bash
# search-core benchmark: decoders, latency fit and samplers on mobilenet-v1-224 with a random latency table.
# Usage: bench/search-core/run.sh [fitSamples]   (default 8000). Builds search-core only, then runs the bench main.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl search-core test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=compile
CP="search-core/target/classes:search-core/target/test-classes:$(cat search-core/target/bench-classpath.txt)"
exec java -Xmx2g -cp "$CP" dev.slimfit.core.bench.SearchCoreBench "$@"
