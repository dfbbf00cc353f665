#!/usr/bin/env bash
# ENAS4D on this CPU: per seed and average-MAC budget, a real ENAS4D job on fmnist-stages (supernet, search,
# fine-tune, re-calibration) against the best static single-exit network of the same supernet (fine-tuned as long)
# and against UNIFORM on fmnist-small with the same images and the same total epochs; test accuracy, average MACs
# measured on the test split, exit shares and wall-clock ms per image at batch 1. Results: bench/results/enas4d.md.
#
# Usage: bench/enas4d/run.sh [trainImages] [supernetEpochs] [fineTuneEpochs] [seeds] [budgetFractions]
#        [latencyImages]   (defaults 4000 4 2 1,2,3 0.25,0.5 300)
set -euo pipefail
exec bash "$(dirname "$0")/../worker/run-test-class.sh" dev.slimfit.worker.method.enas4d.Enas4dBench "$@"
