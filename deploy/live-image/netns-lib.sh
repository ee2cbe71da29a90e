# shellcheck shell=bash
# Shared by the QEMU tests of the live image (sourced, not run). Callers set `set -euo pipefail`.
#
#   netns_setup BR_NS ORCH_NS   netns BR_NS: bridge br0 + tap0 (QEMU's NIC) + veth vb0;
#                               netns ORCH_NS: veth vo0 = 10.77.0.1/24, fd77::1/64 (nodad), lo up
#   netns_teardown BR_NS ORCH_NS  deletes both (the bridge, tap and veth pair go with them)
#   stop_pid PID                TERM, up to 2 s, then KILL, then reap
#   qemu_pxe_start BR_NS MAC DISKS MEMORY_MB SMP CONSOLE_LOG [MONITOR_SOCKET]   starts QEMU (TCG, PXE boot) in
#                               the background; its PID is in $qemu_pid; DISKS is one or more virtio disks separated
#                               by spaces, each FILE[,serial=SERIAL][,bus=virtio|nvme][,blkdebug=CONF] (raw;
#                               blkdebug=CONF puts QEMU's blkdebug error injection with that rules file between the
#                               disk and its image; bus=nvme makes it an NVMe controller, whose serial the live
#                               image's lsblk/smartctl can read, where a virtio disk's serial is in sysfs only);
#                               with MONITOR_SOCKET, the QEMU monitor
#                               listens on that unix socket (qemu_monitor SOCKET CMD... asks it); the NIC
#                               model is $NIC_MODEL (default virtio-net-pci; e1000, e1000e, rtl8139 also PXE-boot);
#                               FIRMWARE=uefi boots OVMF ($OVMF_CODE, $OVMF_VARS) instead of SeaBIOS
#   netns_rate_limit NS DEV RATE  token-bucket limit on what leaves DEV in NS (e.g. tap0 towards the VM)
#   since T0                    seconds since T0 (date +%s.%N), one decimal
#
# Everything stays on 10.77.0.0/24 and fd77::/64 inside namespaces of the caller's own.

OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}

stop_pid() {
  local pid=$1 n=0
  [[ -n $pid ]] || return 0
  kill "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && ((n++ < 20)); do sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

netns_setup() {
  local br=$1 orch=$2 dev
  ip netns add "$br"
  ip netns add "$orch"
  ip -n "$br" link add br0 type bridge
  ip -n "$br" link add vb0 type veth peer name vo0
  ip -n "$br" link set vo0 netns "$orch"
  ip -n "$br" tuntap add dev tap0 mode tap
  ip -n "$br" link set vb0 master br0
  ip -n "$br" link set tap0 master br0
  for dev in lo br0 vb0 tap0; do ip -n "$br" link set "$dev" up; done
  ip -n "$orch" addr add 10.77.0.1/24 dev vo0
  # nodad: the address is usable at once; iPXE waits for router advertisements from it
  ip -n "$orch" addr add fd77::1/64 dev vo0 nodad
  ip -n "$orch" link set lo up
  ip -n "$orch" link set vo0 up
}

netns_teardown() {
  local ns
  for ns in "$@"; do ip netns del "$ns" 2>/dev/null || true; done
}

qemu_pxe_start() {
  local br=$1 mac=$2 disks=$3 memory=$4 smp=$5 console=$6 monitor=() firmware=() drives=() nic spec file opt o n=0
  [[ -n ${7:-} ]] && monitor=(-monitor "unix:$7,server,nowait")
  nic="${NIC_MODEL:-virtio-net-pci},netdev=n0,mac=$mac"
  for spec in $disks; do
    local serial='' blkdebug='' bus=virtio
    IFS=, read -r -a opt <<<"$spec"
    file=${opt[0]}
    for o in "${opt[@]:1}"; do
      case $o in
        serial=*) serial=${o#serial=} ;;
        blkdebug=*) blkdebug=${o#blkdebug=} ;;
        bus=virtio | bus=nvme) bus=${o#bus=} ;;
        *) printf 'qemu_pxe_start: unknown disk option %s in %s\n' "$o" "$spec" >&2; return 2 ;;
      esac
    done
    drives+=(-drive "file=${blkdebug:+blkdebug:$blkdebug:}$file,format=raw,if=none,id=disk$n"
      -device "$([[ $bus == nvme ]] && echo nvme || echo virtio-blk-pci),drive=disk$n${serial:+,serial=$serial}")
    n=$((n + 1))
  done
  if [[ ${FIRMWARE:-bios} == uefi ]]; then
    # OVMF with a private copy of its variable store. A virtio NIC gets no option ROM: OVMF's own virtio driver
    # and network stack do the PXE DHCP (client arch 7) and fetch the UEFI loader over TFTP, as a server's
    # firmware would. Other models keep QEMU's iPXE ROM, OVMF's only driver for them.
    file=${disks%% *}
    file=${file%%,*}
    cp "$OVMF_VARS" "$file.vars"
    firmware=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=$OVMF_CODE" -drive "if=pflash,format=raw,unit=1,file=$file.vars")
    [[ ${NIC_MODEL:-virtio-net-pci} == virtio-net-pci ]] && nic+=",romfile="
  fi
  ip netns exec "$br" qemu-system-x86_64 -accel tcg -m "$memory" -smp "$smp" -nographic -no-reboot "${monitor[@]}" \
    "${firmware[@]}" -netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device "$nic" \
    "${drives[@]}" -boot n </dev/null >"$console" 2>&1 &
  # shellcheck disable=SC2034 # read by the caller
  qemu_pid=$!
}

# Sends each command to QEMU's monitor socket and prints the answers (bounded: 5 s).
qemu_monitor() {
  timeout 5 python3 - "$@" <<'EOF' 2>&1 || true
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.settimeout(2)
s.connect(sys.argv[1])
for command in sys.argv[2:]:
    s.sendall(command.encode() + b"\n")
time.sleep(1)
data = b""
try:
    while chunk := s.recv(65536):
        data += chunk
except OSError:
    pass
print(data.decode(errors="replace").replace("\r", ""))
EOF
}

since() { python3 -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.1f}')" "$1"; }

# Limits what leaves DEV in netns NS to RATE (tc's units, e.g. 50mbit) with a token bucket; the qdisc goes away
# with the namespace.
netns_rate_limit() {
  ip netns exec "$1" tc qdisc replace dev "$2" root tbf rate "$3" burst 64kb latency 100ms
}
