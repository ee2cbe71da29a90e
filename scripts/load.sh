#!/usr/bin/env bash
# Load harness (bench/Vetting.Load): builds the orchestrator and the harness, then drives N simulated agents through
# the shipped workflow against the real server started as a separate process on loopback (SQLite file), and prints
# runs/minute, API latency by endpoint kind, SSE fan-out to 20 listeners, start time, RSS and CPU. Figures only.
# Usage: ./scripts/load.sh [N ...]   (default: 50 200); LOAD_ARGS passes more options to the harness, e.g.
# LOAD_ARGS='--postgres "Host=127.0.0.1;Port=55432;Username=vetting;Database=postgres" --sites 2' (two orchestrators of
# two sites sharing one throw-away database on that server; scripts/pg-test-cluster.sh starts such a server).
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
