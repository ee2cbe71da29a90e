#!/usr/bin/env bash
# Load harness (bench/Vetting.Load): builds the orchestrator and the harness, then drives N simulated agents through
# the shipped workflow against the real server started as a separate process on loopback (SQLite file), and prints
# runs/minute, API latency by endpoint kind, the workflow step, SSE fan-out to 20 listeners, start time, RSS and CPU.
# Figures only (docs/performance.md).
# Usage: ./scripts/load.sh [N ...]   (default: 50 200); LOAD_ARGS passes more options to the harness, e.g.
#   LOAD_ARGS='--warmup 200 --stage-seconds 5'   a warmed-up server, stages of 0-5 s
#   LOAD_ARGS='--postgres "Host=127.0.0.1;Port=55432;Username=vetting;Database=postgres" --sites 2'   two orchestrators
#     of two sites sharing one throw-away database on that server (scripts/pg-test-cluster.sh starts such a server)
#   LOAD_ARGS='--kill 25 --concurrent 20 --stage-seconds 2 --no-boot 10'   the crash soak: 25 SIGKILLs, then counts of
#     lost results, stages run twice, timers fired twice, notifications lost or duplicated (exit 1 if any)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Vetting.Server -c Release -v quiet -nologo >/tmp/vetting-load-build.log 2>&1 || { grep -E "error" /tmp/vetting-load-build.log | sort -u >&2; exit 1; }
dotnet build bench/Vetting.Load -c Release -v quiet -nologo >>/tmp/vetting-load-build.log 2>&1 || { grep -E "error" /tmp/vetting-load-build.log | sort -u >&2; exit 1; }
for n in "${@:-50 200}"; do
  for runs in $n; do
    eval "dotnet run --project bench/Vetting.Load -c Release --no-build -- --runs $runs ${LOAD_ARGS:-}"
    echo
  done
done
