#!/usr/bin/env bash
# A private Spark Connect server for the tests, from the PyPI pyspark package in .venv (Java 17):
# `start DIR` starts it in local[2] mode on a free loopback port, asking clients for a fresh token,
# waits until it accepts connections and writes its address (sc://localhost:PORT/;token=...) to
# DIR/url; `stop DIR` stops it and removes DIR.
set -euo pipefail
command=${1:?usage: spark-connect-test-server.sh start|stop DIR}
dir=${2:?usage: spark-connect-test-server.sh start|stop DIR}
python=${PYTHON:-.venv/bin/python}

case "$command" in
start)
    rm -rf "$dir"
    mkdir -p "$dir"
    spark_home=$("$python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    token=$(python3 -c 'import uuid; print(uuid.uuid4())')
    # setsid: the server gets a process group of its own, which `stop` ends as a whole.
    SPARK_HOME="$spark_home" SPARK_LOCAL_IP=127.0.0.1 SPARK_CONNECT_AUTHENTICATE_TOKEN="$token" setsid "$spark_home/bin/spark-submit" \
        --class org.apache.spark.sql.connect.service.SparkConnectServer --name "DataFlow test Spark Connect server" \
        --master 'local[2]' --driver-memory 3g \
        --conf spark.connect.grpc.binding.address=127.0.0.1 --conf spark.connect.grpc.binding.port="$port" \
        --conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=4 \
        --conf spark.driver.extraJavaOptions=-Djava.io.tmpdir="$dir" \
        spark-internal >"$dir/server.log" 2>&1 &
    echo $! >"$dir/pid"
    for _ in $(seq 1 180); do
        if grep -q "Spark Connect server started" "$dir/server.log"; then
            echo "sc://localhost:$port/;token=$token" >"$dir/url"
            cat "$dir/url"
            exit 0
        fi
        if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then break; fi
        sleep 1
    done
    echo "the Spark Connect server did not start; its log:" >&2
    tail -40 "$dir/server.log" >&2
    exit 1
    ;;
stop)
    if [ -f "$dir/pid" ]; then kill -- -"$(cat "$dir/pid")" 2>/dev/null || true; fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: spark-connect-test-server.sh start|stop DIR" >&2
    exit 2
    ;;
esac
