#!/usr/bin/env bash
# The fault matrix on real VMs: runs deploy/live-image/test-e2e.sh once per scenario (one VM at a time), each
# through the real boot chain, and prints scenario × expected × observed × seconds. test-e2e.sh holds the scenario
# table (what the VM is given, the spec, the fault, the verdict and failure reason expected) and does every check;
# this script only sequences the runs and tabulates their "[e2e] RESULT|..." lines. Run as root after `make agent`
# and `make live-image`.
#
# Environment: SCENARIOS (space separated, each SCENARIO or SCENARIO@FIRMWARE; default below), REPEAT (runs of
# each, default 1, at most 5), STRESS_CPUS (0 = none; N = `stress-ng --cpu N` beside every run, bounded by the
# run's TIMEOUT and stopped by its PID when the run ends), TIMEOUT (per run, default 600, passed on), SKIP_BUILD
# (the first run builds the server unless 1; the others never do), CONFIGURATION, IMAGE_DIR, KEEP_LOGS (passed on),
# LOG_DIR (each run's full output, default a new /tmp/vetting-matrix.XXXXXX, kept).
# Exit status: 0 = every run ended as its scenario expects; 1 = at least one did not; 2 = setup problem.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=deploy/live-image/netns-lib.sh
. "$here/netns-lib.sh"
SCENARIOS=${SCENARIOS:-pass pass@uefi hold memory disk-missing wipe-override io-error slow-nic vm-killed no-boot tool-lies}
REPEAT=${REPEAT:-1}
STRESS_CPUS=${STRESS_CPUS:-0}
TIMEOUT=${TIMEOUT:-600}
SKIP_BUILD=${SKIP_BUILD:-0}

log() { printf '[matrix] %s\n' "$*" >&2; }
die() { printf '[matrix] error: %s\n' "$*" >&2; exit 2; }

[[ $(id -u) -eq 0 ]] || die "run as root (the e2e script needs network namespaces and a tap device): sudo $0"
[[ $REPEAT =~ ^[1-5]$ ]] || die "REPEAT must be 1..5"
[[ $STRESS_CPUS =~ ^[0-8]$ ]] || die "STRESS_CPUS must be 0..8"
if ((STRESS_CPUS > 0)); then command -v stress-ng >/dev/null || die "missing stress-ng: apt-get install -y stress-ng"; fi
LOG_DIR=${LOG_DIR:-$(mktemp -d /tmp/vetting-matrix.XXXXXX)}
mkdir -p "$LOG_DIR"

child='' stress=''
# shellcheck disable=SC2317 # called by the traps
cleanup() {
  # The e2e script stops its QEMU, orchestrator and namespaces on TERM; give it the time its own clean-up takes.
  local n=0
  if [[ -n $child ]]; then
    kill "$child" 2>/dev/null || true
    while kill -0 "$child" 2>/dev/null && ((n++ < 300)); do sleep 0.1; done
    stop_pid "$child"
  fi
  stop_pid "$stress"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

results=$LOG_DIR/results.txt
: >"$results"
first=1 failed=0
for round in $(seq 1 "$REPEAT"); do
  for entry in $SCENARIOS; do
    scenario=${entry%@*} firmware=bios
    [[ $entry == *@* ]] && firmware=${entry#*@}
    out=$LOG_DIR/$scenario-$firmware-$round.log
    build=1
    ((first)) && [[ $SKIP_BUILD != 1 ]] && build=0
    first=0
    if ((STRESS_CPUS > 0)); then
      stress-ng --cpu "$STRESS_CPUS" --timeout "${TIMEOUT}s" --quiet </dev/null >/dev/null 2>&1 &
      stress=$!
    fi
    log "run $round/$REPEAT: $scenario ($firmware)$( ((STRESS_CPUS > 0)) && echo ", stress-ng --cpu $STRESS_CPUS beside it (pid $stress)"); output in $out"
    started=$SECONDS
    SCENARIO=$scenario FIRMWARE=$firmware SKIP_BUILD=$build TIMEOUT=$TIMEOUT \
      timeout -k 30 $((TIMEOUT + 60)) "$here/test-e2e.sh" >"$out" 2>&1 &
    child=$!
    status=0
    wait "$child" || status=$?
    child=''
    stop_pid "$stress"
    stress=''
    line=$(grep -a '^\[e2e\] RESULT|' "$out" | tail -n 1 || true)
    if [[ -n $line ]]; then
      IFS='|' read -r _ _ _ expected observed seconds verdict <<<"$line"
    else
      expected='?' observed="no verdict (exit $status: $(grep -a -m 1 'error:' "$out" | cut -c1-80 || echo 'see log'))"
      seconds=$((SECONDS - started)) verdict=FAILED
    fi
    [[ $status == 0 ]] || verdict=FAILED
    [[ $verdict == ok ]] || failed=$((failed + 1))
    printf '%s|%s|%s|%s|%s|%s|%s\n' "$scenario" "$firmware" "$round" "$expected" "$observed" "$seconds" "$verdict" >>"$results"
    log "  -> $observed in ${seconds}s: $verdict"
  done
done

python3 - "$results" "$REPEAT" "$STRESS_CPUS" <<'EOF'
import collections, sys
rows = [line.rstrip("\n").split("|") for line in open(sys.argv[1]) if line.strip()]
repeat, stress = int(sys.argv[2]), int(sys.argv[3])
print(f"\nfault matrix ({len(rows)} runs{f', stress-ng --cpu {stress} beside each' if stress else ''})\n")
head = ("scenario", "firmware", "expected", "observed", "seconds", "result")
table = [head] + [(s, f, e, o, sec, v) for s, f, _, e, o, sec, v in rows]
if repeat > 1:
    groups = collections.OrderedDict()
    for s, f, _, e, o, sec, v in rows:
        groups.setdefault((s, f, e), []).append((o, int(sec), v))
    table = [("scenario", "firmware", "expected", "observed (runs)", "seconds", "ok/runs")]
    for (s, f, e), runs in groups.items():
        seen = collections.Counter(o for o, _, _ in runs)
        secs = [x for _, x, _ in runs]
        table.append((s, f, e, ", ".join(f"{o} ({n})" for o, n in seen.items()), f"{min(secs)}–{max(secs)}",
                      f"{sum(v == 'ok' for _, _, v in runs)}/{len(runs)}"))
widths = [max(len(str(r[i])) for r in table) for i in range(len(head))]
for i, r in enumerate(table):
    print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    if i == 0:
        print("  ".join("-" * w for w in widths))
EOF
log "logs in $LOG_DIR"
if ((failed)); then log "$failed run(s) did not end as expected"; exit 1; fi
log "every run ended as expected"
