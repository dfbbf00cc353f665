#!/usr/bin/env bash
# The fault suite in one command: runs the integration tests that break things on purpose against real PostgreSQL
# and RabbitMQ (and real worker and API processes), and prints one line per fault with its outcome and figures.
# Usage: bench/faults/run.sh        (about 6-10 minutes on 2 cores; needs what ./mvnw verify needs)
set -euo pipefail
cd "$(dirname "$0")/../.."
API_ITS=ApiCrashIT,CrashLoopIT,DatabaseOutageIT,BrokerOutageIT,RequeueSweepIT,ConcurrentCancelIT,WorkerEventsIT,WorkerLeaseIT
WORKER_ITS=WorkerEndToEndIT,JobPollerIT,MeasuredBudgetIT,DatabaseOutageWorkerIT
AGENT_ITS=AgentEndToEndIT
LOG=target/faults.log
mkdir -p target
echo "commit $(git rev-parse --short HEAD), $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
OFFLINE=-o; ls ~/.m2/repository/ml/dmlc >/dev/null 2>&1 || OFFLINE=
# Only this run's reports are read below.
rm -rf api-service/target/failsafe-reports search-worker/target/failsafe-reports profiler-agent/target/failsafe-reports
set +e
./mvnw -B $OFFLINE -pl search-worker,profiler-agent -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test="$API_ITS,$WORKER_ITS,$AGENT_ITS" -Dfailsafe.failIfNoSpecifiedTests=false > "$LOG" 2>&1
rc=$?
set -e
for report in api-service/target/failsafe-reports/TEST-*.xml search-worker/target/failsafe-reports/TEST-*.xml \
    profiler-agent/target/failsafe-reports/TEST-*.xml; do
  [ -f "$report" ] || continue
  python3 - "$report" <<'PY'
import sys, xml.etree.ElementTree as ET
suite = ET.parse(sys.argv[1]).getroot()
name = suite.get('name').rsplit('.', 1)[-1]
for case in suite.iter('testcase'):
    failed = case.find('failure') is not None or case.find('error') is not None
    skipped = case.find('skipped') is not None
    verdict = 'FAILED' if failed else ('SKIPPED' if skipped else 'held')
    print(f"{verdict:8s} {float(case.get('time', 0)):7.1f} s  {name}.{case.get('name')}")
PY
done
grep -h "ApiCrashIT:" "$LOG" || true
echo "maven exit $rc (full log: $LOG); done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
exit $rc
