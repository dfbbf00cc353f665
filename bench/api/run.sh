#!/usr/bin/env bash
# API under load on this machine (issue 15): the API's exec jar against the local PostgreSQL and RabbitMQ, with
# 100,000 jobs of one team in the table, loaded by wrk over loopback, each run bounded in time:
#   status  GET /api/v1/jobs/{id} for random seeded jobs
#   list    GET /api/v1/jobs?size=20, a quarter first pages, the rest from cursors at every depth
#   submit  POST /api/v1/jobs, each with its own Idempotency-Key, then the outbox lag: how long after the run's
#           end until every submitted job's message was confirmed by the broker
# Prints a markdown report; SAVE=1 appends it to bench/results/api.md. See bench/api/README.md.
#
# Usage: bench/api/run.sh [seconds per run] [connections] [wrk threads]   (defaults 20 32 2)
# Environment: JOBS (100000), WARMUP (20, seconds of load before each run), PORT (18087), API_JAR (another build's exec jar, e.g. of an older commit), ONLY (e.g. "status,list": only these runs), JAVA_OPTS (of the API; default the images' -XX:+UseParallelGC),
#              LABEL (the report's heading instead of the commit), SKIP_BUILD=1 (reuse api-service/target's
#              jar), KEEP=1 (leave the
#              database), PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres), RABBIT_HOST/RABBIT_PORT (127.0.0.1/5672)
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${1:-20}
CONNECTIONS=${2:-32}
THREADS=${3:-2}
JOBS=${JOBS:-100000}
# Seconds of load before each measured run (and once more for both reads first): on 2 shared cores the JIT's
# compiler threads take as much CPU as the requests for the first ~20 s of a path (a JFR recording of a submit
# run with a 5 s warm-up: C2 threads 132% against the request threads' 146%); the figures are the warm service's.
WARMUP=${WARMUP:-20}
PORT=${PORT:-18087}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=slimfit_bench_api
ADMIN_KEY=bench-admin-key-0123456789abcdef
BASE=http://127.0.0.1:$PORT
# the API images' GC unless JAVA_OPTS says otherwise (set and empty: the JVM's defaults)
API_JAVA_OPTS=${JAVA_OPTS--XX:+UseParallelGC}
# actuator on its own port (PORT + 1); an older build without one answers health on the API port
healthy() { curl -fs "http://127.0.0.1:$((PORT + 1))/actuator/health" >/dev/null 2>&1 || curl -fs "$BASE/actuator/health" >/dev/null 2>&1; }
WORK=$(mktemp -d /tmp/slimfit-bench-api.XXXXXX)
API_PID=""
UPTIME_BEFORE=$(uptime | sed 's/.*load/load/')

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is missing" >&2; exit 1; }

cleanup() {
  if [[ -n "$API_PID" ]] && kill -0 "$API_PID" 2>/dev/null; then
    kill "$API_PID"
    wait "$API_PID" 2>/dev/null || true
  fi
  if [[ "${KEEP:-0}" != 1 ]]; then
    psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

sql() { psql -qAtX -d "$DB" -v ON_ERROR_STOP=1 "$@"; }

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -o -B -q -pl search-core,migrations,api-service package -DskipTests >&2
fi
# A copy: another build in this working tree may repackage the jar while the bench runs.
JAR="$WORK/api.jar"
cp "${API_JAR:-$(ls api-service/target/api-service-*-exec.jar | head -1)}" "$JAR"
unzip -p "$JAR" META-INF/MANIFEST.MF | grep -q Main-Class || { echo "the exec jar is incomplete; rebuild" >&2; exit 1; }

psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null

# Rate limits off: the bench measures what the service can do, not the per-team quotas (429s would count as
# fast answers). Queues expire when the bench is gone; nothing consumes the submitted jobs.
SLIMFIT_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" SLIMFIT_DB_USER=$PGUSER \
SLIMFIT_RABBIT_HOST=${RABBIT_HOST:-127.0.0.1} SLIMFIT_RABBIT_PORT=${RABBIT_PORT:-5672} \
SLIMFIT_ADMIN_KEY=$ADMIN_KEY SLIMFIT_API_PORT=$PORT SLIMFIT_MANAGEMENT_PORT=$((PORT + 1)) \
SLIMFIT_MESSAGING_PREFIX=slimfit-bench \
  java $API_JAVA_OPTS -jar "$JAR" \
  --slimfit.api.rate-limit.team-requests.burst=0 --slimfit.api.rate-limit.team-submits.burst=0 \
  --slimfit.messaging.queue-expires=5m --logging.level.dev.slimfit=WARN \
  > "$WORK/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 120); do
  healthy && break
  kill -0 "$API_PID" 2>/dev/null || { tail -40 "$WORK/api.log" >&2; exit 1; }
  sleep 1
done
healthy || { echo "the API did not start" >&2; tail -40 "$WORK/api.log" >&2; exit 1; }

KEY=$(curl -fs -X POST "$BASE/api/v1/admin/teams" -H "Authorization: Bearer $ADMIN_KEY" \
  -H 'Content-Type: application/json' -d '{"name":"bench"}' | sed -E 's/.*"apiKey":"([^"]+)".*/\1/')
export SLIMFIT_BENCH_KEY=$KEY
TEAM=$(sql -c "SELECT id FROM teams WHERE name = 'bench'")
# One real submission gives the spec the seeded jobs copy.
curl -fs -X POST "$BASE/api/v1/jobs" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"method":"UNIFORM","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"params":1000000}}' \
  >/dev/null

# The seeded history: finished jobs (nothing for the sweepers to do), one every 20 s back from now.
SEED_START=$(date +%s.%N)
sql -v team="$TEAM" -v jobs="$JOBS" <<'SQL'
INSERT INTO jobs (id, team_id, method, search_space, spec, status, priority, request_hash, attempt,
                  created_at, updated_at, started_at, finished_at)
SELECT gen_random_uuid(), :'team', 'UNIFORM', 'fmnist-small', s.spec,
       (ARRAY['SUCCEEDED', 'FAILED', 'CANCELLED'])[1 + n % 3], 5, md5(n::text), 1,
       now() - n * interval '20 seconds', now() - n * interval '20 seconds' + interval '5 minutes',
       now() - n * interval '20 seconds' + interval '1 minute', now() - n * interval '20 seconds' + interval '5 minutes'
FROM generate_series(1, :jobs) AS n, (SELECT spec FROM jobs LIMIT 1) AS s;
ANALYZE jobs;
SQL
SEED_SECONDS=$(echo "$(date +%s.%N) - $SEED_START" | bc)
sql -c "SELECT id FROM jobs ORDER BY random() LIMIT 5000" > "$WORK/ids.txt"
# Cursors as the API writes them (JobCursor): base64url of "v1:<epoch seconds>.<nanos>:<id>".
sql -F ' ' -c "SELECT floor(extract(epoch FROM created_at))::bigint,
                      ((extract(epoch FROM created_at) - floor(extract(epoch FROM created_at))) * 1e9)::bigint, id
               FROM jobs ORDER BY random() LIMIT 2000" |
  while read -r sec nanos id; do
    printf 'v1:%s.%s:%s' "$sec" "$((nanos / 1000 * 1000))" "$id" | base64 -w0 | tr '+/' '-_' | tr -d '='; echo
  done > "$WORK/cursors.txt"
# The plan of a deep cursor page: the keyset index, no count, no OFFSET.
C=$(sed -n 1000p "$WORK/cursors.txt")
curl -fs "$BASE/api/v1/jobs?size=20&cursor=$C" -H "Authorization: Bearer $KEY" | grep -q '"hasMore":true' \
  || echo "note: this API does not page by cursor (an older build?): list requests get the first page" >&2
IFS='|' read -r AT ID <<<"$(sql -c "SELECT created_at, id FROM jobs ORDER BY created_at DESC OFFSET $((JOBS / 2)) LIMIT 1")"
PLAN=$(sql -v team="$TEAM" -v at="$AT" -v id="$ID" <<'SQL'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT * FROM jobs WHERE team_id = :'team' AND (created_at, id) < (:'at'::timestamptz, :'id'::uuid)
ORDER BY created_at DESC, id DESC LIMIT 21;
SQL
)

# wrk's --latency output to "req/s p50 p99 non2xx" ("- - - -" for a run left out by ONLY).
figures() {
  [[ -f "$1" ]] || { echo "- - - -"; return; }
  awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
       /Non-2xx/ {bad=$5} /Socket errors/ {err=$0}
       END {printf "%s %s %s %s\n", rps, p50, p99, (bad == "" ? 0 : bad)}' "$1"
}

# CPU time (user + system, ms) the API process and the PostgreSQL server have used so far: divided by the
# requests of a run, a cost per request that depends far less on what else the shared machine is doing.
api_cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$API_PID/stat"; }
pg_cpu_ms() {
  local total=0 pid
  for pid in $(pgrep -u postgres postgres || true); do
    total=$((total + $(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

wrk_run() { # name script duration [arg]; records the API's and PostgreSQL's CPU time per request
  local name=$1 script=$2 seconds=$3 arg=${4:-}
  local api0 pg0
  api0=$(api_cpu_ms); pg0=$(pg_cpu_ms)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -s "bench/api/$script" "$BASE" -- $arg \
    > "$WORK/$name.txt"
  local requests
  requests=$(awk '/requests in/ {print $1}' "$WORK/$name.txt")
  echo "$(( ($(api_cpu_ms) - api0) * 1000 / (requests + 1) )) $(( ($(pg_cpu_ms) - pg0) * 1000 / (requests + 1) ))" \
    > "$WORK/$name.cpu"
}

run() { # name script [arg]: a warm-up of its own, then the measured run
  wrk_run "$1-warmup" "$2" "$WARMUP" "${3:-}"
  wrk_run "$1" "$2" "$DURATION" "${3:-}"
}

want() { [[ -z "${ONLY:-}" || ",$ONLY," == *",$1,"* ]]; }

# The JIT compiles what the read runs share (filters, security, JSON) during the first seconds: warm both
# reads before measuring either, so the first measured run is not also the JIT's.
want status && wrk_run warmup-status status.lua "$WARMUP" "$WORK/ids.txt"
want list && wrk_run warmup-list list.lua "$WARMUP" "$WORK/cursors.txt"
want status && run status status.lua "$WORK/ids.txt"
want list && run list list.lua "$WORK/cursors.txt"
if want submit; then

export SLIMFIT_BENCH_RUN="warm-$(date +%s%N)"
wrk_run submit-warmup submit.lua "$WARMUP"
until [[ $(sql -c "SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0 ]]; do sleep 0.2; done
BEFORE=$(sql -c "SELECT coalesce(max(id), 0) FROM outbox")
export SLIMFIT_BENCH_RUN="run-$(date +%s%N)"
wrk_run submit submit.lua "$DURATION"
END=$(date +%s.%N)
until [[ $(sql -c "SELECT count(*) FROM outbox WHERE published_at IS NULL AND id > $BEFORE") == 0 ]]; do
  sleep 0.05
  if (( $(echo "$(date +%s.%N) - $END > 300" | bc) )); then echo "outbox not drained after 300 s" >&2; break; fi
done
LAG=$(echo "$(date +%s.%N) - $END" | bc)
SUBMITTED=$(sql -c "SELECT count(*) FROM outbox WHERE id > $BEFORE")
WORST=$(sql -c "SELECT round(extract(epoch FROM max(published_at - created_at))::numeric, 3),
                       round(extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY published_at - created_at))::numeric, 3)
                FROM outbox WHERE id > $BEFORE")
RELAY=$(sql -c "SELECT round(count(*) / greatest(extract(epoch FROM max(published_at) - min(published_at)), 0.001))
                FROM outbox WHERE id > $BEFORE")
fi
ERRORS=$(grep -c ' ERROR ' "$WORK/api.log" || true)

read -r S_RPS S_P50 S_P99 S_BAD <<<"$(figures "$WORK/status.txt")"
read -r L_RPS L_P50 L_P99 L_BAD <<<"$(figures "$WORK/list.txt")"
read -r P_RPS P_P50 P_P99 P_BAD <<<"$(figures "$WORK/submit.txt")"
for run in status list submit; do [[ -f "$WORK/$run.cpu" ]] || echo "0 0" > "$WORK/$run.cpu"; done
read -r S_API S_PG < "$WORK/status.cpu"
read -r L_API L_PG < "$WORK/list.cpu"
read -r P_API P_PG < "$WORK/submit.cpu"
LAG=${LAG:-0}; SUBMITTED=${SUBMITTED:-0}; WORST=${WORST:-"-|-"}; RELAY=${RELAY:--}
us() { printf '%d.%02d' $(($1 / 1000)) $((($1 % 1000) / 10)); }

cat > "$WORK/report.md" <<EOF

## $(date -u +%Y-%m-%dT%H:%MZ), ${LABEL:-$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- api-service migrations || echo ' + uncommitted changes')}

- command: \`bench/api/run.sh $DURATION $CONNECTIONS $THREADS\` (wrk -t$THREADS -c$CONNECTIONS, ${DURATION} s per run after ${WARMUP} s of warm-up); API JVM options: \`$API_JAVA_OPTS\`
- machine: $(nproc) cores, shared with other sessions; \`uptime\` before: $UPTIME_BEFORE; after: $(uptime | sed 's/.*load/load/')
- table: $JOBS jobs of one team seeded by SQL in ${SEED_SECONDS%.*} s, plus the submitted ones; rate limits off

| run | requests/s | p50 | p99 | non-2xx | API CPU ms/request | PostgreSQL CPU ms/request | goal |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |
| status \`GET /jobs/{id}\` | $S_RPS | $S_P50 | $S_P99 | $S_BAD | $(us "$S_API") | $(us "$S_PG") | ≥3000/s, p99 < 25 ms |
| list \`GET /jobs?size=20[&cursor=]\` | $L_RPS | $L_P50 | $L_P99 | $L_BAD | $(us "$L_API") | $(us "$L_PG") | ≥1000/s |
| submit \`POST /jobs\` | $P_RPS | $P_P50 | $P_P99 | $P_BAD | $(us "$P_API") | $(us "$P_PG") | ≥300/s, p99 < 100 ms |

- outbox: $SUBMITTED messages from the submit run; every one confirmed by the broker **$(printf '%.2f' "$LAG") s** after the run
  ended (goal ≤ 2 s); per message, publish minus commit: p99 ${WORST#*|} s, worst ${WORST%|*} s; relay rate over the run
  $RELAY messages/s
- plan of a deep cursor page:
\`\`\`
$PLAN
\`\`\`
- API log: $ERRORS ERROR lines
EOF
cat "$WORK/report.md"
if [[ "${SAVE:-0}" == 1 ]]; then
  cat "$WORK/report.md" >> bench/results/api.md
fi
