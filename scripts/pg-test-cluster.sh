#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the test suite, on loopback only: `start DIR` creates DIR/data with initdb,
# starts it on 127.0.0.1 (the first free port from PGTEST_PORT, default 55432, up to 19 above) with its socket in
# DIR, and prints the connection string
# the tests take from VETTING_TEST_POSTGRES; `stop DIR` stops it by the PID in its postmaster.pid and deletes DIR.
# As root the cluster runs as the `postgres` user (initdb refuses root); otherwise as the caller. Needs Debian's
# postgresql package (apt-get install -y postgresql). Durability is off (fsync, synchronous_commit): the data is
# deleted at the end of the run, and only the SQL behaviour is under test here, not PostgreSQL's disk writes.
set -euo pipefail
action=${1:-} dir=${2:-}
port=${PGTEST_PORT:-55432}
die() { printf 'pg-test-cluster: %s\n' "$*" >&2; exit 2; }
[[ $action == start || $action == stop ]] && [[ -n $dir ]] || die "usage: $0 start|stop DIR"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[[ -n $bin && -x $bin/initdb ]] || die "PostgreSQL is not installed (apt-get install -y postgresql)"
as=()
if [[ $(id -u) -eq 0 ]]; then as=(runuser -u postgres --); fi

case $action in
  start)
    [[ -e $dir/data ]] && die "$dir/data exists; stop that cluster first"
    mkdir -p "$dir"
    [[ ${#as[@]} -gt 0 ]] && chown postgres "$dir"
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U vetting -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { tail -n 20 "$dir/initdb.log" >&2; die "initdb failed"; }
    for _ in $(seq 1 20); do
      # Something already listens there (another cluster, another test run): take the next port.
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then port=$((port + 1)); else break; fi
    done
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null || { tail -n 20 "$dir/server.log" >&2; die "the cluster did not start (port $port in use?)"; }
    echo "Host=127.0.0.1;Port=$port;Username=vetting;Database=postgres"
    ;;
  stop)
    if [[ -f $dir/data/postmaster.pid ]]; then
      "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
esac
