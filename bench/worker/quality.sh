#!/usr/bin/env bash
# Search quality on this CPU: a fmnist-small latency table timed here (LatencyTimer) and fitted (LatencyFitter),
# then, at the predicted latency of uniform networks, AOWS, the uniform baseline, the AOWS architecture trained from
# scratch and random search, over seeds, with the same data and epochs; test accuracy and measured latency (timed
# again in a fresh process) of each final network side by side, and the gain over the uniform accuracy-latency
# curve at equal measured latency. See bench/worker/README.md.
#
# Usage: bench/worker/quality.sh [trainImages] [searchEpochs] [finalEpochs] [latencySamples] [randomCandidates]
#                                [seeds] [threads] [latencyThreads] [multipliers] [distillation] [references]
#        (defaults 20000 8 8 300 2 1,2,3 2 1 0.5,0.75 <engine default> 1.0; about 80 min on 2 cores)
set -euo pipefail
# Keep freed native memory in the process (see README): without it every timed forward re-faults its activations'
# pages and latency medians of the same network vary by up to 2x between measurements on a busy machine.
export MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-268435456}
export MALLOC_TOP_PAD_=${MALLOC_TOP_PAD_:-268435456}
exec bash "$(dirname "$0")/run-test-class.sh" dev.slimfit.worker.search.bench.QualityBench "$@"
