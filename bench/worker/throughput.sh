#!/usr/bin/env bash
# Supernet training-step time of fmnist-small: the worker's DJL loop against the same network and step in PyTorch
# eager (bench/worker/pytorch_step.py), side by side, in one run. See bench/worker/README.md.
#
# Usage: bench/worker/throughput.sh [rounds] [timedSteps] [warmupSteps] [batch] [threads]
#        (defaults 3 60 20 128 2)
#
# Each round runs, one process after the other: PyTorch, DJL (the worker's loop), DJL with glibc malloc tuned
# (MALLOC_MMAP_THRESHOLD_/MALLOC_TOP_PAD_, see README) and, for the sandwich only, the straightforward DJL loop
# (models' SlimmableNetwork through DJL's Trainer), for the sandwich step and for the max-configuration step.
# Rounds interleave the contenders so that a noisy, shared CPU hits them alike; the summary takes, per contender,
# the median over rounds of each run's median step time. OMP_WAIT_POLICY=PASSIVE for every process (idle OpenMP
# threads sleep instead of spinning, as the worker's tests run), unless set by the caller.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${1:-3}
STEPS=${2:-60}
WARMUP=${3:-20}
BATCH=${4:-128}
THREADS=${5:-2}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
export DJL_OFFLINE=true
TUNED_MALLOC=(MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TOP_PAD_=268435456)

# A Python with torch: the first of python3 on PATH and Debian's /usr/bin/python3 that imports it; else install
# Debian's python3-torch (PyTorch 1.13) with apt-get.
PYTHON=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import torch' >/dev/null 2>&1; then
    PYTHON=$candidate
    break
  fi
done
if [ -z "$PYTHON" ]; then
  echo "PyTorch not found; installing Debian's python3-torch with apt-get" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q python3-torch python3-numpy >&2
  PYTHON=/usr/bin/python3
fi

./mvnw -B -q -pl search-worker -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
CP="search-worker/target/test-classes:search-worker/target/classes:$(cat search-worker/target/bench-classpath.txt)"
JAVA_OPTS=(-Xmx2g -Dai.djl.offline=true -Dlogback.configurationFile=bench/worker/logback-bench.xml)

RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

run_pytorch() {
  "$PYTHON" bench/worker/pytorch_step.py --mode "$1" --batch "$BATCH" --threads "$THREADS" --warmup "$WARMUP" \
    --steps "$STEPS" | grep '^pytorch' | sed "s/^pytorch/pytorch/"
}

run_djl() {
  local label=$1 mode=$2
  shift 2
  env "$@" java "${JAVA_OPTS[@]}" -cp "$CP" dev.slimfit.worker.search.bench.ThroughputBench "$mode" "$BATCH" \
    "$THREADS" "$WARMUP" "$STEPS" | grep '^djl' | sed "s/^djl/$label/"
}

echo "# fmnist-small, batch $BATCH, $THREADS threads, $WARMUP warm-up + $STEPS timed steps, $ROUNDS rounds," \
  "OMP_WAIT_POLICY=$OMP_WAIT_POLICY; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for mode in sandwich max; do
    lines=("$(run_pytorch "$mode")" "$(run_djl djl "$mode")" "$(run_djl djl+malloc "$mode" "${TUNED_MALLOC[@]}")")
    if [ "$mode" = sandwich ]; then
      lines+=("$(run_djl djl-naive naive-sandwich | sed 's/ naive-sandwich / sandwich /')")
    fi
    for line in "${lines[@]}"; do
      echo "round=$round $line" | tee -a "$RESULTS"
    done
  done
done

"$PYTHON" - "$RESULTS" <<'EOF'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    fields = line.split()
    contender, mode = fields[1], fields[2]
    values = dict(f.split("=", 1) for f in fields if "=" in f)
    rows.setdefault((contender, mode), []).append((float(values["median_ms"]), float(values["faults_per_step"])))
print()
print("%-10s %-12s %14s %16s %12s" % ("step", "contender", "median ms", "faults/step", "vs PyTorch"))
for mode in ("sandwich", "max"):
    base = statistics.median(ms for ms, _ in rows[("pytorch", mode)])
    for contender in ("pytorch", "djl", "djl+malloc", "djl-naive"):
        runs = rows.get((contender, mode))
        if not runs:
            continue
        ms = statistics.median(m for m, _ in runs)
        faults = statistics.median(f for _, f in runs)
        print("%-10s %-12s %14.1f %16.0f %11.2fx" % (mode, contender, ms, faults, ms / base))
print()
print("sandwich = largest (cross-entropy) + smallest + 2 sampled (distillation) forward/backward passes, one SGD")
print("update, losses fetched once; max = the largest configuration alone (cross-entropy, backward, SGD update).")
print("djl = the worker's loop (dev.slimfit.worker.search.train); djl+malloc = the same with glibc malloc tuned;")
print("djl-naive = the same sandwich through models' SlimmableNetwork and DJL's Trainer/GradientCollector/Optimizer.")
EOF
