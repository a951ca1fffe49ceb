#!/usr/bin/env bash
# Runs a command beside the tests' private servers and stops them afterwards, whatever the command's
# outcome: `with-test-servers.sh [--spark] -- COMMAND...` starts a PostgreSQL server (and with
# --spark a Spark Connect server), exports DATAFLOW_PG_URL (and DATAFLOW_SPARK_REMOTE), runs
# COMMAND and exits with its status.
set -euo pipefail
cd "$(dirname "$0")/.."
spark=0
while [ $# -gt 0 ]; do
    case "$1" in
    --spark) spark=1; shift ;;
    --) shift; break ;;
    *) echo "usage: with-test-servers.sh [--spark] -- COMMAND..." >&2; exit 2 ;;
    esac
done
[ $# -gt 0 ] || { echo "usage: with-test-servers.sh [--spark] -- COMMAND..." >&2; exit 2; }
pg_dir=/tmp/dataflow-test-postgres-$$
spark_dir=/tmp/dataflow-test-spark-$$
stop() {
    scripts/postgres-test-server.sh stop "$pg_dir"
    [ "$spark" = 0 ] || scripts/spark-connect-test-server.sh stop "$spark_dir"
}
trap stop EXIT
scripts/postgres-test-server.sh start "$pg_dir" >/dev/null
export DATAFLOW_PG_URL=$(cat "$pg_dir/url")
if [ "$spark" = 1 ]; then
    scripts/spark-connect-test-server.sh start "$spark_dir" >/dev/null
    export DATAFLOW_SPARK_REMOTE=$(cat "$spark_dir/url")
fi
"$@"
