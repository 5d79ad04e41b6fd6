#!/usr/bin/env bash
# Run the test suite against a throwaway PostgreSQL cluster, then stop and remove it.
# The server refuses to run as root, so as root the cluster belongs to the postgres user.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL server binaries not found; run 'make postgres'" >&2; exit 1; }
port=${PG_TEST_PORT:-54329}
cluster=$(mktemp -d /tmp/cdm-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$cluster"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap stop EXIT

"${as_owner[@]}" "$pg_bin/initdb" -D "$cluster/data" -A trust -U cdm -E UTF8 --no-sync >/dev/null
"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w \
  -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start >/dev/null
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway cluster)"

DATABASE_URL="postgres://cdm@127.0.0.1:$port/cdm" .venv/bin/python -m pytest "$@"
