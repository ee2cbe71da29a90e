#!/usr/bin/env bash
# Builds the solution and runs every test project, then prints the totals as "N passed, N failed[, N skipped]".
# Exit status is non-zero when a test failed or a test project could not run.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

results="${TEST_RESULTS_DIR:-$PWD/TestResults}"
rm -rf "$results"
mkdir -p "$results"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet (the .NET 10 SDK) is not on PATH; install it first: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 2
fi

# The integration suite runs on SQLite and then again on PostgreSQL: a throw-away cluster on loopback
# (scripts/pg-test-cluster.sh) unless VETTING_TEST_POSTGRES names a server already. Without PostgreSQL installed the
# second pass is left out (CI installs it and requires it).
pg_dir=""
if [ -z "${VETTING_TEST_POSTGRES:-}" ]; then
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    pg_dir=$(mktemp -d /tmp/vetting-pgtest.XXXXXX)
    rmdir "$pg_dir"
    if VETTING_TEST_POSTGRES=$(./scripts/pg-test-cluster.sh start "$pg_dir"); then
      export VETTING_TEST_POSTGRES
      trap './scripts/pg-test-cluster.sh stop "$pg_dir"' EXIT
    else
      echo "the PostgreSQL test cluster did not start (see above)" >&2
      exit 2
    fi
  elif [ "${CI:-}" = true ]; then
    echo "PostgreSQL is not installed: CI runs the integration suite on it too (apt-get install -y postgresql)" >&2
    exit 2
  else
    echo "PostgreSQL is not installed: the integration suite runs on SQLite only (apt-get install -y postgresql to add the PostgreSQL pass)" >&2
  fi
fi

# One test project at a time: the QEMU end-to-end test measures an emulated NIC's throughput, which is CPU-bound under
# TCG, so it must not share the two cores with the browser and integration suites (CI failed at 90 of 200 Mbit/s so).
dotnet test --solution Vetting.sln -c Release --max-parallel-test-modules 1 --report-trx --results-directory "$results" "$@"
status=$?

# The orchestrator in a 512 MB LXC: .NET caps its heap below the container's memory. The run smoke, the hostile-input
# and limit tests and the bad-input sweep run again under that cap (their results are counted with the rest).
if [ "$status" -eq 0 ] || [ "$status" -eq 2 ]; then
  DOTNET_GCHeapHardLimit=0x20000000 dotnet test --project tests/Vetting.Server.Tests/Vetting.Server.Tests.csproj -c Release --no-build \
    --report-trx --report-trx-filename memory-capped-512mb.trx --results-directory "$results" \
    --filter-class '*.RunFlowTests' --filter-class '*.HostileAgentTests' --filter-class '*.InputLimitTests' \
    --filter-class '*.BadInputSweepTests' --filter-class '*.HeapLimitTests' || status=1
fi

if [ -n "${VETTING_TEST_POSTGRES:-}" ] && { [ "$status" -eq 0 ] || [ "$status" -eq 2 ]; }; then
  VETTING_TEST_DATABASE=postgres dotnet test --project tests/Vetting.Server.Tests/Vetting.Server.Tests.csproj -c Release --no-build \
    --report-trx --report-trx-filename postgres.trx --results-directory "$results" || status=1
fi

passed=0 failed=0 skipped=0 files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$(get total); executed=$(get executed)
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + total - executed))
done

if [ "$files" -eq 0 ]; then
  echo "no test results were written to $results" >&2
  status=1
fi

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
if [ "$failed" -gt 0 ]; then status=1; fi
exit "$status"
