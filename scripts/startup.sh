#!/usr/bin/env bash
# Start-up and idle memory benchmark (docs/performance.md, "Start-up and memory"). Starts the orchestrator binary
# K times on loopback with a throw-away data dir and prints, per start, the time from process start to the first
# 200 from /healthz and the RSS 3 s and 30 s later (idle: no host, no run, no page; by 30 s the background services have
# polled and the runtime has recompiled its hot start-up methods). The first start creates the database; the others
# find it, as a restart does. Figures only.
# Usage: ./scripts/startup.sh [BINARY] [K]   (BINARY default: bin/vetting-linux-amd64/vetting, built by
#        scripts/publish-orchestrator.sh when missing; K default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-bin/vetting-linux-amd64/vetting}"
starts="${2:-5}"
if [ ! -x "$binary" ]; then
  if [ "$binary" != "bin/vetting-linux-amd64/vetting" ]; then
    echo "startup: $binary is not an executable file" >&2
    exit 2
  fi
  scripts/publish-orchestrator.sh >/dev/null
fi
case "$starts" in ''|*[!0-9]*) echo "startup: K must be a whole number of starts, not '$starts'" >&2; exit 2 ;; esac

work="$(mktemp -d /tmp/vetting-startup.XXXXXX)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18431)"
cat >"$work/vetting.yaml" <<EOF
server:
  bind: "127.0.0.1:$port"
paths:
  data_dir: "$work/data"
network_test:
  enabled: false
EOF

# The service runs with the environment deploy/vetting.service gives it (the GC's gen0 budget): start the binary so too.
unit_env=()
while IFS= read -r line; do unit_env+=("${line#Environment=}"); done < <(grep -E '^Environment=DOTNET_' deploy/vetting.service || true)
echo "environment from deploy/vetting.service: ${unit_env[*]:-(none)}"

printf '%-6s %-20s %-14s %-15s %s\n' start 'to /healthz (ms)' 'RSS 3 s (MB)' 'RSS 30 s (MB)' 'database'
for i in $(seq 1 "$starts"); do
  database=$([ -e "$work/data/vetting.db" ] && echo existing || echo created)
  begin=$(date +%s%N)
  env "${unit_env[@]}" "$binary" serve --config "$work/vetting.yaml" >"$work/server-$i.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$port/healthz"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "startup: the server exited; see its output:" >&2; cat "$work/server-$i.log" >&2; exit 1; fi
    if [ $(( ($(date +%s%N) - begin) / 1000000 )) -gt 60000 ]; then echo "startup: no healthy /healthz within 60 s" >&2; exit 1; fi
    sleep 0.01
  done
  healthy_ms=$(( ($(date +%s%N) - begin) / 1000000 ))
  sleep 3
  rss_3_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  sleep 27
  rss_30_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  printf '%-6s %-20s %-14s %-15s %s\n' "$i" "$healthy_ms" "$(( rss_3_kb / 1024 ))" "$(( rss_30_kb / 1024 ))" "$database"
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
done
