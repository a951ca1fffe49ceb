#!/usr/bin/env bash
# A private PostgreSQL server for the tests: `start DIR` initializes a cluster in DIR, starts it on
# a free loopback port (trust authentication, no fsync) and writes its URL to DIR/url;
# `stop DIR` stops it and removes DIR. As root, the server runs as the `postgres` user.
set -euo pipefail
command=${1:?usage: postgres-test-server.sh start|stop DIR}
dir=${2:?usage: postgres-test-server.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$command" in
start)
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_server "$bin/initdb" -D "$dir/data" -A trust -U dataflow --no-sync -E UTF8 >"$dir/initdb.log"
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    as_server "$bin/createdb" -h 127.0.0.1 -p "$port" -U dataflow dataflow
    echo "postgres://dataflow@127.0.0.1:$port/dataflow" >"$dir/url"
    cat "$dir/url"
    ;;
stop)
    if [ -d "$dir/data" ]; then as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: postgres-test-server.sh start|stop DIR" >&2
    exit 2
    ;;
esac
