#!/usr/bin/env bash
# Builds the Vetting live image that PXE-booted nodes run: a Debian kernel (vmlinuz) and an initramfs
# (initrd.img) that holds a trimmed Debian userland with the test tools, the NIC/storage drivers and
# firmware a repaired node is likely to need, and the vetting agent started as the service "vetting-agent".
# Writes vmlinuz, initrd.img and manifest.json into OUT_DIR, which is what the server serves from
# pxe.image_dir. Run as root (mmdebstrap in root mode, mknod, chroot). See docs/live-image.md.
#
# Inputs (environment):
#   AGENT_BIN          NativeAOT agent binary (default out/agent/vetting-agent, from `make agent`)
#   OUT_DIR            where the image goes (default ${DATA_DIR:-./data}/image = the server's default pxe.image_dir)
#   SUITE              Debian suite (default bookworm)
#   MIRROR             Debian mirror (default http://deb.debian.org/debian)
#   SECURITY_MIRROR    security mirror; empty to leave it out (default http://deb.debian.org/debian-security)
#   FIRMWARE_PACKAGES  non-free-firmware packages to take firmware from (space separated)
#   EXTRA_PACKAGES     more Debian packages for the image (space separated)
#   EXTRA_MODULES      more kernel module path globs below kernel/, e.g. 'drivers/net/ethernet/sfc/*'
#   COMPRESS           zstd (default) or xz
#   MAX_INITRD_MB      fail when initrd.img is larger (default 150)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SECURITY_MIRROR-http://deb.debian.org/debian-security}
AGENT_BIN=${AGENT_BIN:-$repo/out/agent/vetting-agent}
OUT_DIR=${OUT_DIR:-${DATA_DIR:-$repo/data}/image}
FIRMWARE_PACKAGES=${FIRMWARE_PACKAGES:-firmware-bnx2 firmware-bnx2x firmware-realtek firmware-misc-nonfree}
EXTRA_PACKAGES=${EXTRA_PACKAGES:-}
EXTRA_MODULES=${EXTRA_MODULES:-}
COMPRESS=${COMPRESS:-zstd}
MAX_INITRD_MB=${MAX_INITRD_MB:-150}

# The userland. util-linux (lsblk, wipefs, lsmem) and findutils come with the essential variant; mount does not
# (busybox provides it, see link_busybox_applets).
PACKAGES=(
  busybox kmod iproute2 stress-ng fio memtester iperf3 smartmontools dmidecode lshw pciutils ethtool
  util-linux openssh-server ca-certificates
)

# Kernel modules to keep, as globs on the path below /lib/modules/<version>/kernel/ ('*' also matches '/').
# Everything else is dropped; dependencies of what is kept are added by module_closure.
MODULE_GLOBS=(
  # virtual machines
  'drivers/virtio/*' 'drivers/net/virtio_net.ko' 'drivers/block/virtio_blk.ko' 'drivers/scsi/virtio_scsi.ko'
  'drivers/char/hw_random/virtio-rng.ko'
  # NICs: Intel (e1000, e1000e, igb, igc, ixgbe, i40e, ice, ...), Mellanox mlx4/mlx5, Broadcom (bnx2, bnx2x,
  # tg3, bnxt_en), Realtek (r8169), and the second-hand 10G cards homelabs run: Aquantia/Marvell AQtion,
  # Chelsio T4-T6, Solarflare, Emulex/HP FlexFabric
  'drivers/net/ethernet/intel/*' 'drivers/net/ethernet/mellanox/mlx4/*' 'drivers/net/ethernet/mellanox/mlx5/*'
  'drivers/net/ethernet/broadcom/*' 'drivers/net/ethernet/realtek/*' 'drivers/net/ethernet/aquantia/*'
  'drivers/net/ethernet/chelsio/cxgb4/*' 'drivers/net/ethernet/sfc/*' 'drivers/net/ethernet/emulex/benet/*'
  # storage: NVMe (PCIe only, not fabrics), AHCI/PIIX SATA, LSI/Broadcom MegaRAID and SAS/tri-mode HBAs,
  # HP Smart Array, Adaptec, disks, USB storage
  'drivers/nvme/host/nvme.ko' 'drivers/ata/ahci.ko' 'drivers/ata/libahci.ko' 'drivers/ata/ata_piix.ko'
  'drivers/ata/ata_generic.ko' 'drivers/scsi/megaraid/*' 'drivers/scsi/mpt3sas/*' 'drivers/scsi/mpi3mr/*'
  'drivers/scsi/hpsa.ko' 'drivers/scsi/smartpqi/*' 'drivers/scsi/aacraid/*' 'drivers/scsi/sd_mod.ko'
  'drivers/scsi/sg.ko' 'drivers/scsi/ses.ko'
  'drivers/usb/host/*' 'drivers/usb/storage/*'
  # a USB keyboard on the console of a held node
  'drivers/hid/usbhid/*' 'drivers/hid/hid-generic.ko'
  # what the cpu/memory stages read: temperatures, EDAC error counters, MSRs
  'drivers/hwmon/coretemp.ko' 'drivers/hwmon/k10temp.ko' 'drivers/edac/*' 'arch/x86/kernel/msr.ko'
  'arch/x86/kernel/cpuid.ko'
  # mounting a disk by hand during a hold
  'fs/ext4/*' 'fs/fat/*' 'fs/nls/nls_cp437.ko' 'fs/nls/nls_iso8859-1.ko'
)

log() { printf '[live-image] %s\n' "$*" >&2; }
die() { printf '[live-image] error: %s\n' "$*" >&2; exit 1; }

# --- preflight ---------------------------------------------------------------------------------------------

[[ $(id -u) -eq 0 ]] || die "run as root (mmdebstrap --mode=root, chroot and mknod need it): sudo $0"

missing=()
for tool in mmdebstrap dpkg-deb depmod modprobe modinfo cpio sha256sum find chroot apt-get; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
case $COMPRESS in
  zstd) command -v zstd >/dev/null 2>&1 || missing+=(zstd) ;;
  xz) command -v xz >/dev/null 2>&1 || missing+=(xz) ;;
  *) die "COMPRESS must be zstd or xz, not '$COMPRESS'" ;;
esac
if ((${#missing[@]})); then
  die "missing tools: ${missing[*]}; install them with: apt-get install -y mmdebstrap dpkg kmod cpio zstd xz-utils coreutils findutils apt"
fi

[[ -f $AGENT_BIN ]] || die "agent binary not found at '$AGENT_BIN': build it with 'make agent' (NativeAOT, out/agent/vetting-agent) or set AGENT_BIN"
[[ -x $AGENT_BIN ]] || die "agent binary '$AGENT_BIN' is not executable"
AGENT_BIN=$(realpath "$AGENT_BIN")
[[ $MAX_INITRD_MB =~ ^[0-9]+$ ]] || die "MAX_INITRD_MB must be a number of MiB"
mkdir -p "$OUT_DIR" || die "cannot create OUT_DIR '$OUT_DIR'"
OUT_DIR=$(realpath "$OUT_DIR")

started=$(date +%s)

# --- temp dir, always removed ------------------------------------------------------------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/vetting-live-image.XXXXXX")
cleanup() {
  # mmdebstrap unmounts /proc, /sys and /dev from the chroot itself, but if it was killed half way a bind
  # mount could survive; rm -rf must never walk into the host's /dev or /sys through one.
  local mounts
  mounts=$(awk -v w="$work/" 'index($2, w) == 1 { print $2 }' /proc/self/mounts | sort -r)
  if [[ -n $mounts ]]; then
    while IFS= read -r m; do umount -l "$m" 2>/dev/null || true; done <<<"$mounts"
  fi
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rootfs=$work/rootfs
debs=$work/debs
mkdir -p "$debs"

# --- Debian userland + kernel packages ---------------------------------------------------------------------

sources=("deb $MIRROR $SUITE main non-free-firmware" "deb $MIRROR $SUITE-updates main non-free-firmware")
if [[ -n $SECURITY_MIRROR ]]; then
  sources+=("deb $SECURITY_MIRROR $SUITE-security main non-free-firmware")
fi

read -r -a firmware_packages <<<"$FIRMWARE_PACKAGES"
read -r -a extra_packages <<<"$EXTRA_PACKAGES"
include=$(IFS=,; echo "${PACKAGES[*]}${firmware_packages[*]:+,${firmware_packages[*]}}${extra_packages[*]:+,${extra_packages[*]}}")

log "mmdebstrap $SUITE (essential + $include)"
# The kernel is fetched inside a customize hook so that it comes from the same mirrors and package lists as the
# userland: `apt-get download linux-image-amd64`, then the versioned linux-image-<abi>-amd64 it depends on.
# The hook also keeps each archive's Release header (suite, date) for the manifest, since mmdebstrap deletes
# the package lists when it finishes.
export VETTING_DEBS=$debs
# shellcheck disable=SC2016 # expanded by the hook's own shell, not here
kernel_hook='set -e
export APT_CONFIG="$MMDEBSTRAP_APT_CONFIG"
cd "$VETTING_DEBS"
apt-get -q -o APT::Sandbox::User=root download linux-image-amd64
versioned=$(dpkg-deb -f linux-image-amd64_*.deb Depends | tr "," "\n" | sed -n "s/^ *\(linux-image-[0-9][^ ]*\).*/\1/p" | head -n 1)
[ -n "$versioned" ] || { echo "linux-image-amd64 names no versioned kernel package" >&2; exit 1; }
apt-get -q -o APT::Sandbox::User=root download "$versioned"
for release in "$1"/var/lib/apt/lists/*_InRelease "$1"/var/lib/apt/lists/*_Release; do
  [ -f "$release" ] || continue
  sed -n "/^Suite:/p; /^Date:/p; /^-----BEGIN PGP SIGNATURE/q" "$release" | paste -sd"|" - >>archives.txt
done'

# path-exclude keeps manuals and translations out of the image in the first place; licences stay.
mmdebstrap --variant=essential --mode=root \
  --include="$include" \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/lintian/*' \
  --customize-hook="$kernel_hook" \
  "$SUITE" "$rootfs" "${sources[@]}" >"$work/mmdebstrap.log" 2>&1 ||
  { tail -n 30 "$work/mmdebstrap.log" >&2; die "mmdebstrap failed (log above); check that $MIRROR is reachable and the packages exist in $SUITE"; }

# Python and full Perl come in only for scripts nobody runs here (fio's plotting helpers, usrmerge's one-time
# conversion) and would cost ~80 MiB of every node's RAM. Purged with dpkg so the package database stays true.
# python3 goes first: its prerm needs the interpreter that the second step removes.
installed_matching() {
  # shellcheck disable=SC2016 # dpkg-query fields, not shell variables
  chroot "$rootfs" dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "$@" 2>/dev/null | awk '$1 == "ii" { print $2 }'
}
for group in 'python3 python3-minimal' \
  'python3.* libpython3* usrmerge perl libperl5* perl-modules-* libfile-find-rule-perl libnumber-compare-perl libtext-glob-perl'; do
  read -r -a patterns <<<"$group"
  mapfile -t purge < <(installed_matching "${patterns[@]}")
  if ((${#purge[@]})); then
    log "purging script-only packages: ${purge[*]}"
    chroot "$rootfs" dpkg --purge --force-depends "${purge[@]}" >>"$work/purge.log" 2>&1 ||
      { tail -n 20 "$work/purge.log" >&2; die "dpkg --purge failed"; }
  fi
done

kernel_deb=$(find "$debs" -maxdepth 1 -name 'linux-image-[0-9]*.deb' | head -n 1)
[[ -n $kernel_deb ]] || die "the kernel package was not downloaded (see mmdebstrap output)"
kernel_package=$(dpkg-deb -f "$kernel_deb" Package)
kernel_package_version=$(dpkg-deb -f "$kernel_deb" Version)

# --- kernel ------------------------------------------------------------------------------------------------

log "extracting $kernel_package $kernel_package_version"
kernel=$work/kernel
dpkg-deb -x "$kernel_deb" "$kernel"
kver=$(find "$kernel/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' | head -n 1)
[[ -n $kver && -f $kernel/boot/vmlinuz-$kver ]] || die "$kernel_deb has no /boot/vmlinuz-<version> with /lib/modules/<version>"
# modules.dep is generated by the package's postinst, so it is not in the .deb.
depmod -b "$kernel" "$kver"

# The modules matching MODULE_GLOBS (+ EXTRA_MODULES) and everything they depend on, as paths relative to
# /lib/modules/<version>/.
module_closure() {
  local base=$kernel/lib/modules/$kver rel glob line
  local -a globs=("${MODULE_GLOBS[@]}")
  local -a extra
  read -r -a extra <<<"$EXTRA_MODULES"
  globs+=("${extra[@]}")
  local -A matched=()
  while IFS= read -r rel; do
    for glob in "${globs[@]}"; do
      # shellcheck disable=SC2053 # the right side is a glob on purpose
      if [[ ${rel#kernel/} == $glob ]]; then matched[$rel]=1; break; fi
    done
  done < <(cd "$base" && find kernel -name '*.ko*' | sort)
  {
    printf '%s\n' "${!matched[@]}"
    for rel in "${!matched[@]}"; do
      # --show-depends prints 'insmod <path>' for the module and each dependency (soft ones too).
      modprobe -d "$kernel" -S "$kver" --show-depends "$(basename "${rel%%.ko*}")" 2>/dev/null |
        while read -r line; do
          [[ $line == insmod\ * ]] || continue
          line=${line#insmod }
          line=${line%% *}
          printf '%s\n' "${line#"$base"/}"
        done
    done
  } | sort -u
}

log "selecting kernel modules"
mapfile -t modules < <(module_closure)
((${#modules[@]})) || die "no kernel module matched MODULE_GLOBS; did the kernel package layout change?"
moddir=$rootfs/usr/lib/modules/$kver
mkdir -p "$moddir"
for rel in "${modules[@]}"; do
  install -D -m 0644 "$kernel/lib/modules/$kver/$rel" "$moddir/$rel"
done
for meta in modules.order modules.builtin modules.builtin.modinfo; do
  [[ -f $kernel/lib/modules/$kver/$meta ]] && cp "$kernel/lib/modules/$kver/$meta" "$moddir/"
done
depmod -b "$rootfs" "$kver"
modules_bytes=$(du -sb "$moddir" | cut -f1)
log "kept ${#modules[@]} modules ($((modules_bytes / 1048576)) MiB)"

# --- firmware: only files a kept module asks for -----------------------------------------------------------

fwdir=$rootfs/usr/lib/firmware
declare -A keep_fw=()
if [[ -d $fwdir ]]; then
  while IFS= read -r name; do
    [[ -n $name ]] || continue
    # A module may name a pattern (e.g. 'rtl_nic/rtl8125*'); expand it in the image's firmware tree. Symlinked
    # names (ice.pkg -> ice-1.3.x.pkg) keep both the link and its target.
    while IFS= read -r -d '' f; do
      keep_fw[${f#"$fwdir"/}]=1
      # Follow a short chain of links; an absolute target is inside the image, not on this host.
      hops=0
      while [[ -L $f ]] && ((hops++ < 8)); do
        link=$(readlink "$f")
        if [[ $link == /* ]]; then f=$(realpath -m "$rootfs$link"); else f=$(realpath -m "$(dirname "$f")/$link"); fi
        [[ $f == "$fwdir"/* ]] && keep_fw[${f#"$fwdir"/}]=1
      done
    done < <(cd "$fwdir" && compgen -G "$name" | while IFS= read -r g; do printf '%s\0' "$fwdir/$g"; done)
  done < <(for rel in "${modules[@]}"; do modinfo -F firmware "$moddir/$rel" 2>/dev/null; done | sort -u)
  while IFS= read -r -d '' f; do
    rel=${f#"$fwdir"/}
    [[ -n ${keep_fw[$rel]:-} ]] || rm -f "$f"
  done < <(find "$fwdir" \( -type f -o -type l \) -print0)
  find "$fwdir" -mindepth 1 -type d -empty -delete
fi
firmware_files=${#keep_fw[@]}
firmware_bytes=$(du -sbL "$fwdir" 2>/dev/null | cut -f1 || echo 0)
log "kept $firmware_files firmware files ($((firmware_bytes / 1048576)) MiB)"

# --- image configuration -----------------------------------------------------------------------------------

# Commands the essential variant lacks (mount, udhcpc, init, poweroff, ...) come from busybox; a real Debian
# command always wins, so tools keep their full behaviour.
link_busybox_applets() {
  local applet name dir found
  while IFS= read -r applet; do
    name=${applet##*/}
    found=
    for dir in usr/local/sbin usr/local/bin usr/sbin usr/bin sbin bin; do
      if [[ -e $rootfs/$dir/$name || -L $rootfs/$dir/$name ]]; then found=1; break; fi
    done
    [[ -n $found ]] || ln -s /usr/bin/busybox "$rootfs/usr/${applet#usr/}"
  done < <(chroot "$rootfs" /usr/bin/busybox --list-full)
}
link_busybox_applets
for applet in init poweroff udhcpc mount; do
  chroot "$rootfs" /bin/sh -c "command -v $applet" >/dev/null || die "the image has no '$applet' (busybox lost the applet?)"
done

cp -a "$here/overlay/." "$rootfs/"
chown -R 0:0 "$rootfs/init" "$rootfs/etc/inittab" "$rootfs/usr/local" "$rootfs/etc/ssh/sshd_config.d"
chmod 0755 "$rootfs/init" "$rootfs"/usr/local/sbin/* "$rootfs/usr/local/share/vetting/udhcpc.script"
install -D -m 0755 "$AGENT_BIN" "$rootfs/usr/local/bin/vetting-agent"
ln -sfn /usr/local/sbin/vetting-service "$rootfs/usr/sbin/service"

# Host keys made at install time would be shared by every node that ever boots this image: /init's sshd
# service makes fresh ones per boot.
rm -f "$rootfs"/etc/ssh/ssh_host_*
# mmdebstrap copies the build host's resolver and name; the udhcpc script and /init write the node's own.
: >"$rootfs/etc/resolv.conf"
echo vetting >"$rootfs/etc/hostname"
: >"$rootfs/etc/machine-id"
mkdir -p "$rootfs/root/.ssh" "$rootfs/var/log" "$rootfs/run" "$rootfs/tmp"
chmod 0700 "$rootfs/root" "$rootfs/root/.ssh"
chmod 1777 "$rootfs/tmp"

# The kernel opens /dev/console for /init before anything is mounted, so the node must be in the archive.
mkdir -p "$rootfs/dev"
[[ -c $rootfs/dev/console ]] || { rm -f "$rootfs/dev/console"; mknod -m 0600 "$rootfs/dev/console" c 5 1; }
[[ -c $rootfs/dev/null ]] || { rm -f "$rootfs/dev/null"; mknod -m 0666 "$rootfs/dev/null" c 1 3; }

# Things no node needs at run time.
rm -rf "${rootfs:?}"/var/cache/apt "${rootfs:?}"/var/lib/apt/lists "${rootfs:?}"/var/cache/debconf/*-old \
  "${rootfs:?}"/var/lib/dpkg/*-old "${rootfs:?}"/var/log/* "${rootfs:?}"/usr/share/bug "${rootfs:?}"/usr/share/zsh \
  "${rootfs:?}"/usr/share/bash-completion "${rootfs:?}"/boot

# Every tool the stages run must start: a library lost to the trimming above fails the build, not a node.
for tool in stress-ng fio memtester iperf3 smartctl dmidecode lshw lspci ethtool lsblk wipefs lsmem ip sshd \
  ssh-keygen busybox modprobe /usr/local/bin/vetting-agent; do
  path=$(chroot "$rootfs" /bin/sh -c "command -v $tool") || die "the image has no '$tool'"
  # ldd of a script (a stand-in agent) reports 'not a dynamic executable' and exits 1: only missing libraries count
  if chroot "$rootfs" ldd "$path" 2>&1 | grep -q 'not found'; then
    chroot "$rootfs" ldd "$path" | grep 'not found' >&2
    die "$path misses shared libraries in the image"
  fi
done

# --- versions for the manifest -----------------------------------------------------------------------------

pkg_version() { dpkg-query --admindir="$rootfs/var/lib/dpkg" -W -f='${Version}' "$1" 2>/dev/null || true; }
agent_sha256=$(sha256sum "$AGENT_BIN" | cut -d' ' -f1)
# The agent prints its version with --version; anything that does not (or hangs) is recorded as unknown.
agent_version=$(timeout 10 "$AGENT_BIN" --version 2>/dev/null | head -n 1 || true)

# --- pack --------------------------------------------------------------------------------------------------

rootfs_bytes=$(du -sb "$rootfs" | cut -f1)
log "packing $((rootfs_bytes / 1048576)) MiB into a $COMPRESS cpio"
initrd=$work/initrd.img
(
  cd "$rootfs"
  find . -print0 | LC_ALL=C sort -z | cpio --null --create --format=newc --owner=0:0 --reproducible --quiet
) | case $COMPRESS in
  # -19 without --long: the kernel's decompressor needs the whole window in RAM while it unpacks
  zstd) zstd -q -19 -T0 -c ;;
  # the kernel's xz decoder knows only CRC32 checks
  xz) xz -q -9 -T0 --check=crc32 -c ;;
esac >"$initrd"

initrd_bytes=$(stat -c %s "$initrd")
if ((initrd_bytes > MAX_INITRD_MB * 1048576)); then
  die "initrd.img is $((initrd_bytes / 1048576)) MiB, over MAX_INITRD_MB=$MAX_INITRD_MB: drop firmware packages, modules or EXTRA_PACKAGES, or raise the limit"
fi

# --- manifest + install ------------------------------------------------------------------------------------

json_string() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}; s=${s//$'\n'/\\n}; s=${s//$'\r'/}
  printf '"%s"' "$s"
}
json_or_null() { if [[ -n $1 ]]; then json_string "$1"; else printf 'null'; fi; }

archives_json=
if [[ -f $debs/archives.txt ]]; then
  while IFS='|' read -r a b; do
    suite='' date=''
    for field in "$a" "$b"; do
      case $field in Suite:*) suite=${field#Suite: } ;; Date:*) date=${field#Date: } ;; esac
    done
    archives_json+="${archives_json:+, }{\"suite\": $(json_or_null "$suite"), \"date\": $(json_or_null "$date")}"
  done <"$debs/archives.txt"
fi

finished=$(date +%s)
manifest=$work/manifest.json
{
  printf '{\n'
  printf '  "buildDate": %s,\n' "$(json_string "$(date -u +%Y-%m-%dT%H:%M:%SZ)")"
  printf '  "buildSeconds": %d,\n' "$((finished - started))"
  printf '  "builder": %s,\n' "$(json_or_null "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || true)")"
  printf '  "debian": {"suite": %s, "mirror": %s, "securityMirror": %s, "archives": [%s]},\n' \
    "$(json_string "$SUITE")" "$(json_string "$MIRROR")" "$(json_or_null "$SECURITY_MIRROR")" "$archives_json"
  printf '  "kernel": {"package": %s, "packageVersion": %s, "release": %s, "modules": %d, "firmwareFiles": %d},\n' \
    "$(json_string "$kernel_package")" "$(json_string "$kernel_package_version")" "$(json_string "$kver")" \
    "${#modules[@]}" "$firmware_files"
  printf '  "tools": {'
  sep=
  for pair in stress-ng:stress-ng fio:fio memtester:memtester iperf3:iperf3 smartctl:smartmontools \
    dmidecode:dmidecode lshw:lshw ethtool:ethtool lspci:pciutils lsblk:util-linux ip:iproute2 sshd:openssh-server \
    busybox:busybox; do
    printf '%s%s: %s' "$sep" "$(json_string "${pair%%:*}")" "$(json_or_null "$(pkg_version "${pair#*:}")")"
    sep=', '
  done
  printf '},\n'
  printf '  "agent": {"version": %s, "sha256": %s, "bytes": %d},\n' \
    "$(json_or_null "$agent_version")" "$(json_string "$agent_sha256")" "$(stat -c %s "$AGENT_BIN")"
  printf '  "vmlinuz": {"bytes": %d, "sha256": %s},\n' \
    "$(stat -c %s "$kernel/boot/vmlinuz-$kver")" "$(json_string "$(sha256sum "$kernel/boot/vmlinuz-$kver" | cut -d' ' -f1)")"
  printf '  "initrd": {"compression": %s, "bytes": %d, "unpackedBytes": %d, "sha256": %s}\n' \
    "$(json_string "$COMPRESS")" "$initrd_bytes" "$rootfs_bytes" "$(json_string "$(sha256sum "$initrd" | cut -d' ' -f1)")"
  printf '}\n'
} >"$manifest"

# Copy next to the targets, then rename: a node booting during a rebuild gets the old or the new file, never
# half of one. The manifest goes last so it never describes files that are not there yet.
install -m 0644 "$kernel/boot/vmlinuz-$kver" "$OUT_DIR/.vmlinuz.new"
install -m 0644 "$initrd" "$OUT_DIR/.initrd.img.new"
install -m 0644 "$manifest" "$OUT_DIR/.manifest.json.new"
mv -f "$OUT_DIR/.vmlinuz.new" "$OUT_DIR/vmlinuz"
mv -f "$OUT_DIR/.initrd.img.new" "$OUT_DIR/initrd.img"
mv -f "$OUT_DIR/.manifest.json.new" "$OUT_DIR/manifest.json"

log "done in $((finished - started)) s: $OUT_DIR/{vmlinuz,initrd.img,manifest.json} (kernel $kver, initrd $((initrd_bytes / 1048576)) MiB)"
