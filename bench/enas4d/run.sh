#!/usr/bin/env bash
# ENAS4D on this CPU: per seed and average-MAC budget, a real ENAS4D job on fmnist-stages (supernet, search,
# fine-tune, re-calibration) against the best static single-exit network of the same supernet (fine-tuned as long)
# and against UNIFORM on fmnist-small with the same images and the same total epochs; test accuracy, average MACs
# measured on the test split, exit shares and wall-clock ms per image at batch 1. Results: bench/results/enas4d.md.
#
# Usage: bench/enas4d/run.sh [trainImages] [supernetEpochs] [fineTuneEpochs] [seeds] [budgetFractions]
#        [latencyImages]   (defaults 4000 4 2 1,2,3 0.25,0.5 300)
set -euo pipefail
cd "$(dirname "$0")/../.."
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
export DJL_OFFLINE=true
# -am: search-worker's test classpath names api-service's test-jar, which only the reactor resolves (nothing is
# installed); each module writes its own classpath file, the worker's is the one used.
./mvnw -o -B -q -pl search-worker -am test-compile dependency:build-classpath -Dmaven.test.skip.exec=true \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
CP="search-worker/target/test-classes:search-worker/target/classes:$(cat search-worker/target/bench-classpath.txt)"
exec java -Xmx4g -Dai.djl.offline=true -Dlogback.configurationFile=bench/worker/logback-bench.xml -cp "$CP" \
  dev.slimfit.worker.method.enas4d.Enas4dBench "$@"
