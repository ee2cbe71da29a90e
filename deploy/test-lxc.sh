#!/usr/bin/env bash
# The runbook's install, for real, in a booted Debian 12 container (root): mmdebstrap a bookworm root with systemd,
# boot it with systemd-nspawn (its own network namespace, with a bridge inside for the PXE part), then do what
# docs/operations.md says, literally: ./deploy/install.sh (offline: --no-apt), enable, /healthz, `vetting --version`,
# a config typo (exit 2 naming the key), restart, reboot, upgrade, PXE with dnsmasq running as the service user, and
# `systemd-analyze security vetting`. Everything it starts is stopped and its folder removed, also on failure; every
# wait is bounded. Prints "N passed, N failed" and exits non-zero when a check failed.
#
# Environment: FROM (the published folder, default bin/vetting-linux-amd64, built with `make orchestrator-linux`
# when missing), MIRROR (default http://deb.debian.org/debian), KEEP=1 (keep the folder for a look afterwards).
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
FROM=${FROM:-bin/vetting-linux-amd64}
MIRROR=${MIRROR:-http://deb.debian.org/debian}

die() { echo "test-lxc: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "run as root (mmdebstrap, systemd-nspawn and nsenter need it)"
for tool in mmdebstrap systemd-nspawn nsenter; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: apt-get install -y mmdebstrap systemd-container util-linux"
done

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; }

work=$(mktemp -d /tmp/vetting-lxc.XXXXXX)
root=$work/root
nspawn_pid=""
stop_container() {
  [ -n "$nspawn_pid" ] || return 0
  if kill -0 "$nspawn_pid" 2>/dev/null; then
    # SIGTERM asks nspawn to shut the container down cleanly; SIGKILL after 30 s.
    kill -TERM "$nspawn_pid" 2>/dev/null
    for _ in $(seq 1 300); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nspawn_pid" 2>/dev/null
  fi
  wait "$nspawn_pid" 2>/dev/null
  nspawn_pid=""
}
cleanup() {
  stop_container
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf --one-file-system "$work"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# --- The build and the root ------------------------------------------------------------------------------------------
if [ ! -x "$FROM/vetting" ]; then
  echo "building $FROM (make orchestrator-linux)"
  ./scripts/publish-orchestrator.sh "$FROM" >"$work/publish.log" 2>&1 || { tail -n 20 "$work/publish.log" >&2; die "publish failed"; }
fi
echo "bootstrapping a bookworm root with systemd ($MIRROR)"
# The packages the installer would apt-get are included here: the container has no network, so the install is the
# runbook's offline one (--no-apt). curl for /healthz, procps for ps.
if ! mmdebstrap --variant=apt --include=systemd,systemd-sysv,dbus,iproute2,curl,procps,ca-certificates,dnsmasq-base,iperf3,openssh-client,ipxe \
  bookworm "$root" "$MIRROR" >"$work/mmdebstrap.log" 2>&1; then
  tail -n 20 "$work/mmdebstrap.log" >&2
  die "mmdebstrap failed"
fi
echo vetting-lxc >"$root/etc/hostname"
mkdir -p "$root/root/vetting-src/bin"
cp -R "$FROM" "$root/root/vetting-src/bin/vetting-linux-amd64"
cp -R deploy docs "$root/root/vetting-src/"

boot() {
  systemd-nspawn -D "$root" -b --register=no --keep-unit --private-network --console=pipe </dev/null >>"$work/console.log" 2>&1 &
  nspawn_pid=$!
  # The container's PID 1 is nspawn's child; wait (bounded) until systemd inside says it is up.
  leader=""
  for _ in $(seq 1 600); do
    leader=$(ps -o pid= --ppid "$nspawn_pid" 2>/dev/null | head -n 1 | tr -d ' ')
    if [ -n "$leader" ] && in_ct systemctl is-system-running 2>/dev/null | grep -qE '^(running|degraded)$'; then return 0; fi
    kill -0 "$nspawn_pid" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$work/console.log" >&2
  return 1
}
in_ct() { # runs a command in the container, from /, with a clean environment
  nsenter --target "$leader" --mount --uts --ipc --net --pid --root -- \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root /bin/sh -c 'cd / && exec "$@"' in_ct "$@"
}
check() { local what=$1; shift; local out; if out=$("$@" 2>&1); then ok "$what"; else bad "$what" "$out"; fi; }
healthz() { # healthz PATTERN: /healthz (bounded 60 s) answers and contains PATTERN
  local body=""
  for _ in $(seq 1 120); do
    body=$(in_ct curl -fsS http://127.0.0.1:8080/healthz 2>/dev/null) && printf '%s' "$body" | grep -q "$1" && return 0
    sleep 0.5
  done
  echo "last /healthz: ${body:-no answer}"; in_ct journalctl -u vetting -n 20 --no-pager; return 1
}

# --- Install as the runbook says -------------------------------------------------------------------------------------
boot || die "the container did not boot"
ok "the container boots with systemd"
check "install.sh --no-apt (the runbook's offline install)" in_ct bash -c 'cd /root/vetting-src && ./deploy/install.sh --no-apt'
check "the installed unit is not enabled yet" in_ct bash -c '! systemctl is-enabled --quiet vetting'
check "systemctl enable --now vetting" in_ct systemctl enable --now vetting
check "/healthz answers ok" healthz '"status":"ok"'
check "vetting --version answers (exit 0)" in_ct /usr/local/bin/vetting --version
check "the orchestrator runs as the vetting user" in_ct bash -c '[ "$(ps -o user= -C vetting | head -n 1)" = vetting ]'
check "data folders exist after the first start" in_ct test -d /var/lib/vetting/artifacts -a -d /var/lib/vetting/holds
check "serving by hand as root is refused" in_ct bash -c '! /usr/local/bin/vetting serve --config /etc/vetting/vetting.yaml 2>/tmp/root.err && grep -q "service user" /tmp/root.err'
check "the CLI reaches the service" in_ct /usr/local/bin/vetting hosts list
check "the distro dnsmasq service is absent (dnsmasq-base)" in_ct bash -c '! systemctl cat dnsmasq.service >/dev/null 2>&1'

# A typo in the config: the CLI names the key and exits 2, and the service refuses to start (no restart loop).
in_ct cp /etc/vetting/vetting.yaml /root/vetting.yaml.good
in_ct sed -i '0,/^runs:/s//runz:/' /etc/vetting/vetting.yaml
check "config check names the misspelt key and exits 2" in_ct bash -c '/usr/local/bin/vetting config check; [ $? = 2 ]'
check "the message names the key (runz)" in_ct bash -c '/usr/local/bin/vetting config check 2>&1 | grep -q "runz"'
in_ct systemctl restart vetting >/dev/null 2>&1
check "with the typo the service stops and is not restarted" in_ct bash -c 'for i in $(seq 1 100); do systemctl is-failed --quiet vetting && exit 0; sleep 0.2; done; exit 1'
in_ct cp /root/vetting.yaml.good /etc/vetting/vetting.yaml
check "systemctl restart vetting (config fixed)" in_ct systemctl restart vetting
check "/healthz ok after the restart" healthz '"status":"ok"'
check "a stop leaves no fault-looking child warnings" in_ct bash -c '! journalctl -u vetting --no-pager | grep -E "exited with code|restarting in"'

# --- Reboot: the service comes back by itself ------------------------------------------------------------------------
stop_container
boot || die "the container did not boot again"
check "after a reboot vetting is enabled and healthy" healthz '"status":"ok"'

# --- Upgrade, as the runbook says ------------------------------------------------------------------------------------
check "upgrade: cd vetting-src && ./deploy/install.sh --no-apt" in_ct bash -c 'cd /root/vetting-src && ./deploy/install.sh --no-apt | tee /tmp/upgrade.log | grep -q "enabled; restart it"'
check "upgrade: systemctl restart vetting" in_ct systemctl restart vetting
check "upgrade: /healthz ok" healthz '"status":"ok"'

# --- PXE on a bridge inside the container: dnsmasq runs as the service user ------------------------------------------
in_ct ip link add br-vetting type bridge
in_ct ip addr add 10.77.0.1/24 dev br-vetting
in_ct ip link set br-vetting up
# A config of its own for the PXE part (the installed one already has server: and pxe: sections).
in_ct bash -c 'cat >/etc/vetting/vetting.yaml <<EOF
server:
  bind: 0.0.0.0:8080
  public_url: http://10.77.0.1:8080
pxe:
  enabled: true
  interface: br-vetting
  mode: dhcp
  dhcp_range: 10.77.0.100,10.77.0.200,255.255.255.0,12h
EOF'
check "config check accepts the PXE settings" in_ct /usr/local/bin/vetting config check
check "systemctl restart vetting (PXE on)" in_ct systemctl restart vetting
check "/healthz reports dnsmasq running" healthz '"dnsmasq":{"status":"running"'
check "dnsmasq runs as the vetting user" in_ct bash -c '[ "$(ps -o user= -C dnsmasq | head -n 1)" = vetting ]'
check "iperf3 runs" healthz '"iperf3":{"status":"running"'
# The WaitingWoL state commits with the step that sent the magic packet: a send that failed would fail the run.
check "a run starts and its Wake-on-LAN goes out on the bridge (WaitingWoL)" in_ct bash -c '
  /usr/local/bin/vetting hosts add --name node-1 --mac 52:54:00:12:34:56 --wol 10.77.0.255 --spec - </dev/null >/dev/null &&
  /usr/local/bin/vetting runs start node-1 --profile quick >/dev/null &&
  for i in $(seq 1 50); do /usr/local/bin/vetting runs list | grep -q WaitingWoL && exit 0; sleep 0.2; done; exit 1'

# --- Sandbox score -------------------------------------------------------------------------------------------------
score=$(in_ct systemd-analyze security vetting --no-pager 2>/dev/null | grep 'Overall exposure level' | grep -oE '[0-9]+\.[0-9]+ [A-Z]+' | head -n 1)
if [ -n "$score" ]; then ok "systemd-analyze security vetting: $score"; else bad "systemd-analyze security vetting gave a score"; fi

stop_container
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
