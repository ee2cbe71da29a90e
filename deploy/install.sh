#!/usr/bin/env bash
# Installs the Vetting orchestrator on a Debian/Ubuntu machine (typically a Proxmox LXC). Run as root from a
# checkout (or a copy of bin/ and deploy/) after `make orchestrator-linux`. Safe to run again: that is also how
# you upgrade. It never overwrites /etc/vetting/vetting.yaml and never enables or starts the service.
#
# Layout:
#   /usr/local/lib/vetting/          the published folder: vetting, workflows/, appsettings.json, libe_sqlite3.so
#   /usr/local/bin/vetting           symlink to ../lib/vetting/vetting (the binary finds workflows/ beside its real path)
#   /etc/vetting/vetting.yaml        configuration (root:vetting 0640), created from vetting.example.yaml only if absent
#   /var/lib/vetting/                data: vetting.db, artifacts/, holds/, image/ (vetting:vetting 0750)
#   /var/log/vetting/                run-<N>.log (vetting:vetting 0750)
#   /etc/systemd/system/vetting.service
#
# For tests and packaging, --destdir DIR (or DESTDIR=DIR) installs under DIR instead of /: packages are not
# installed, systemctl is not called, and the vetting user is created in DIR/etc/passwd.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: sudo ./deploy/install.sh [options]

  --from DIR      published orchestrator folder (default: bin/vetting-linux-amd64 next to deploy/;
                  build it with `make orchestrator-linux`)
  --destdir DIR   install under DIR instead of / (same as DESTDIR=DIR); skips apt and systemctl
  --prefix DIR    where bin/vetting and lib/vetting/ go (default: /usr/local)
  --image DIR     also copy the live image (vmlinuz, initrd.img) from DIR into /var/lib/vetting/image
  --no-apt        do not install Debian packages (dnsmasq-base, iperf3, ca-certificates, openssh-client, ipxe): for an offline host that has them
  -h, --help      show this help
EOF
}

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf 'install.sh: warning: %s\n' "$*" >&2; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
from="$repo/bin/vetting-linux-amd64"
destdir="${DESTDIR:-}"
prefix=/usr/local
image=""
apt=yes

while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="${2:?--from needs a folder}"; shift 2 ;;
    --from=*) from="${1#*=}"; shift ;;
    --destdir|--root) destdir="${2:?$1 needs a folder}"; shift 2 ;;
    --destdir=*|--root=*) destdir="${1#*=}"; shift ;;
    --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
    --prefix=*) prefix="${1#*=}"; shift ;;
    --image) image="${2:?--image needs a folder}"; shift 2 ;;
    --image=*) image="${1#*=}"; shift ;;
    --no-apt) apt=no; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

destdir="${destdir%/}"
prefix="${prefix%/}"
case "$prefix" in /*) ;; *) die "--prefix must be an absolute path, got '$prefix'" ;; esac
if [ -n "$destdir" ]; then
  mkdir -p "$destdir"
  destdir="$(cd "$destdir" && pwd)"
  [ "$destdir" != / ] || destdir=""
fi

user=vetting
libdir="$prefix/lib/vetting"
bindir="$prefix/bin"
confdir=/etc/vetting
config="$confdir/vetting.yaml"
datadir=/var/lib/vetting
logdir=/var/log/vetting
unit=/etc/systemd/system/vetting.service

[ "$(id -u)" -eq 0 ] || die "run me as root (sudo $0): I create a system user and set owners"
[ -x "$from/vetting" ] || die "no orchestrator build in $from (expected $from/vetting); run 'make orchestrator-linux' first or pass --from DIR"
[ -d "$from/workflows" ] || die "$from has no workflows/ folder; rebuild with 'make orchestrator-linux'"
[ -f "$here/vetting.example.yaml" ] || die "$here/vetting.example.yaml is missing"
[ -f "$here/vetting.service" ] || die "$here/vetting.service is missing"
if [ -n "$image" ]; then
  for f in vmlinuz initrd.img; do [ -f "$image/$f" ] || die "--image $image has no $f (build it with 'make live-image')"; done
fi

systemd_running() { [ -z "$destdir" ] && [ -d /run/systemd/system ]; }

# --- 1. Debian packages --------------------------------------------------------------------------------------
# dnsmasq-base has the binary without the distro's dnsmasq service (which would fight ours for ports 67/69).
packages=(dnsmasq-base iperf3 ca-certificates openssh-client ipxe)
if [ -n "$destdir" ]; then
  say "Packages: skipped (installing into $destdir); the target needs: ${packages[*]}"
elif [ "$apt" = no ]; then
  say "Packages: skipped (--no-apt); the orchestrator needs: ${packages[*]}"
else
  say "Installing packages: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # iperf3 would otherwise offer to run its own daemon on 5201, the port of the orchestrator's iperf3 server.
  echo "iperf3 iperf3/start_daemon boolean false" | debconf-set-selections
  # Keep apt from starting the distro dnsmasq at all: it would grab ports 53/67 (or fail on a host where
  # systemd-resolved holds 53 and fail the install with it). policy-rc.d exit 101 = "action not allowed".
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\n# temporary, written by vetting install.sh\nexit 101\n' > "$guard"
    chmod 0755 "$guard"
    trap 'rm -f "$guard"' EXIT
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}"
  if [ -n "$guard" ]; then rm -f "$guard"; trap - EXIT; fi
  for tool in dnsmasq iperf3 ssh-keygen; do
    command -v "$tool" >/dev/null 2>&1 || warn "$tool is still not on PATH after apt-get install"
  done
  for loader in undionly.kpxe ipxe.efi; do
    [ -f "/usr/lib/ipxe/$loader" ] || warn "/usr/lib/ipxe/$loader is missing: PXE clients cannot chain to iPXE (pxe.tftp_dir)"
  done
fi

# --- 2. The service user ---------------------------------------------------------------------------------------
has_user() {
  if [ -n "$destdir" ]; then grep -q "^$user:" "$destdir/etc/passwd" 2>/dev/null; else id "$user" >/dev/null 2>&1; fi
}
if has_user; then
  say "User $user: exists, kept"
else
  say "Creating system user $user (home $datadir, no login shell)"
  nologin=/usr/sbin/nologin
  [ -x "$nologin" ] || nologin=/bin/false
  args=(--system --user-group --home-dir "$datadir" --no-create-home --shell "$nologin" --comment "Vetting orchestrator" "$user")
  if [ -n "$destdir" ]; then
    mkdir -p "$destdir/etc"
    for f in passwd group shadow gshadow; do [ -e "$destdir/etc/$f" ] || touch "$destdir/etc/$f"; done
    useradd --prefix "$destdir" "${args[@]}"
  else
    useradd "${args[@]}"
  fi
fi
# Numeric ids, so ownership is right inside --destdir too, where the host does not know the user.
if [ -n "$destdir" ]; then
  uid="$(awk -F: -v u="$user" '$1 == u { print $3 }' "$destdir/etc/passwd")"
  gid="$(awk -F: -v u="$user" '$1 == u { print $4 }' "$destdir/etc/passwd")"
else
  uid="$(id -u "$user")"
  gid="$(id -g "$user")"
fi
if [ -z "$uid" ] || [ -z "$gid" ]; then die "cannot find the ids of user $user"; fi

# --- 3. The program ----------------------------------------------------------------------------------------------
# Built beside the old folder and swapped in with two renames, so a running orchestrator keeps its files until it
# is restarted and a failed copy never leaves half a program behind.
say "Installing the orchestrator into $libdir (from $from)"
target="$destdir$libdir"
mkdir -p "$(dirname "$target")" "$destdir$bindir"
rm -rf "$target".new.* "$target".old.*
stage="$target.new.$$"
cp -R "$from/." "$stage/"
cp "$here/vetting.example.yaml" "$stage/vetting.example.yaml"
if [ -f "$repo/docs/operations.md" ]; then
  mkdir -p "$stage/docs"
  cp "$repo/docs/operations.md" "$stage/docs/operations.md"
fi
chown -R 0:0 "$stage"
find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -type f -exec chmod 0644 {} +
chmod 0755 "$stage/vetting"
# Marks this copy as the installed service: `vetting serve` started by hand as root refuses and names this user.
printf '%s\n' "$user" >"$stage/service-user"
if [ -d "$target" ]; then
  mv "$target" "$target.old.$$"
  mv "$stage" "$target"
  rm -rf "$target.old.$$"
else
  mv "$stage" "$target"
fi
note "$(find "$target/workflows" -name '*.json' | wc -l) workflow file(s) in $libdir/workflows"

link="$destdir$bindir/vetting"
if [ -e "$link" ] && [ ! -L "$link" ]; then
  note "replacing the old stand-alone binary $bindir/vetting with a symlink"
fi
# Relative, so it resolves inside --destdir as well; AppContext.BaseDirectory follows it to $libdir.
ln -sfn ../lib/vetting/vetting "$link"
note "$bindir/vetting -> $libdir/vetting"

# --- 4. Configuration --------------------------------------------------------------------------------------------
install -d -m 0755 -o 0 -g 0 "$destdir$confdir"
if [ -e "$destdir$config" ]; then
  say "Config $config: exists, kept as is (not overwritten)"
  note "new settings, if any, are listed in $libdir/vetting.example.yaml"
  read -r cu cg cm <<<"$(stat -c '%u %g %a' "$destdir$config")"
  cm=$((8#$cm))
  if ! { [ "$cu" = "$uid" ] && (( cm & 8#400 )); } && ! { [ "$cg" = "$gid" ] && (( cm & 8#040 )); } && ! (( cm & 8#004 )); then
    warn "$user cannot read $config (owner $cu:$cg, mode $(printf '%o' "$cm")); the service would refuse to start." \
      "Fix: chgrp $user $config && chmod 0640 $config"
  fi
else
  say "Config $config: created from vetting.example.yaml (root:$user 0640)"
  install -m 0640 -o 0 -g "$gid" "$here/vetting.example.yaml" "$destdir$config"
fi

# --- 5. Data and log folders ---------------------------------------------------------------------------------------
say "Data $datadir and logs $logdir (owned by $user, 0750)"
install -d -m 0750 -o "$uid" -g "$gid" "$destdir$datadir" "$destdir$datadir/image" "$destdir$logdir"
if [ -n "$image" ]; then
  say "Live image: copying vmlinuz and initrd.img from $image into $datadir/image"
  for f in vmlinuz initrd.img; do
    install -m 0644 -o "$uid" -g "$gid" "$image/$f" "$destdir$datadir/image/$f"
  done
fi

# --- 6. systemd unit -------------------------------------------------------------------------------------------------
if [ -z "$destdir" ] && systemd_running && systemctl is-enabled --quiet vetting.service 2>/dev/null; then
  say "Unit $unit (enabled; restart it to run this version)"
else
  say "Unit $unit (not enabled)"
fi
install -d -m 0755 "$(dirname "$destdir$unit")"
if [ "$prefix" = /usr/local ]; then
  install -m 0644 -o 0 -g 0 "$here/vetting.service" "$destdir$unit"
else
  sed "s|/usr/local/|$prefix/|g" "$here/vetting.service" > "$destdir$unit"
  chown 0:0 "$destdir$unit"
  chmod 0644 "$destdir$unit"
fi

# --- 7. The distro dnsmasq -----------------------------------------------------------------------------------------
# The orchestrator runs its own dnsmasq with its own settings; the package's instance would fight it for ports 67/69.
if [ -n "$destdir" ]; then
  say "systemctl: skipped (installing into $destdir)"
elif systemd_running; then
  say "systemctl: reloading units, disabling the distro dnsmasq (the orchestrator supervises its own)"
  systemctl daemon-reload
  if systemctl cat dnsmasq.service >/dev/null 2>&1; then
    # Masked, not only disabled: nothing (a dependency, an admin's habit) can start it again by accident.
    systemctl disable --now dnsmasq.service >/dev/null 2>&1 || true
    systemctl mask dnsmasq.service || warn "could not mask dnsmasq.service; stop it before enabling vetting"
  else
    note "no dnsmasq.service unit (dnsmasq-base has none): nothing to disable"
  fi
else
  say "systemctl: skipped (systemd is not PID 1 here); nothing reloaded, vetting.service only copied"
  if [ -x /etc/init.d/dnsmasq ]; then
    note "disabling the distro dnsmasq's init script instead"
    update-rc.d dnsmasq disable >/dev/null 2>&1 || warn "update-rc.d dnsmasq disable failed"
    /etc/init.d/dnsmasq stop >/dev/null 2>&1 || true
  fi
fi

# --- Next steps ------------------------------------------------------------------------------------------------------
upgrade=no
if systemd_running && systemctl is-active --quiet vetting.service; then upgrade=yes; fi
cat <<EOF

Installed. Next steps:
  1. Edit $config: server.bind (0.0.0.0:8080 to serve the LAN), server.public_url (the URL nodes and
     browsers use), pxe.* (interface, mode, dhcp_range) and, if wanted, notifiers.
  2. Put the live image (vmlinuz, initrd.img from 'make live-image') into $datadir/image
     (or pass --image DIR to this script).
EOF
if [ "$upgrade" = yes ]; then
  cat <<EOF
  3. vetting is running the previous version: sudo systemctl restart vetting
     (pending database migrations run at start-up after a copy of vetting.db is taken).
EOF
elif systemd_running || [ -n "$destdir" ]; then
  cat <<EOF
  3. sudo systemctl enable --now vetting && sudo journalctl -fu vetting
  4. curl http://127.0.0.1:8080/healthz   (the port of server.bind)
EOF
else
  cat <<EOF
  3. systemd is not running here, so start it by hand (foreground), as $user with the unit's capabilities:
       sudo setpriv --reuid=$user --regid=$user --init-groups \\
         --inh-caps=+net_admin,+net_bind_service,+net_raw --ambient-caps=+net_admin,+net_bind_service,+net_raw \\
         $bindir/vetting serve --config $config
  4. curl http://127.0.0.1:8080/healthz   (the port of server.bind)
EOF
fi
echo "  Runbook: $libdir/docs/operations.md"
