#!/usr/bin/env bash
# make demo: starts the orchestrator on loopback, registers THIS machine as a host and vets it for real with
# a locally started agent — non-destructively: storage runs on a scratch file, the network stage runs iperf3
# against the orchestrator on 127.0.0.1. Ends with the verdict, the figures and the report's path.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
port=${DEMO_PORT:-18080}
iperf_port=${DEMO_IPERF3_PORT:-15201}
profile=${DEMO_PROFILE:-quick}
work=${DEMO_DIR:-$repo/data/demo}
base="http://127.0.0.1:$port"

say() { printf '\033[1mdemo:\033[0m %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || die "dotnet (the .NET 10 SDK) is not on PATH"
tools=(stress-ng fio memtester iperf3 smartctl dmidecode lspci ethtool ssh-keygen curl python3)
missing=()
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing the test tools (${missing[*]})"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stress-ng fio memtester iperf3 smartmontools dmidecode pciutils ethtool \
      openssh-client curl python3 util-linux iproute2 >/dev/null
  else
    die "missing tools: ${missing[*]} (apt-get install stress-ng fio memtester iperf3 smartmontools dmidecode pciutils ethtool openssh-client curl)"
  fi
fi

rm -rf "$work" && mkdir -p "$work/scratch"
say "building the orchestrator and the agent"
dotnet build Vetting.Server -c Release -v quiet -nologo >/dev/null
dotnet publish Vetting.Agent -c Release -v quiet -nologo -o "$work/agent" >/dev/null

cat >"$work/vetting.yaml" <<YAML
server:
  bind: "127.0.0.1:$port"
paths:
  data_dir: "$work/data"
network_test:
  iperf3_port: $iperf_port
YAML

server_pid=""
agent_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

say "starting the orchestrator on $base (log: $work/server.log)"
dotnet Vetting.Server/bin/Release/net10.0/vetting.dll serve --config "$work/vetting.yaml" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do curl -sf "$base/healthz" >/dev/null && break; sleep 1; done
curl -sf "$base/healthz" >/dev/null || die "the orchestrator did not start; see $work/server.log"

# Describe this machine as the expected spec, the way an operator would for a node they know.
nic=$(for n in /sys/class/net/*; do [ "$(basename "$n")" != lo ] && [ -f "$n/address" ] && basename "$n" && break; done)
mac=$(cat "/sys/class/net/$nic/address")
cores=$(nproc --all)
# Installed memory as firmware reports it (what the spec compares), not MemTotal, which is always lower.
mem_gib=$(lsmem -b --summary=only 2>/dev/null | awk '/online memory/ { printf "%.0f", $NF / 1073741824 }')
[ -n "$mem_gib" ] || mem_gib=$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
spec=$(printf 'cpu: { logical_cores: %s }\\nmemory: { total_gib: %s }\\nthresholds:\\n  network: { min_throughput_mbps: 100 }\\n' "$cores" "$mem_gib")

say "registering this machine ($(hostname), $nic $mac, $cores CPUs, $mem_gib GiB) and starting a '$profile' run"
curl -sf -X POST "$base/api/v1/hosts" -H 'Content-Type: application/json' \
  -d "{\"name\":\"$(hostname | tr -c 'A-Za-z0-9._\n-' '-' | cut -c1-63)\",\"mac\":\"$mac\",\"wolBroadcast\":\"127.0.0.1\",\"expectedSpec\":\"$spec\"}" >/dev/null \
  || die "registering the host failed"
run=$(curl -sf -X POST "$base/api/v1/hosts/1/runs" -H 'Content-Type: application/json' -d "{\"profile\":\"$profile\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

# Play the node's firmware: fetch the iPXE script the orchestrator serves and take the agent's settings from it.
for _ in $(seq 1 30); do
  script=$(curl -sf "$base/pxe/boot.ipxe?mac=$mac")
  grep -q 'vetting.token=' <<<"$script" && break
  sleep 1
done
token=$(grep -o 'vetting.token=[^ ]*' <<<"$script" | cut -d= -f2)
[ -n "$token" ] || die "the orchestrator did not hand out a boot script for $mac"

say "run $run: starting the agent (log: $work/agent.log)"
"$work/agent/vetting-agent" --orchestrator "$base" --run "$run" --token "$token" \
  --scratch-dir "$work/scratch" --no-poweroff >"$work/agent.log" 2>&1 &
agent_pid=$!

started=$(date +%s)
state=""
while :; do
  state=$(curl -sf "$base/api/v1/runs/$run" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
  case "$state" in Passed|Failed|FailedHolding|Cancelled) break ;; esac
  [ $(( $(date +%s) - started )) -gt 1800 ] && die "run $run is still $state after 30 minutes"
  sleep 2
done

curl -sf "$base/api/v1/runs/$run" >"$work/run.json"
python3 - "$work/run.json" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
print(f"\nrun {run['id']} on {run['hostName']}: {run['state']}")
for s in run["stages"]:
    print(f"  {s['name']:<9} {s['status']:<8} {s.get('summary') or ''}")
for d in run["specDiffs"]:
    print(f"  spec {d['severity']}: {d['path']} expected {d['expected']}, got {d['actual']}")
print("measurements:")
for m in run["measurements"]:
    device = f" [{m['device']}]" if m.get("device") else ""
    print(f"  {m['stage']:<8} {m['name']}{device}: {m['value']:.1f} {m['unit']}")
if run.get("failure"):
    f = run["failure"]
    print(f"failure: {f.get('stage')} {f['reason']}: {f['message']}")
PY
say "took $(( $(date +%s) - started )) s; report: $work/data/artifacts/run-$run/report.html"
[ "$state" = Passed ]
