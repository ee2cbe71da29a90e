#!/usr/bin/env bash
# Boot test of the live image: PXE-boots it in QEMU on an isolated network and waits for the agent's first
# POST /api/v1/runs/1/hello. Run as root after build.sh. Bounded (TIMEOUT, default 120 s) and self-cleaning.
#
#   netns vt-br-<pid>:    bridge br0 + tap0 (QEMU's NIC) + veth vb0
#   netns vt-orch-<pid>:  veth vo0 = 10.77.0.1/24, fd77::1/64; dnsmasq (DHCP, RA, iPXE → boot.ipxe) and
#                         test-orchestrator.py on :8080 (boot.ipxe, vmlinuz, initrd.img, agent API, records)
#
# The orchestrator stand-in answers hello, then gives the agent one instruction (AFTER_HELLO):
#   poweroff (default)  the image's power-off path: QEMU runs with -no-reboot and exits when the guest powers off
#   hold                a hold with a fresh key: the test then logs in over SSH from the orchestrator netns,
#                       runs a few commands, and powers the node off from that session
#   inventory           the inventory stage (tools of the image against QEMU's SMBIOS, NIC and a blank 64 MiB
#                       virtio disk), then poweroff: checks that the stage's result arrives
#   exit | none         an exit instruction, or nothing (the test ends at the hello)
#
# Environment: IMAGE_DIR (default OUT_DIR or ./data/image), TIMEOUT (s, default 120), AFTER_HELLO,
# MEMORY_MB (default 1024), KEEP_LOGS=1 (keep the temp dir with console.log, dnsmasq.log, requests.jsonl).
# Exit status: 0 when the hello arrived; 1 when it did not; 2 on a setup problem.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=deploy/live-image/netns-lib.sh
. "$here/netns-lib.sh"
repo=$(cd "$here/../.." && pwd)
IMAGE_DIR=${IMAGE_DIR:-${OUT_DIR:-${DATA_DIR:-$repo/data}/image}}
TIMEOUT=${TIMEOUT:-120}
AFTER_HELLO=${AFTER_HELLO:-poweroff}
MEMORY_MB=${MEMORY_MB:-1024}
KEEP_LOGS=${KEEP_LOGS:-0}
MAC=52:54:00:12:34:56
RUN_ID=1

log() { printf '[boot-test] %s\n' "$*" >&2; }
die() { printf '[boot-test] error: %s\n' "$*" >&2; exit 2; }

[[ $(id -u) -eq 0 ]] || die "run as root (network namespaces, tap device): sudo $0"
for tool in qemu-system-x86_64 dnsmasq python3 ip ssh ssh-keygen; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "missing $tool; install with: apt-get install -y qemu-system-x86 ipxe-qemu dnsmasq python3 iproute2 openssh-client"
done
[[ -f $IMAGE_DIR/vmlinuz && -f $IMAGE_DIR/initrd.img ]] ||
  die "no vmlinuz/initrd.img in $IMAGE_DIR: build the image first (make live-image) or set IMAGE_DIR"
if ! [[ $TIMEOUT =~ ^[0-9]+$ ]] || ((TIMEOUT < 1 || TIMEOUT > 600)); then die "TIMEOUT must be 1..600 seconds"; fi
case $AFTER_HELLO in
  poweroff | hold | exit | none) instructions=$AFTER_HELLO ;;
  inventory) instructions=inventory,poweroff ;;
  *) die "AFTER_HELLO must be poweroff, hold, inventory, exit or none" ;;
esac
IMAGE_DIR=$(realpath "$IMAGE_DIR")

ns_br=vt-br-$$
ns_or=vt-orch-$$
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vetting-boot-test.XXXXXX")
qemu_pid='' http_pid='' dnsmasq_pid=''

cleanup() {
  stop_pid "$qemu_pid"
  stop_pid "$http_pid"
  stop_pid "$dnsmasq_pid"
  netns_teardown "$ns_br" "$ns_or"
  if [[ $KEEP_LOGS == 1 ]]; then log "logs kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

deadline=$((SECONDS + TIMEOUT))

# --- network ------------------------------------------------------------------------------------------------

netns_setup "$ns_br" "$ns_or"

# --- orchestrator stand-in ----------------------------------------------------------------------------------

token=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
((${#token} == 43)) || die "token generation failed"
cat >"$tmp/boot.ipxe" <<EOF
#!ipxe
kernel http://10.77.0.1:8080/vmlinuz initrd=initrd.img console=tty0 console=ttyS0,115200n8 vetting.orchestrator=http://10.77.0.1:8080 vetting.run=$RUN_ID vetting.token=$token
initrd http://10.77.0.1:8080/initrd.img
boot
EOF

ip netns exec "$ns_or" dnsmasq --keep-in-foreground --conf-file=/dev/null --user=root --port=0 \
  --bind-interfaces --interface=vo0 --dhcp-authoritative --dhcp-leasefile="$tmp/leases" \
  --dhcp-range=10.77.0.100,10.77.0.200,1h --enable-ra --dhcp-range=fd77::,ra-only \
  --dhcp-match=set:ipxe,175 --dhcp-boot=tag:ipxe,http://10.77.0.1:8080/boot.ipxe \
  --log-facility="$tmp/dnsmasq.log" --log-dhcp &
dnsmasq_pid=$!

hold_args=()
if [[ $AFTER_HELLO == hold ]]; then
  ssh-keygen -q -t ed25519 -N '' -C vetting-boot-test -f "$tmp/hold_key"
  hold_args=(--hold-key "$tmp/hold_key.pub")
fi
ip netns exec "$ns_or" python3 "$here/test-orchestrator.py" --bind 10.77.0.1 --port 8080 --image-dir "$IMAGE_DIR" \
  --boot-script "$tmp/boot.ipxe" --run "$RUN_ID" --token "$token" --record "$tmp/requests.jsonl" \
  --after-hello "$instructions" "${hold_args[@]}" 2>"$tmp/http.log" &
http_pid=$!

ready=''
for _ in $(seq 1 50); do
  if ip netns exec "$ns_or" python3 -c 'import socket; socket.create_connection(("10.77.0.1", 8080), 0.2).close()' 2>/dev/null; then
    ready=1
    break
  fi
  kill -0 "$http_pid" 2>/dev/null || break
  sleep 0.1
done
[[ -n $ready ]] || { cat "$tmp/http.log" >&2; die "test orchestrator did not start"; }
kill -0 "$dnsmasq_pid" 2>/dev/null || { cat "$tmp/dnsmasq.log" >&2 2>/dev/null; die "dnsmasq did not start"; }
: >"$tmp/requests.jsonl"

# --- the VM -------------------------------------------------------------------------------------------------

# A blank disk, so storage probes see a real block device (sparse: costs no space).
truncate -s 64M "$tmp/disk.img"
t0=$(date +%s.%N)
log "starting QEMU (TCG, ${MEMORY_MB} MiB, PXE from $MAC); timeout ${TIMEOUT}s"
qemu_pxe_start "$ns_br" "$MAC" "$tmp/disk.img" "$MEMORY_MB" 1 "$tmp/console.log"

# The node's address as dnsmasq leased it (the hello's "ip" comes from the agent and is what is under test).
leased_ip() { awk -v mac="$MAC" '$2 == mac { print $3 }' "$tmp/leases" 2>/dev/null | tail -n 1; }
hold_ssh() {
  ip netns exec "$ns_or" ssh -i "$tmp/hold_key" -o BatchMode=yes -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=5 "root@$1" "${@:2}"
}

hello_at='' qemu_exit='' qemu_status='' ssh_at='' hold_result='' node_ip=''
while ((SECONDS < deadline)); do
  if [[ -z $hello_at ]] && grep -q '"path": "/api/v1/runs/'"$RUN_ID"'/hello"' "$tmp/requests.jsonl"; then
    hello_at=$(since "$t0")
    log "hello arrived ${hello_at}s after QEMU start"
    [[ $AFTER_HELLO == none ]] && break
  fi
  # shellcheck disable=SC2016 # $(hostname) runs on the node
  if [[ $AFTER_HELLO == hold && -n $hello_at && -z $ssh_at ]] && node_ip=$(leased_ip) && [[ -n $node_ip ]] &&
    hold_ssh "$node_ip" 'echo "logged in to $(hostname)"; service vetting-agent status | head -n 1; service ssh status' \
      >"$tmp/ssh.log" 2>&1; then
    ssh_at=$(since "$t0")
    log "hold: ssh root@$node_ip worked ${ssh_at}s after QEMU start:"
    sed 's/^/[boot-test]   /' "$tmp/ssh.log" >&2
  fi
  # The operator's side of a hold ends with `poweroff` in the SSH session; wait for the agent's hold result
  # first (it starts sshd itself, which must cope with the image's sshd already listening).
  if [[ -n $ssh_at && -z $hold_result ]] && grep -q '"path": "/api/v1/runs/'"$RUN_ID"'/instructions/[^"]*/result"' "$tmp/requests.jsonl"; then
    hold_result=$(since "$t0")
    log "hold: the agent posted its hold result ${hold_result}s after QEMU start; powering off over SSH"
    hold_ssh "$node_ip" poweroff >/dev/null 2>&1 || true
  fi
  if ! kill -0 "$qemu_pid" 2>/dev/null; then
    qemu_exit=$(since "$t0")
    qemu_status=0
    wait "$qemu_pid" || qemu_status=$?
    qemu_pid=''
    break
  fi
  sleep 0.25
done

# --- report -------------------------------------------------------------------------------------------------

python3 - "$tmp/requests.jsonl" "$RUN_ID" "$t0" <<'EOF'
import json, sys
records = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
run, t0 = sys.argv[2], float(sys.argv[3])
def first(method, path):
    return next((r for r in records if r.get("method") == method and r.get("path") == path), None)
for label, method, path in [("boot.ipxe fetched", "GET", "/boot.ipxe"), ("vmlinuz fetched", "GET", "/vmlinuz"),
                            ("initrd.img fetched", "GET", "/initrd.img"), ("hello", "POST", f"/api/v1/runs/{run}/hello")]:
    r = first(method, path)
    print(f"[boot-test] {label:<20} " + (f"{r['ts'] - t0:5.1f}s after QEMU start" if r else "never"), file=sys.stderr)
hello = first("POST", f"/api/v1/runs/{run}/hello")
if hello:
    print("[boot-test] hello body: " + json.dumps(hello.get("json", hello.get("body"))), file=sys.stderr)
for sent in (r["sent"] for r in records if "sent" in r):
    what = sent["kind"] + (f" {sent['stage']}" if "stage" in sent else "")
    result = next((r for r in records if r.get("path", "").endswith(f"/instructions/{sent['instructionId']}/result")), None)
    body = result.get("json", result.get("body")) if result else None
    if isinstance(body, dict):
        body = {k: body[k] for k in ("status", "summary", "failure") if body.get(k) is not None}
    print(f"[boot-test] instruction {what}: " + (json.dumps(body) if result else "no result"), file=sys.stderr)
EOF

if [[ -n $qemu_exit ]]; then
  log "QEMU exited with status $qemu_status ${qemu_exit}s after start"
fi

if [[ -z $hello_at ]]; then
  log "FAILED: no hello within ${TIMEOUT}s. Last console lines:"
  tail -n 40 "$tmp/console.log" >&2 || true
  log "dnsmasq:"
  tail -n 15 "$tmp/dnsmasq.log" >&2 2>/dev/null || true
  exit 1
fi
if [[ $AFTER_HELLO == poweroff || $AFTER_HELLO == inventory ]] && [[ -z $qemu_exit ]]; then
  log "WARNING: the guest did not power off within the timeout after the poweroff instruction"
fi
if [[ $AFTER_HELLO == hold && -z $ssh_at ]]; then
  log "FAILED: hold: no SSH login within ${TIMEOUT}s (the agent must install the key; sshd logs to /var/log/sshd.log)"
  exit 1
fi
if [[ $AFTER_HELLO == inventory ]] && ! grep -q '"path": "/api/v1/runs/'"$RUN_ID"'/instructions/[^"]*/result"' "$tmp/requests.jsonl"; then
  log "FAILED: the agent posted no inventory result within ${TIMEOUT}s"
  exit 1
fi
if [[ $AFTER_HELLO == hold && -z $hold_result ]]; then
  log "WARNING: hold: SSH worked but the agent posted no result for the hold instruction within the timeout"
fi
log "PASSED: hello ${hello_at}s after QEMU start"
