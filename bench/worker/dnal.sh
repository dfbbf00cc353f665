#!/usr/bin/env bash
# DNAL against AOWS and the uniform baseline on this CPU: a fmnist-small latency table timed here and fitted, then
# two latency budgets (predicted latency of the uniform x0.5 and x0.75 networks) and one MAC budget (MACs of the
# uniform x0.75 network), every method for every seed with the same data and total epochs; test accuracy, measured
# latency (timed again in a fresh process), budget used and wall time side by side. See bench/worker/README.md.
#
# Usage: bench/worker/dnal.sh [trainImages] [searchEpochs] [finalEpochs] [latencySamples] [seeds] [threads]
#                             [latencyThreads]
#        (defaults 8000 6 2 300 1,2,3 2 1)
set -euo pipefail
# Keep freed native memory in the process (see README): without it every timed forward re-faults its activations'
# pages and latency medians of the same network vary by up to 2x between measurements on a busy machine.
export MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-268435456}
export MALLOC_TOP_PAD_=${MALLOC_TOP_PAD_:-268435456}
exec bash "$(dirname "$0")/run-test-class.sh" dev.slimfit.worker.search.bench.DnalBench "$@"
