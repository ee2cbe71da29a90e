#!/usr/bin/env bash
# End-to-end test: the real orchestrator (built from this tree) vets a QEMU VM that PXE-boots the live image
# with the real agent. Run as root after `make agent` and `make live-image`. Bounded (TIMEOUT, default 900 s,
# build included) and self-cleaning: everything it starts is stopped by recorded PID, its netns are deleted.
#
#   netns vt-br-<pid>:    bridge br0 + tap0 (QEMU's NIC) + veth vb0
#   netns vt-orch-<pid>:  veth vo0 = 10.77.0.1/24, fd77::1/64; the orchestrator on 10.77.0.1:8080 with
#                         pxe.enabled (it supervises dnsmasq on vo0: DHCP, RA, iPXE → /pxe/boot.ipxe) and
#                         network_test.enabled (iperf3 -s on 5201)
#
# Steps: build the server, write a vetting.yaml, start it, (PROFILE=fast) publish a new version of the
# `vetting` workflow whose `quick` profile is shorter, register the VM's MAC as a host, start a `quick` run,
# start QEMU once the run is WaitingWoL with the MAC allow-listed, poll GET /api/v1/runs/1 until
# Passed/Failed/FailedHolding, then print the state sequence, stages, measurements and check report.html and that QEMU powered off by itself.
#
# Environment: IMAGE_DIR (default ./data/image), TIMEOUT (s, default 900, at most 900), PROFILE (fast |
# stock, default fast: see below), MEMORY_MB (1024), NIC_MODEL (QEMU NIC, default e1000: it reports a link
# speed, so the network verdict is judged, and it never froze under TCG where virtio-net-pci sometimes did),
# FIRMWARE (bios | uefi, default bios: uefi boots OVMF, whose own PXE fetches pxe.uefi_loader over TFTP;
# its NIC defaults to virtio-net-pci),
# SKIP_BUILD=1 (use the existing build), CONFIGURATION (the build to use, default Release),
# SCENARIO (pass | hold, default pass: hold registers a spec the VM cannot meet, so the run fails at the
# inventory, holds the node; the script logs in over SSH with the run's key, releases it, and expects Failed
# with the VM powered off), MIN_THROUGHPUT_MBPS (the VM NIC's minimum in its spec, default 200), KEEP_LOGS=1 (keep the temp dir: server.log, console.log, vetting.yaml, data/).
# Exit status: 0 = the run passed; 1 = it did not (or a check failed); 2 = setup problem.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=deploy/live-image/netns-lib.sh
. "$here/netns-lib.sh"
repo=$(cd "$here/../.." && pwd)
IMAGE_DIR=${IMAGE_DIR:-${DATA_DIR:-$repo/data}/image}
TIMEOUT=${TIMEOUT:-900}
PROFILE=${PROFILE:-fast}
MEMORY_MB=${MEMORY_MB:-1024}
FIRMWARE=${FIRMWARE:-bios}
case $FIRMWARE in
  bios) NIC_MODEL=${NIC_MODEL:-e1000} ;;
  # OVMF has a network driver for virtio only; the NIC runs without option ROM (see qemu_pxe_start).
  uefi) NIC_MODEL=${NIC_MODEL:-virtio-net-pci} ;;
  *) printf '[e2e] error: FIRMWARE must be bios or uefi\n' >&2; exit 2 ;;
esac
export FIRMWARE NIC_MODEL
SKIP_BUILD=${SKIP_BUILD:-0}
CONFIGURATION=${CONFIGURATION:-Release}
SCENARIO=${SCENARIO:-pass}
KEEP_LOGS=${KEEP_LOGS:-0}
MAC=52:54:00:12:34:56
API=http://10.77.0.1:8080

log() { printf '[e2e] %s\n' "$*" >&2; }
die() { printf '[e2e] error: %s\n' "$*" >&2; exit 2; }

[[ $(id -u) -eq 0 ]] || die "run as root (network namespaces, tap device, dnsmasq): sudo $0"
for tool in dotnet qemu-system-x86_64 dnsmasq iperf3 python3 curl ip; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "missing $tool; install with: apt-get install -y qemu-system-x86 ipxe-qemu dnsmasq iperf3 python3 curl iproute2 (and the .NET 10 SDK)"
done
if [[ $FIRMWARE == uefi ]]; then
  [[ -f $OVMF_CODE && -f $OVMF_VARS ]] || die "no OVMF firmware at $OVMF_CODE / $OVMF_VARS; install with: apt-get install -y ovmf"
  [[ -f /usr/lib/ipxe/ipxe.efi ]] || die "no /usr/lib/ipxe/ipxe.efi (pxe.uefi_loader in pxe.tftp_dir); install with: apt-get install -y ipxe"
fi
[[ -f $IMAGE_DIR/vmlinuz && -f $IMAGE_DIR/initrd.img ]] ||
  die "no vmlinuz/initrd.img in $IMAGE_DIR: make agent && sudo make live-image (or set IMAGE_DIR)"
if ! [[ $TIMEOUT =~ ^[0-9]+$ ]] || ((TIMEOUT < 60 || TIMEOUT > 900)); then die "TIMEOUT must be 60..900 seconds"; fi
case $PROFILE in fast | stock) ;; *) die "PROFILE must be fast or stock" ;; esac
case $SCENARIO in pass | hold) ;; *) die "SCENARIO must be pass or hold" ;; esac
IMAGE_DIR=$(realpath "$IMAGE_DIR")
deadline=$((SECONDS + TIMEOUT))

ns_br=vt-br-$$
ns_or=vt-orch-$$
# Always under /tmp (not $TMPDIR): dnsmasq drops to `nobody` and must still reach the hosts file under
# data_dir, which /tmp (1777) allows without opening up any other directory.
tmp=$(mktemp -d /tmp/vetting-e2e.XXXXXX)
chmod 755 "$tmp"
qemu_pid='' server_pid=''

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  local pid n=0
  stop_pid "$qemu_pid"
  if [[ -n $server_pid ]]; then
    # The orchestrator stops its dnsmasq and iperf3 on TERM; give it 15 s.
    kill "$server_pid" 2>/dev/null || true
    while kill -0 "$server_pid" 2>/dev/null && ((n++ < 150)); do sleep 0.1; done
    stop_pid "$server_pid"
  fi
  # Anything still in our orchestrator netns (a dnsmasq/iperf3 the server left behind) was started by us.
  for pid in $(ip netns pids "$ns_or" 2>/dev/null); do
    log "cleanup: stopping leftover $(cat "/proc/$pid/comm" 2>/dev/null) (pid $pid) in $ns_or"
    stop_pid "$pid"
  done
  netns_teardown "$ns_br" "$ns_or"
  if [[ $KEEP_LOGS == 1 ]]; then log "logs kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build --------------------------------------------------------------------------------------------------

dll=$repo/Vetting.Server/bin/$CONFIGURATION/net10.0/vetting.dll
if [[ $SKIP_BUILD != 1 ]]; then
  log "building Vetting.Server ($CONFIGURATION)"
  timeout $((deadline - SECONDS)) dotnet build "$repo/Vetting.Server" -c "$CONFIGURATION" -nologo -v q >"$tmp/build.log" 2>&1 ||
    { tail -n 30 "$tmp/build.log" >&2; die "dotnet build failed"; }
fi
[[ -f $dll ]] || die "no $dll (build failed, or SKIP_BUILD=1 without a build)"

# --- network and orchestrator -------------------------------------------------------------------------------

netns_setup "$ns_br" "$ns_or"

mkdir -p "$tmp/data" "$tmp/logs"
chmod 755 "$tmp/data"
cat >"$tmp/vetting.yaml" <<EOF
server:
  bind: 10.77.0.1:8080
  public_url: $API
paths:
  data_dir: $tmp/data
  log_dir: $tmp/logs
pxe:
  enabled: true
  interface: vo0
  mode: dhcp
  dhcp_range: 10.77.0.100,10.77.0.200,255.255.255.0
  image_dir: $IMAGE_DIR
  ra_prefix: "fd77::"
network_test:
  enabled: true
  iperf3_port: 5201
EOF

t_start=$(date +%s.%N)
log "starting the orchestrator in $ns_or ($API, dnsmasq on vo0)"
# ip netns exec execs the command: the recorded PID is dotnet's own.
(cd "$(dirname "$dll")" && exec ip netns exec "$ns_or" dotnet "$dll" serve --config "$tmp/vetting.yaml") \
  </dev/null >"$tmp/server.log" 2>&1 &
server_pid=$!

# curl inside the orchestrator netns; never any address but 10.77.0.1.
api() { ip netns exec "$ns_or" curl -sS --max-time 20 "$@"; }

health=''
for _ in $(seq 1 120); do
  kill -0 "$server_pid" 2>/dev/null || { tail -n 40 "$tmp/server.log" >&2; die "the orchestrator exited during start-up"; }
  if health=$(api -f "$API/healthz" 2>/dev/null); then break; fi
  health=''
  ((SECONDS < deadline)) || break
  sleep 0.5
done
[[ -n $health ]] || { tail -n 40 "$tmp/server.log" >&2; api "$API/healthz" >&2 || true; die "the orchestrator did not become healthy within 60 s"; }
log "healthy after $(since "$t_start")s: $health"

# --- workflow (fast profile), host, run ---------------------------------------------------------------------

if [[ $PROFILE == fast ]]; then
  # Under TCG a CPU-bound tool runs ~25x slower: a shorter `quick` (and memtester over a small share of RAM,
  # so at least one of its tests finishes) keeps the run within the bound. Saving and publishing a new
  # version of the definition exercises workflow versioning too.
  api -f "$API/api/v1/workflow-definitions/vetting" >"$tmp/vetting.json" || die "GET workflow-definitions/vetting failed"
  python3 - "$tmp/vetting.json" <<'EOF' || die "editing the quick profile of the vetting definition failed"
import json, sys
path = sys.argv[1]
d = json.load(open(path))
profiles = next(v for v in d["variables"] if v["name"] == "profiles")
profiles["value"]["quick"] = {
    "inventory": {}, "cpu": {"durationSeconds": 20}, "memory": {"durationSeconds": 30, "memoryPercent": 5},
    "storage": {"durationSeconds": 10, "readSizeMb": 64, "wipeProbeSizeMb": 16}, "network": {"durationSeconds": 5}}
d["description"] = (d.get("description") or "") + " [e2e: short quick profile for QEMU TCG]"
json.dump(d, open(path, "w"))
EOF
  saved=$(api -f -X POST -H 'Content-Type: application/json' --data-binary "@$tmp/vetting.json" "$API/api/v1/workflow-definitions") ||
    die "saving the edited vetting definition failed"
  version=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])' <<<"$saved") ||
    die "the saved definition has no version: $saved"
  published=$(api -f -X POST "$API/api/v1/workflow-definitions/vetting/publish?version=$version") ||
    die "publishing vetting v$version failed"
  log "PROFILE=fast: published vetting v$version with a shorter quick profile (cpu 20 s, memory 30 s at 5 %, storage 10 s/64 MiB, network 5 s): $published"
else
  log "PROFILE=stock: the quick profile as shipped in workflows/vetting.json"
fi

# The VM's NIC is emulated: under TCG it moves what the host CPU allows (668-765 Mbit/s on a slow 2-core host,
# 1.1-2.3 Gbit/s on a faster one) whatever link speed it reports, so 80% of its 1000 Mbit/s link would judge the
# host, not the NIC. The spec sets what this NIC must reach instead, as an operator would for a known-slow path.
host_json=$(python3 -c 'import json, sys; print(json.dumps({"name": "e2e-qemu", "mac": sys.argv[1], "wolBroadcast": "10.77.0.255",
  "expectedSpec": f"cpu: {{ logical_cores: {sys.argv[2]} }}\nmemory: {{ total_gib: 1 }}\nnics:\n  - {{ mac: \"{sys.argv[1]}\", min_throughput_mbps: {sys.argv[3]} }}\n"}))' \
  "$MAC" "$([[ $SCENARIO == hold ]] && echo 2 || echo 1)" "${MIN_THROUGHPUT_MBPS:-200}")
host=$(api -f -X POST -H 'Content-Type: application/json' -d "$host_json" "$API/api/v1/hosts") || die "registering the host failed"
host_id=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])' <<<"$host") || die "the new host has no id: $host"
run=$(api -f -X POST -H 'Content-Type: application/json' -d '{"profile":"quick"}' "$API/api/v1/hosts/$host_id/runs") ||
  die "starting the run failed"
run_id=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])' <<<"$run") || die "the new run has no id: $run"
t_run=$(date +%s.%N)
log "host $host_id ($MAC) registered; run $run_id started (profile quick)"

# --- poll -----------------------------------------------------------------------------------------------------

# Each poll appends "<seconds since run start> <state>" when the state changes; the last body is kept.
states=$tmp/states.txt
: >"$states"
last_state=''
poll() {
  local body state
  body=$(api -f "$API/api/v1/runs/$run_id" 2>/dev/null) || return 1
  printf '%s' "$body" >"$tmp/run.json"
  state=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["state"])' <<<"$body") || return 1
  if [[ $state != "$last_state" ]]; then
    printf '%s %s\n' "$(since "$t_run")" "$state" >>"$states"
    log "state $state ($(since "$t_run")s after run start)"
    last_state=$state
  fi
}

# QEMU starts once the orchestrator has sent the WoL (WaitingWoL) and allow-listed the MAC for dnsmasq; the
# run goes on to Booting when the VM's iPXE fetches /pxe/boot.ipxe.
allow=$tmp/data/dnsmasq/allowed-hosts
for _ in $(seq 1 120); do
  poll || true
  [[ $last_state == WaitingWoL ]] && grep -qi "$MAC" "$allow" 2>/dev/null && break
  [[ $last_state == Failed || $last_state == Cancelled ]] && break
  ((SECONDS < deadline)) || break
  sleep 0.5
done
if [[ $last_state != WaitingWoL ]] || ! grep -qi "$MAC" "$allow" 2>/dev/null; then
  tail -n 30 "$tmp/server.log" >&2
  log "FAILED: the run did not wait for the boot with $MAC allow-listed (state: $last_state)"
  exit 1
fi

truncate -s 256M "$tmp/disk.img"
t_qemu=$(date +%s.%N)
log "starting QEMU (TCG, ${MEMORY_MB} MiB, 1 vCPU, $FIRMWARE firmware, $NIC_MODEL NIC, PXE from $MAC, blank 256 MiB virtio disk)"
qemu_pxe_start "$ns_br" "$MAC" "$tmp/disk.img" "$MEMORY_MB" 1 "$tmp/console.log" "$tmp/qemu.monitor"

qemu_exit='' qemu_status='' hello_at='' booting_at=''
reap_qemu() {
  if [[ -n $qemu_pid ]] && ! kill -0 "$qemu_pid" 2>/dev/null; then
    qemu_status=0
    wait "$qemu_pid" || qemu_status=$?
    qemu_exit=$(since "$t_qemu")
    qemu_pid=''
    log "QEMU exited with status $qemu_status ${qemu_exit}s after its start"
  fi
}
while ((SECONDS < deadline - 30)); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    log "the orchestrator exited during the run; last server log lines:"
    tail -n 40 "$tmp/server.log" >&2
    break
  fi
  poll || true
  if [[ -z $booting_at && $last_state != WaitingWoL ]]; then booting_at=$(since "$t_qemu"); fi
  if [[ -z $hello_at ]] && [[ $last_state != Booting && $last_state != WaitingWoL && $last_state != Queued ]]; then
    hello_at=$(since "$t_qemu")
  fi
  reap_qemu
  case $last_state in Passed | Failed | FailedHolding | Cancelled) break ;; esac
  sleep 1
done
final=$last_state

# SCENARIO=hold: the node is held. Wait for the agent's answer to the hold, log in with the run's key the way
# an operator would (from the orchestrator's side), then release the hold: the run ends Failed and the
# agent powers the node off.
hold_ok=''
if [[ $SCENARIO == hold && $final == FailedHolding ]]; then
  key=$tmp/data/holds/run-$run_id/id_ed25519
  hold_ip=''
  for _ in $(seq 1 60); do
    if api -f "$API/api/v1/runs/$run_id/log" 2>/dev/null | grep -q 'hold ready:'; then
      hold_ip=$(api -f "$API/api/v1/runs/$run_id" | python3 -c 'import json, sys; print((json.load(sys.stdin).get("hold") or {}).get("ip") or "")') || true
      [[ -n $hold_ip ]] && break
    fi
    ((SECONDS < deadline - 60)) || break
    sleep 1
  done
  if [[ -z $hold_ip ]]; then
    log "hold: the agent never reported the hold ready (or the run has no hold ip)"
  elif [[ ! -f $key ]]; then
    log "hold: no private key at $key"
  else
    log "hold: ready on $hold_ip, $(api -f "$API/api/v1/runs/$run_id" | python3 -c 'import json, sys; print(json.load(sys.stdin)["hold"]["sshCommand"])' || true)"
    # shellcheck disable=SC2016 # the command line is expanded on the node
    if ssh_out=$(ip netns exec "$ns_or" timeout 60 ssh -i "$key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
      -o BatchMode=yes -o ConnectTimeout=20 -o LogLevel=ERROR "root@$hold_ip" \
      'echo "logged in as $(id -un) on $(uname -n), kernel $(uname -r)"; grep -o "vetting.run=[0-9]*" /proc/cmdline' 2>&1); then
      printf '%s\n' "$ssh_out" | sed 's/^/[e2e] hold: ssh: /' >&2
      grep -q "vetting.run=$run_id" <<<"$ssh_out" && hold_ok=1
    else
      log "hold: ssh failed: $ssh_out"
    fi
  fi
  api -f -X POST "$API/api/v1/runs/$run_id/release" >/dev/null || log "hold: POST release failed"
  while ((SECONDS < deadline - 20)); do
    poll || true
    [[ $last_state == Failed ]] && break
    sleep 1
  done
  final=$last_state
  log "hold: released; the run is $final"
fi

# After the poweroff instruction the guest must power off and QEMU end by itself (-no-reboot).
if [[ $final == Passed || $final == Failed ]]; then
  for _ in $(seq 1 60); do
    reap_qemu
    [[ -z $qemu_pid ]] && break
    ((SECONDS < deadline - 10)) || break
    sleep 0.5
  done
fi

# --- report ---------------------------------------------------------------------------------------------------

report_code=$(api -o "$tmp/report.html" -w '%{http_code}' "$API/api/v1/runs/$run_id/report.html" 2>/dev/null || true)
report_file=$(find "$tmp/data" -name report.html -print -quit 2>/dev/null || true)

# The run's own log has the exact times of the transitions (boot script fetched, hello, stages).
if api -f "$API/api/v1/runs/$run_id/log" >"$tmp/run.log" 2>/dev/null; then
  log "run log (state changes, hello, boot files):"
  grep -iE 'state |hello|boot\.ipxe|vmlinuz|initrd|instruction|power' "$tmp/run.log" | head -n 60 | sed 's/^/[e2e]   /' >&2 || true
fi

python3 - "$tmp/run.json" "$states" "$t_run" "$t_qemu" "${hello_at:-}" "${booting_at:-}" "$tmp/run.log" <<'EOF'
import datetime, json, sys
run = json.load(open(sys.argv[1]))
t_run, t_qemu = float(sys.argv[3]), float(sys.argv[4])
out = lambda s: print("[e2e] " + s, file=sys.stderr)
def ts(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() if text else None
out("state sequence (s after run start): " + " -> ".join(f"{s} @{t}" for t, s in (l.split() for l in open(sys.argv[2]) if l.strip())))
out(f"QEMU started {t_qemu - t_run:.1f}s after run start; Booting (boot.ipxe fetched) seen {sys.argv[6] or '-'}s and the"
    f" first agent state (hello answered) {sys.argv[5] or '-'}s after QEMU start (1 s polling)")
try:
    lines = open(sys.argv[7], encoding="utf-8").read().splitlines()
except OSError:
    lines = []
def logged(needle):
    line = next((l for l in lines if needle in l), None)
    return ts(line.split()[0]) if line else None
for label, needle in [("Booting (boot.ipxe fetched)", "→ Booting"), ("agent hello", "agent hello:")]:
    at = logged(needle)
    out(f"{label}: " + (f"{at - t_qemu:.1f}s after QEMU start (run log)" if at else "not in the run log"))
agent = run.get("agent") or {}
out(f"agent: {agent.get('hostname')} {agent.get('ip')} {agent.get('version')}")
wf = run.get("workflow") or {}
out(f"workflow: {wf.get('definitionId')} v{wf.get('version')}")
for st in run.get("stages", []):
    start, end = ts(st.get("startedAt")), ts(st.get("endedAt"))
    span = f"{start - t_qemu:6.1f}s..{end - t_qemu:6.1f}s after QEMU start ({end - start:5.1f}s)" if start and end else "(not ended)"
    fail = st.get("failure")
    out(f"stage {st['name']:<9} {st['status']:<8} {span}  {st.get('summary') or ''}" + (f"  FAILURE {fail}" if fail else ""))
for m in run.get("measurements", []):
    out(f"  measurement {m['stage']}/{m['name']}{' ' + m['device'] if m.get('device') else ''} = {m['value']} {m['unit']}")
for diff in run.get("specDiffs", []):
    out(f"  spec diff {diff}")
if run.get("failure"):
    out(f"run failure: {run['failure']}")
start, end = ts(run.get("startedAt")), ts(run.get("endedAt"))
if start and end:
    out(f"run total {end - start:.1f}s (startedAt..endedAt); QEMU start -> end {end - t_qemu:.1f}s")
EOF

# The boot chain as it happened: the firmware (from the console), what dnsmasq offered and sent over TFTP.
firmware_line=$(tr -d '\r' <"$tmp/console.log" | grep -a -o -m 1 -E 'SeaBIOS \(version [^)]*\)|EFI v[0-9.]+ by EDK II' || true)
log "boot chain: firmware ${firmware_line:-not seen on the console}"
# Under UEFI the kernel's EFI stub loads the initrd only when the command line names it (initrd=initrd.img).
initrd_line=$(tr -d '\r' <"$tmp/console.log" | grep -a -o -m 1 -E 'EFI stub: Loaded initrd[^[]*' || true)
[[ -z $initrd_line ]] || log "boot chain: kernel ${initrd_line% }"
grep -a -o -E 'bootfile-name +[^ ]+|sent /[^ ]+' "$tmp/server.log" | sed -E 's/ +/ /' | awk '!seen[$0]++' |
  sed 's/^/[e2e] boot chain: dnsmasq /' >&2 || true

ok=1
if [[ $SCENARIO == pass && $final == Passed ]]; then log "run $run_id: Passed"
elif [[ $SCENARIO == hold && $final == Failed && $hold_ok == 1 ]] &&
  python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["failure"]["reason"] != "spec-mismatch")' "$tmp/run.json"; then
  log "run $run_id: held after the spec mismatch, logged into over SSH, released: Failed (spec-mismatch)"
else
  ok=0
  log "run $run_id: $final (scenario $SCENARIO). Last server log lines:"
  tail -n 25 "$tmp/server.log" >&2 || true
fi
if [[ $report_code == 200 ]]; then log "report.html: served ($(wc -c <"$tmp/report.html") bytes) and on disk at ${report_file#"$tmp"/}"; else
  ok=0
  log "report.html: NOT served (HTTP ${report_code:-none})"
fi
if [[ -n $qemu_exit ]]; then
  [[ $qemu_status == 0 ]] || ok=0
  log "QEMU powered off by itself, exit status $qemu_status, ${qemu_exit}s after start"
else
  ok=0
  log "QEMU did not exit by itself (the guest did not power off); last console lines:"
  tail -n 20 "$tmp/console.log" >&2 || true
  # Is the guest alive? CPU time of QEMU, ARP/TCP from the orchestrator side, the vCPU's state.
  log "QEMU CPU time: $(ps -o time= -p "$qemu_pid" 2>/dev/null || echo '?'); neighbours seen from $ns_or:"
  ip -n "$ns_or" neigh show dev vo0 | sed 's/^/[e2e]   /' >&2 || true
  log "QEMU monitor (info status, info cpus, info registers):"
  qemu_monitor "$tmp/qemu.monitor" 'info status' 'info cpus' 'info registers' | grep -E 'VM status|CPU #|RIP=|EFL=|HLT|CR0=' |
    sed 's/^/[e2e]   /' >&2 || true
fi
log "total script time ${SECONDS}s"
if ((ok)); then log "PASSED"; exit 0; fi
log "FAILED"
exit 1
