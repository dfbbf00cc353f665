#!/usr/bin/env bash
# Two or more API builds side by side on the same machine in one run: bench/api/run.sh for each jar in turn,
# ROUNDS times alternating, so a change's effect is read as a ratio that the machine's speed of the day cancels.
# Usage: bench/api/compare.sh NAME=JAR NAME=JAR [...]   e.g. base=/tmp/api-old.jar new=api-service/target/api-service-0.1.0-SNAPSHOT-exec.jar
# Environment: ROUNDS (2), ONLY (status,list), DURATION (15); JAVA_OPTS_<NAME> (that build's API JVM options,
#              e.g. JAVA_OPTS_base= for an older build's plain defaults); the rest goes to run.sh (JAVA_OPTS, JOBS, ...).
# Prints one markdown table; SAVE=1 appends it, with the command and the commit, to bench/results/api.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-2}
ONLY=${ONLY:-status,list}
DURATION=${DURATION:-15}
OUT=$(mktemp -d /tmp/slimfit-bench-compare.XXXXXX)
START_UPTIME=$(uptime | sed 's/.*load/load/')
rows=()
for round in $(seq 1 "$ROUNDS"); do
  for pair in "$@"; do
    name=${pair%%=*} jar=${pair#*=}
    [[ -f "$jar" ]] || { echo "no jar $jar" >&2; exit 1; }
    opts_var="JAVA_OPTS_$name"
    build_opts=()
    if [[ -n "${!opts_var+set}" ]]; then build_opts=("JAVA_OPTS=${!opts_var}"); fi
    env "${build_opts[@]}" ONLY="$ONLY" API_JAR="$jar" SKIP_BUILD=1 LABEL="$name" bench/api/run.sh "$DURATION" \
      > "$OUT/$name-$round.md"
    for run in status list submit; do
      line=$(grep -E "^\| $run " "$OUT/$name-$round.md" || true)
      [[ -z "$line" || "$line" == *"| - |"* ]] && continue
      # | run | rps | p50 | p99 | non-2xx | api cpu | pg cpu | goal |
      IFS='|' read -r _ _ rps p50 p99 bad api pg _ <<<"$line"
      rows+=("| $round | $name | $run |$rps|$p50|$p99|$bad|$api|$pg| $(uptime | sed 's/.*average: //') |")
    done
  done
done
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ), side by side at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- api-service migrations || echo ' + uncommitted changes')"
  echo
  echo "- command: \`ROUNDS=$ROUNDS ONLY=$ONLY DURATION=$DURATION bench/api/compare.sh $*\`${JAVA_OPTS:+ with JAVA_OPTS=\"$JAVA_OPTS\"}"
  for pair in "$@"; do
    opts_var="JAVA_OPTS_${pair%%=*}"
    if [[ -n "${!opts_var+set}" ]]; then echo "- ${pair%%=*}: API JVM options \`${!opts_var}\`"; fi
  done
  echo "- machine: $(nproc) cores; \`uptime\` before: $START_UPTIME"
  echo
  echo "| round | build | run | requests/s | p50 | p99 | non-2xx | API CPU ms/request | PostgreSQL CPU ms/request | load average after |"
  echo "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  printf '%s\n' "${rows[@]}"
} > "$OUT/table.md"
cat "$OUT/table.md"
if [[ "${SAVE:-0}" == 1 ]]; then cat "$OUT/table.md" >> bench/results/api.md; fi
