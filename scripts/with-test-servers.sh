#!/usr/bin/env bash
# Runs a command beside the tests' private servers and stops them afterwards, whatever the command's
# outcome: `with-test-servers.sh [--spark] -- COMMAND...` starts a PostgreSQL server, an
# S3-compatible server (SeaweedFS) and with --spark a Spark Connect server, exports DATAFLOW_PG_URL,
# DATAFLOW_S3_ENDPOINT, DATAFLOW_S3_ACCESS_KEY, DATAFLOW_S3_SECRET_KEY (and DATAFLOW_SPARK_REMOTE),
# runs COMMAND and exits with its status.
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
s3_dir=/tmp/dataflow-test-s3-$$
stop() {
    scripts/postgres-test-server.sh stop "$pg_dir"
    scripts/s3-test-server.sh stop "$s3_dir"
    [ "$spark" = 0 ] || scripts/spark-connect-test-server.sh stop "$spark_dir"
}
trap stop EXIT
scripts/postgres-test-server.sh start "$pg_dir" >/dev/null
export DATAFLOW_PG_URL=$(cat "$pg_dir/url")
scripts/s3-test-server.sh start "$s3_dir" >/dev/null
set -a
. "$s3_dir/env"
set +a
if [ "$spark" = 1 ]; then
    scripts/spark-connect-test-server.sh start "$spark_dir" >/dev/null
    export DATAFLOW_SPARK_REMOTE=$(cat "$spark_dir/url")
fi
"$@"
