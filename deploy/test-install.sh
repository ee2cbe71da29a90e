#!/usr/bin/env bash
# Runs deploy/install.sh into temporary roots (--destdir) and checks what it leaves behind: files, symlink,
# owners and modes, that a second run keeps the operator's config and data, --prefix and --image, and that the
# installed binary starts through its symlink, imports the shipped workflow and answers /healthz.
# Needs root (the installer sets owners). Builds bin/vetting-linux-amd64 first if it is missing.
# Usage: sudo ./deploy/test-install.sh [--from DIR] [--keep]
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
repo="$PWD"
from="$repo/bin/vetting-linux-amd64"
keep=no
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="$2"; shift 2 ;;
    --keep) keep=yes; shift ;;
    *) echo "usage: $0 [--from DIR] [--keep]" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  echo "test-install: run as root (the installer sets owners)" >&2
  exit 2
fi
if [ ! -x "$from/vetting" ]; then
  echo "test-install: no build in $from; running scripts/publish-orchestrator.sh" >&2
  ./scripts/publish-orchestrator.sh "$from" >/dev/null || exit 1
fi

work="$(mktemp -d /tmp/vetting-test-install.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  if [ "$keep" = yes ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
bad() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; [ $# -lt 2 ] || printf '     %s\n' "$2"; }
check() { # check DESCRIPTION COMMAND...
  local what="$1"; shift
  if "$@"; then ok "$what"; else bad "$what" "command: $*"; fi
}
# mode owner group of a path, numeric: "750 999 999"
perm() { stat -c '%a %u %g' "$1" 2>/dev/null; }
expect_perm() { # expect_perm PATH "MODE UID GID"
  local got; got="$(perm "$1")"
  if [ "$got" = "$2" ]; then ok "${1#"$root"} is $2 (mode uid gid)"; else bad "${1#"$root"} is $2 (mode uid gid)" "got '$got'"; fi
}
contains() { grep -qF -- "$2" "$1"; }

# --- First install ------------------------------------------------------------------------------------------------
root="$work/root"
out="$work/install-1.log"
if ./deploy/install.sh --from "$from" --destdir "$root" >"$out" 2>&1; then ok "install.sh --destdir exits 0"; else bad "install.sh --destdir exits 0" "$(tail -5 "$out")"; fi

entry="$(grep '^vetting:' "$root/etc/passwd" 2>/dev/null)"
uid="$(printf '%s' "$entry" | cut -d: -f3)"
gid="$(printf '%s' "$entry" | cut -d: -f4)"
check "user vetting exists in the target's /etc/passwd" test -n "$entry"
check "vetting's home is /var/lib/vetting" test "$(printf '%s' "$entry" | cut -d: -f6)" = /var/lib/vetting
check "vetting has no login shell" contains <(printf '%s' "$entry" | cut -d: -f7) nologin
check "vetting is a system user (uid < 1000)" test "${uid:-1000}" -lt 1000
check "group vetting exists" grep -q "^vetting:x:$gid:" "$root/etc/group"

lib="$root/usr/local/lib/vetting"
expect_perm "$lib" "755 0 0"
expect_perm "$lib/vetting" "755 0 0"
expect_perm "$lib/workflows/vetting.json" "644 0 0"
expect_perm "$lib/appsettings.json" "644 0 0"
check "libe_sqlite3.so is installed beside the binary" test -f "$lib/libe_sqlite3.so"
# The dashboard is in the published folder whenever npm was on the build machine (README, "The dashboard").
if [ -f "$from/wwwroot/index.html" ]; then
  expect_perm "$lib/wwwroot/index.html" "644 0 0"
  check "the dashboard's assets are installed" test -n "$(find "$lib/wwwroot/assets" -name 'index-*.js' 2>/dev/null)"
fi
check "shipped workflow is the repository's" cmp -s "$lib/workflows/vetting.json" "$repo/workflows/vetting.json"
check "example config is installed for reference" cmp -s "$lib/vetting.example.yaml" "$repo/deploy/vetting.example.yaml"
if [ -f "$repo/docs/operations.md" ]; then
  check "runbook is installed" cmp -s "$lib/docs/operations.md" "$repo/docs/operations.md"
fi
check "/usr/local/bin/vetting is a symlink" test -L "$root/usr/local/bin/vetting"
check "the symlink points to ../lib/vetting/vetting" test "$(readlink "$root/usr/local/bin/vetting")" = ../lib/vetting/vetting
check "the symlink resolves to the installed binary" test "$(readlink -f "$root/usr/local/bin/vetting")" = "$(readlink -f "$lib/vetting")"
check "no staging folders are left behind" test -z "$(find "$root/usr/local/lib" -maxdepth 1 -name 'vetting.*')"

expect_perm "$root/etc/vetting" "755 0 0"
expect_perm "$root/etc/vetting/vetting.yaml" "640 0 $gid"
check "the config is the example" cmp -s "$root/etc/vetting/vetting.yaml" "$repo/deploy/vetting.example.yaml"
expect_perm "$root/var/lib/vetting" "750 $uid $gid"
expect_perm "$root/var/lib/vetting/image" "750 $uid $gid"
expect_perm "$root/var/log/vetting" "750 $uid $gid"
expect_perm "$root/etc/systemd/system/vetting.service" "644 0 0"
check "the unit is deploy/vetting.service" cmp -s "$root/etc/systemd/system/vetting.service" "$repo/deploy/vetting.service"
check "the unit is not enabled" test -z "$(find "$root/etc/systemd/system" -path '*.wants/*' -name vetting.service)"
check "systemctl is skipped in a destdir" contains "$out" "systemctl: skipped"
check "next steps are printed" contains "$out" "Next steps"
check "next steps say how to enable the service" contains "$out" "systemctl enable --now vetting"

# --- The installed binary runs through its symlink ------------------------------------------------------------------
port=$((20000 + RANDOM % 20000))
cat >"$work/run.yaml" <<EOF
server:
  bind: 127.0.0.1:$port
paths:
  data_dir: $work/run-data
  log_dir: $work/run-log
EOF
out="$work/as-root.log"
if "$root/usr/local/bin/vetting" serve --config "$work/run.yaml" >"$out" 2>&1; then rc=0; else rc=$?; fi
check "the installed binary refuses to serve as root (exit 2)" test "$rc" = 2
check "the refusal names the service user" contains "$out" "service user 'vetting'"
check "the installed binary answers --version" "$root/usr/local/bin/vetting" --version
# The smoke run as an unprivileged user, as the service would run it.
chmod 0755 "$work"
install -d -o nobody -g nogroup "$work/run-data" "$work/run-log"
chmod 0644 "$work/run.yaml"
(cd "$work" && exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$root/usr/local/bin/vetting" serve --config "$work/run.yaml" >"$work/server.log" 2>&1) &
server_pid=$!
health=""
for _ in $(seq 1 60); do
  health="$(curl -fsS "http://127.0.0.1:$port/healthz" 2>/dev/null)" && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.5
done
check "the installed binary answers /healthz" contains <(printf '%s' "$health") '"status":"ok"'
check "it imported workflows/vetting.json from beside the real binary" contains "$work/server.log" "workflows: imported vetting v1 (vetting.json)"
check "its content root is the install folder (appsettings.json applies)" contains "$work/server.log" "Content root path: $(readlink -f "$lib")/"
check "appsettings.json log levels apply (no EF command logging)" bash -c "! grep -q 'Executed DbCommand' '$work/server.log'"
definitions="$(curl -fsS "http://127.0.0.1:$port/api/v1/workflow-definitions" 2>/dev/null)"
check "GET /api/v1/workflow-definitions lists vetting" contains <(printf '%s' "$definitions") '"definitionId":"vetting"'
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
server_pid=""

if command -v systemd-analyze >/dev/null 2>&1; then
  # Verify the unit as installed, with ExecStart pointed at the binary inside the test root.
  sed "s|/usr/local/bin/vetting|$root/usr/local/bin/vetting|" "$root/etc/systemd/system/vetting.service" >"$work/vetting.service"
  if systemd-analyze verify "$work/vetting.service" >"$work/verify.log" 2>&1; then ok "systemd-analyze verify vetting.service"; else bad "systemd-analyze verify vetting.service" "$(cat "$work/verify.log")"; fi
else
  echo "skip systemd-analyze verify (systemd-analyze not installed)"
fi

# --- Second run: an upgrade keeps the operator's things ---------------------------------------------------------------
echo "# edited by the operator" >>"$root/etc/vetting/vetting.yaml"
chown 0:0 "$root/etc/vetting/vetting.yaml"
chmod 0600 "$root/etc/vetting/vetting.yaml"
echo data >"$root/var/lib/vetting/vetting.db"
echo stale >"$lib/workflows/retired.json"
rm "$root/usr/local/bin/vetting"
cp "$from/vetting" "$root/usr/local/bin/vetting" # the earlier implementation's layout: a plain binary here
out="$work/install-2.log"
if ./deploy/install.sh --from "$from" --destdir "$root" >"$out" 2>&1; then ok "second install.sh exits 0"; else bad "second install.sh exits 0" "$(tail -5 "$out")"; fi
check "an existing config is kept" contains "$root/etc/vetting/vetting.yaml" "# edited by the operator"
expect_perm "$root/etc/vetting/vetting.yaml" "600 0 0"
check "the installer says the config was kept" contains "$out" "exists, kept as is (not overwritten)"
check "the installer warns that vetting cannot read a root-only config" contains "$out" "vetting cannot read /etc/vetting/vetting.yaml"
check "the existing user is reused" contains "$out" "User vetting: exists, kept"
check "the user is not added twice" test "$(grep -c '^vetting:' "$root/etc/passwd")" -eq 1
check "data in /var/lib/vetting is kept" test "$(cat "$root/var/lib/vetting/vetting.db")" = data
check "files dropped from the build are gone after an upgrade" test ! -e "$lib/workflows/retired.json"
check "a plain /usr/local/bin/vetting is replaced by the symlink" test -L "$root/usr/local/bin/vetting"
expect_perm "$root/var/lib/vetting" "750 $uid $gid"

# --- --prefix and --image ----------------------------------------------------------------------------------------------
root2="$work/root-prefix"
mkdir -p "$work/image"
echo kernel >"$work/image/vmlinuz"
echo initrd >"$work/image/initrd.img"
out="$work/install-3.log"
if ./deploy/install.sh --from "$from" --destdir "$root2" --prefix /opt/vetting --image "$work/image" >"$out" 2>&1; then ok "install.sh --prefix --image exits 0"; else bad "install.sh --prefix --image exits 0" "$(tail -5 "$out")"; fi
check "--prefix puts the binary under it" test -x "$root2/opt/vetting/lib/vetting/vetting"
check "--prefix puts the symlink under it" test "$(readlink "$root2/opt/vetting/bin/vetting")" = ../lib/vetting/vetting
check "--prefix rewrites the unit's ExecStart" grep -qx 'ExecStart=/opt/vetting/bin/vetting serve --config /etc/vetting/vetting.yaml' "$root2/etc/systemd/system/vetting.service"
uid2="$(awk -F: '$1 == "vetting" { print $3 }' "$root2/etc/passwd")"
gid2="$(awk -F: '$1 == "vetting" { print $4 }' "$root2/etc/passwd")"
root="$root2"
expect_perm "$root2/var/lib/vetting/image/vmlinuz" "644 $uid2 $gid2"
check "--image copies initrd.img" cmp -s "$root2/var/lib/vetting/image/initrd.img" "$work/image/initrd.img"

# --- Refusals -------------------------------------------------------------------------------------------------------------
out="$work/install-4.log"
if ./deploy/install.sh --from "$work/nothing-here" --destdir "$work/root-none" >"$out" 2>&1; then
  bad "a missing build is refused"
else
  check "a missing build is refused with the fix named" contains "$out" "make orchestrator-linux"
fi
out="$work/install-5.log"
if ./deploy/install.sh --bogus >"$out" 2>&1; then bad "an unknown option is refused"; else check "an unknown option is refused" contains "$out" "unknown option: --bogus"; fi

echo "test-install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
